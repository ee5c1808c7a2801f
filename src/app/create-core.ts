import type { Config } from '../config/load-config.js';
import { loadSources } from '../config/load-sources.js';
import type { SourceConfig } from '../domain/types.js';
import { createLlmBudget } from '../llm/create-llm-budget.js';
import { createLlmClient } from '../llm/create-llm-client.js';
import { loadPrompt } from '../llm/load-prompt.js';
import { createMetrics, type Metrics } from '../metrics/create-metrics.js';
import type { LlmBudget, LlmClient } from '../ports/llm.js';
import type { Store } from '../ports/store.js';
import { createStore } from '../store/create-store.js';
import type { Logger } from '../util/create-logger.js';

/** Everything the use-cases need, built once by the composition root. */
export interface Core {
  config: Config;
  log: Logger;
  store: Store;
  llm: LlmClient | null;
  /** The sources of the sources file; none when no file was read (see `sourcesFile`). */
  sources: SourceConfig[];
  /** The sources file read, or null: a command that reads only the store ran without one (`ask`, `status`). */
  sourcesFile: string | null;
  promptVersion: string;
  /** This bot's Prometheus metrics (its own registry). */
  metrics: Metrics;
  /** LLM_DAILY_TOKEN_BUDGET, counted in the store; null offline. */
  budget: LlmBudget | null;
  /** The clock of the budget and retention (tests inject one). */
  now: () => Date;
  close(): Promise<void>;
}

export async function createCore(
  config: Config,
  options: {
    log: Logger;
    /** `--sources`; by default SOURCES_FILE; null reads no sources file (the command needs only the store). */
    sourcesFile?: string | null;
    metrics?: Metrics;
    now?: () => Date;
  },
): Promise<Core> {
  const now = options.now ?? (() => new Date());
  const sourcesFile = options.sourcesFile === null ? null : (options.sourcesFile ?? config.sourcesFile);
  const sources =
    sourcesFile === null ? [] : await loadSources(sourcesFile, options.sourcesFile ? '--sources' : 'SOURCES_FILE');
  const metrics = options.metrics ?? createMetrics();
  const store = await createStore(config.databaseUrl);
  const prompt = await loadPrompt('summarise', 'v2');
  const budget = config.llm
    ? createLlmBudget({ store, limit: config.llmDailyTokenBudget, log: options.log, now })
    : null;
  if (budget) metrics.watchLlmBudget(() => budget.status());
  const llm = config.llm
    ? createLlmClient({
        apiKey: config.llm.apiKey,
        ...(config.llm.baseURL ? { baseURL: config.llm.baseURL } : {}),
        model: config.llm.model,
        timeoutMs: 60_000,
        maxRetries: 3,
        concurrency: config.llmConcurrency,
        ...(budget ? { budget } : {}),
        onUsage: (purpose, usage, model) => {
          metrics.llmCall({
            purpose,
            model,
            promptTokens: usage.promptTokens,
            completionTokens: usage.completionTokens,
            ...(usage.cachedPromptTokens !== undefined ? { cachedPromptTokens: usage.cachedPromptTokens } : {}),
          });
          void store.llmCalls
            .record({
              purpose,
              model,
              storyId: null,
              promptTokens: usage.promptTokens,
              completionTokens: usage.completionTokens,
              ok: true,
            })
            .catch((err: unknown) => options.log.warn({ err }, 'could not record LLM usage'));
        },
      })
    : null;
  return {
    config,
    log: options.log,
    store,
    llm,
    sources,
    sourcesFile,
    promptVersion: prompt.version,
    metrics,
    budget,
    now,
    close: () => store.close(),
  };
}
