import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE, writePreviewSources } from './preview-fixtures.js';
import { eventually, type SlackHarness, startSlackHarness } from './slack-harness.js';

// One bot (real Bolt against the fake Slack API, the fake OpenAI server for summaries) whose poller ingests the demo
// feeds plus a fresh story and a broken source, then posts one on-demand digest.
let h: SlackHarness;
let dir = '';
let base = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mnb-metrics-'));
  const sourcesFile = await writePreviewSources(dir);
  const file = parseYaml(await readFile(sourcesFile, 'utf8')) as { sources: Array<Record<string, unknown>> };
  file.sources.push({
    id: 'broken-en',
    name: 'Broken',
    url: join(dir, 'missing.xml'),
    language: 'en',
    fullText: 'never',
  });
  await writeFile(sourcesFile, stringifyYaml(file));
  // The poller runs every second here, so the first ingest comes at once.
  h = await startSlackHarness({
    stories: [],
    llm: (request, fake) => fake.autoAnswer(request),
    env: { SOURCES_FILE: sourcesFile, POLL_CRON: '* * * * * *' },
  });
  await h.bot.ready;
  await eventually(
    async () => (await h.core.store.sources.list()).length === 9,
    15_000,
    'the first poll of every source',
  );
  base = `http://127.0.0.1:${h.bot.port}`;
  await h.command('subscribe daily 08:00 tz Africa/Cairo lang en,ar', { channel: 'CSUB' });
  await eventually(() => h.core.store.subscriptions.get('slack', 'CSUB'), 15_000, 'the subscription');
  await h.command('latest', { channel: 'CMETRICS' });
  await h.fake.waitFor(() => {
    const posted = h.fake.posted({ channel: 'CMETRICS' });
    return posted.length ? posted : null;
  });
  await eventually(
    async () => (await h.core.store.deliveryLog.recent({ channelId: 'CMETRICS', limit: 1 }))[0]?.status === 'posted',
    15_000,
    'the delivery record',
  );
});

afterAll(async () => {
  await h?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The value of one series in the Prometheus text format (labels in any order). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = /\{([^}]*)\}/.exec(line)?.[1] ?? '';
    if (Object.entries(labels).every(([k, v]) => labelText.split(',').includes(`${k}="${v}"`)))
      return Number(line.split(' ').at(-1));
  }
  return undefined;
}

describe('GET /metrics after a digest run', () => {
  it('counts stories ingested by source, deliveries by platform and outcome, LLM calls and tokens, and command latency', async () => {
    // The command's metrics are recorded when its handling finishes, just after the post.
    const text = await eventually(
      async () => {
        const body = await (await fetch(`${base}/metrics`)).text();
        return sample(body, 'migration_news_command_duration_seconds_count', { command: 'latest', outcome: 'ok' })
          ? body
          : null;
      },
      15_000,
      'the command metric',
    );
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);

    expect(sample(text, 'migration_news_stories_ingested_total', { source: HOSTILE.sourceId })).toBe(1);
    expect(sample(text, 'migration_news_stories_ingested_total', { source: 'ays-ar' })).toBeGreaterThan(0);
    // Later polls find nothing new (304s are `not_modified`, files are re-read as `ok` with duplicates).
    expect(
      sample(text, 'migration_news_source_polls_total', { source: 'broken-en', status: 'failed' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'migration_news_source_polls_total', { source: 'ays-en', status: 'ok' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'migration_news_ingest_items_total', { source: 'ays-en', result: 'new' })).toBe(2);

    expect(sample(text, 'migration_news_deliveries_total', { platform: 'slack', outcome: 'posted' })).toBe(1);
    expect(sample(text, 'migration_news_deliveries_total', { platform: 'slack', outcome: 'failed' })).toBeUndefined();

    expect(sample(text, 'migration_news_llm_calls_total', { model: 'fake-model' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'migration_news_llm_tokens_total', { model: 'fake-model', type: 'prompt' })).toBeGreaterThan(0);
    expect(
      sample(text, 'migration_news_llm_tokens_total', { model: 'fake-model', type: 'completion' }),
    ).toBeGreaterThan(0);

    expect(
      sample(text, 'migration_news_command_duration_seconds_count', {
        platform: 'slack',
        command: 'latest',
        outcome: 'ok',
      }),
    ).toBe(1);
    expect(
      sample(text, 'migration_news_command_duration_seconds_count', {
        platform: 'slack',
        command: 'subscribe',
        outcome: 'ok',
      }),
    ).toBe(1);
    expect(sample(text, 'migration_news_command_duration_seconds_bucket', { command: 'latest', le: '+Inf' })).toBe(1);
    // User text never becomes a label.
    expect(text).not.toContain('CMETRICS');
  });

  it("keeps a registry per bot: nothing lands in prom-client's global default registry", async () => {
    const { register } = await import('prom-client');
    expect(await register.metrics()).not.toContain('migration_news_');
  });
});

describe('GET /healthz after a digest run', () => {
  it("reports the store, the last ingest, source health, subscriptions, the day's deliveries and LLM usage", async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: 'ok',
      store: { status: 'ok', dialect: 'sqlite' },
      sources: { ok: 8, failing: 1 },
      subscriptions: { count: 1 },
      deliveries: { last24h: { posted: 1, failed: 0 } },
    });
    expect(Date.now() - Date.parse(String(body.lastIngest))).toBeLessThan(120_000);
    expect(Date.parse(String((body.subscriptions as { nextRunAt: string }).nextRunAt))).toBeGreaterThan(Date.now());
    const llm = body.llm as { calls: number; tokens: number };
    expect(llm.calls).toBeGreaterThanOrEqual(1);
    expect(llm.tokens).toBeGreaterThan(0);
    // Probes can reach /healthz: counts only, no channel ids or error texts.
    expect(JSON.stringify(body)).not.toMatch(/CSUB|CMETRICS|missing\.xml/);
  });
});

describe('`status` in chat after a digest run', () => {
  it('shows the subscription and next run, the last deliveries, LLM usage and failing sources', async () => {
    const sub = await h.command('status', { channel: 'CSUB' });
    const subText = await h.replyTo(sub.responseUrl);
    expect(subText).toMatch(/Subscription: cron "0 8 \* \* \*" \(Africa\/Cairo\), languages en \+ ar/);
    expect(subText).toMatch(/Next run: \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(subText).toContain('No digest delivered here yet.');

    const here = await h.command('status', { channel: 'CMETRICS' });
    const text = await h.replyTo(here.responseUrl);
    expect(text).toContain('No subscription in this channel');
    expect(text).toMatch(
      /Last deliveries here:\n• \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC: on demand digest posted, \d+ stor(y|ies)\./,
    );
    expect(text).toMatch(/LLM usage, last 24 h \(all channels\): [1-9]\d* call\(s\), [\d,]+ tokens\./);
    expect(text).toContain('Sources (9, 1 failing):');
    expect(text).toMatch(/• Broken \(broken-en\): FAILING for \d+ fetch\(es\): /);
  });
});

describe('GET / on the serve HTTP server', () => {
  it('serves the preview page with its security headers next to the chat endpoints', async () => {
    const response = await fetch(`${base}/?langs=en,ar`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await response.text();
    expect(html).toContain('id="slack-preview"');
    expect(html).toContain('CSUB');
    expect(html).not.toContain('<!channel>');
    expect(html).toContain('&lt;!channel&gt;');
  });
});
