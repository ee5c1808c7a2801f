import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { LlmBudgetStatus } from '../ports/llm.js';

/** What one source poll reports (ingestSources' SourceReport, structurally). */
export interface SourcePollReport {
  sourceId: string;
  status: string;
  new: number;
  duplicate: number;
  updated: number;
}

/**
 * The bot's Prometheus metrics (GET /metrics). One instance, with its own Registry, per bot: several bots in one
 * process (tests) never share or clash over prom-client's global default registry.
 */
export interface Metrics {
  readonly registry: Registry;
  /** One source was polled (pass as ingestSources' onSourceDone). */
  sourcePolled(report: SourcePollReport): void;
  /** A digest delivery attempt ended (`posted`, `failed`...). */
  deliveryFinished(platform: string, outcome: string): void;
  /** One successful LLM call and its token usage. */
  llmCall(call: {
    purpose: string;
    model: string;
    promptTokens: number;
    completionTokens: number;
    cachedPromptTokens?: number;
  }): void;
  /** A chat command (or thread question) was handled, end to end. */
  commandHandled(
    labels: { platform: string; command: string; outcome: 'ok' | 'usage_error' | 'error' },
    seconds: number,
  ): void;
  /** The daily LLM token budget, read from the store at each scrape (shared by instances). */
  watchLlmBudget(read: () => Promise<LlmBudgetStatus>): void;
}

export const METRICS_PREFIX = 'migration_news_';

/** Creates the metrics of one bot; `processMetrics` adds prom-client's process metrics (CPU, memory, event loop). */
export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: METRICS_PREFIX });
  const registers = [registry];

  const storiesIngested = new Counter({
    name: `${METRICS_PREFIX}stories_ingested_total`,
    help: 'New stories and editions stored by ingest, by source',
    labelNames: ['source'] as const,
    registers,
  });
  const itemsSeen = new Counter({
    name: `${METRICS_PREFIX}ingest_items_total`,
    help: 'Feed items read by ingest, by source and result (new, duplicate, updated)',
    labelNames: ['source', 'result'] as const,
    registers,
  });
  const sourcePolls = new Counter({
    name: `${METRICS_PREFIX}source_polls_total`,
    help: 'Source polls, by source and status (ok, not_modified, failed)',
    labelNames: ['source', 'status'] as const,
    registers,
  });
  const deliveries = new Counter({
    name: `${METRICS_PREFIX}deliveries_total`,
    help: 'Digest delivery attempts, by platform and outcome (posted, failed)',
    labelNames: ['platform', 'outcome'] as const,
    registers,
  });
  const llmCalls = new Counter({
    name: `${METRICS_PREFIX}llm_calls_total`,
    help: 'Successful LLM calls, by purpose and model',
    labelNames: ['purpose', 'model'] as const,
    registers,
  });
  const llmTokens = new Counter({
    name: `${METRICS_PREFIX}llm_tokens_total`,
    help: 'LLM tokens used, by purpose, model and type (prompt, completion; cached_prompt: the part of prompt the provider served from its prefix cache)',
    labelNames: ['purpose', 'model', 'type'] as const,
    registers,
  });
  const commandDuration = new Histogram({
    name: `${METRICS_PREFIX}command_duration_seconds`,
    help: 'Time to handle a chat command or thread question, end to end, by platform, command and outcome',
    labelNames: ['platform', 'command', 'outcome'] as const,
    // Commands that only read the store take milliseconds; a digest with LLM summaries takes tens of seconds.
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers,
  });

  let readBudget: (() => Promise<LlmBudgetStatus>) | null = null;
  // One scrape reads the store once for the three budget gauges.
  let budgetRead: Promise<LlmBudgetStatus | null> | null = null;
  const budgetNow = () => {
    budgetRead ??= (readBudget?.() ?? Promise.resolve(null))
      .catch(() => null)
      .finally(() => setImmediate(() => (budgetRead = null)));
    return budgetRead;
  };
  const budgetGauge = (name: string, help: string, value: (s: LlmBudgetStatus) => number) =>
    new Gauge({
      name: `${METRICS_PREFIX}${name}`,
      help,
      registers,
      async collect() {
        const s = await budgetNow();
        if (s) this.set(value(s));
      },
    });
  budgetGauge(
    'llm_budget_used_tokens',
    'LLM tokens spent today (UTC) by every instance sharing the store',
    (s) => s.used,
  );
  budgetGauge('llm_budget_limit_tokens', 'LLM_DAILY_TOKEN_BUDGET: tokens per UTC day (0 = unlimited)', (s) => s.limit);
  budgetGauge(
    'llm_budget_spent',
    "1 when today's LLM budget is spent (summaries and answers offline until 00:00 UTC), else 0",
    (s) => (s.spent ? 1 : 0),
  );

  return {
    registry,
    watchLlmBudget(read) {
      readBudget = read;
    },
    sourcePolled(report) {
      sourcePolls.inc({ source: report.sourceId, status: report.status });
      // Zero increments still create the series, so a source that has never had a new story shows up as 0.
      storiesIngested.inc({ source: report.sourceId }, report.new);
      itemsSeen.inc({ source: report.sourceId, result: 'new' }, report.new);
      itemsSeen.inc({ source: report.sourceId, result: 'duplicate' }, report.duplicate);
      itemsSeen.inc({ source: report.sourceId, result: 'updated' }, report.updated);
    },
    deliveryFinished(platform, outcome) {
      deliveries.inc({ platform, outcome });
    },
    llmCall(call) {
      llmCalls.inc({ purpose: call.purpose, model: call.model });
      llmTokens.inc({ purpose: call.purpose, model: call.model, type: 'prompt' }, call.promptTokens);
      llmTokens.inc({ purpose: call.purpose, model: call.model, type: 'completion' }, call.completionTokens);
      if (call.cachedPromptTokens !== undefined)
        llmTokens.inc({ purpose: call.purpose, model: call.model, type: 'cached_prompt' }, call.cachedPromptTokens);
    },
    commandHandled(labels, seconds) {
      commandDuration.observe(labels, seconds);
    },
  };
}
