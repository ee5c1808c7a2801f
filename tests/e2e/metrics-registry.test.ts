import type { Server } from 'node:http';
import express from 'express';
import { register } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { commandLabel } from '../../src/chat/command-label.js';
import { createMetrics } from '../../src/metrics/create-metrics.js';
import { metricsRoute } from '../../src/metrics/metrics-route.js';

describe('the metrics of one bot', () => {
  it('live in their own registry: two bots in one process neither share nor clash', async () => {
    const a = createMetrics({ processMetrics: true });
    const b = createMetrics({ processMetrics: true });
    a.sourcePolled({ sourceId: 'iom-en', status: 'ok', new: 3, duplicate: 1, updated: 0 });
    b.deliveryFinished('teams', 'failed');
    const textA = await a.registry.metrics();
    const textB = await b.registry.metrics();
    expect(textA).toContain('migration_news_stories_ingested_total{source="iom-en"} 3');
    expect(textA).not.toContain('migration_news_deliveries_total{');
    expect(textB).toContain('migration_news_deliveries_total{platform="teams",outcome="failed"} 1');
    expect(textB).not.toContain('source="iom-en"');
    expect(textA).toContain('migration_news_process_resident_memory_bytes');
    expect(await register.metrics()).not.toContain('migration_news_');
  });

  it('records LLM calls and tokens, and command latency in a histogram', async () => {
    const m = createMetrics();
    m.llmCall({ purpose: 'summarise', model: 'gpt-x', promptTokens: 900, completionTokens: 120 });
    m.llmCall({ purpose: 'summarise', model: 'gpt-x', promptTokens: 100, completionTokens: 30 });
    m.commandHandled({ platform: 'slack', command: 'latest', outcome: 'ok' }, 0.2);
    const text = await m.registry.metrics();
    expect(text).toContain('migration_news_llm_calls_total{purpose="summarise",model="gpt-x"} 2');
    expect(text).toContain('migration_news_llm_tokens_total{purpose="summarise",model="gpt-x",type="prompt"} 1000');
    expect(text).toContain('migration_news_llm_tokens_total{purpose="summarise",model="gpt-x",type="completion"} 150');
    expect(text).toContain(
      'migration_news_command_duration_seconds_bucket{le="0.25",platform="slack",command="latest",outcome="ok"} 1',
    );
    expect(text).toContain(
      'migration_news_command_duration_seconds_bucket{le="0.1",platform="slack",command="latest",outcome="ok"} 0',
    );
  });

  it('labels commands by their grammar name only, never by user text', () => {
    expect(commandLabel('latest 5')).toBe('latest');
    expect(commandLabel('')).toBe('latest');
    expect(commandLabel('subscribe daily 08:00 tz Africa/Cairo')).toBe('subscribe');
    expect(commandLabel('<!channel> drop table')).toBe('invalid');
  });

  it('are served in the Prometheus text format', async () => {
    const m = createMetrics();
    const app = express();
    app.get('/metrics', metricsRoute(m));
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const address = server.address();
      const response = await fetch(
        `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/metrics`,
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(m.registry.contentType);
      expect(await response.text()).toContain('# TYPE migration_news_command_duration_seconds histogram');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
