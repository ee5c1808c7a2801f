import type { StorySummary } from '../domain/types.js';

export interface LlmCallRecord {
  purpose: string;
  model: string;
  storyId: string | null;
  promptTokens: number;
  completionTokens: number;
  ok: boolean;
}

/** Summaries by cache key (story version, languages, prompt version, model): one LLM call per key. */
export interface SummaryCache {
  get(cacheKey: string): Promise<StorySummary | undefined>;
  save(summary: StorySummary): Promise<void>;
}

/** Questions translated for cross-language retrieval (issue 12), by cache key. */
export interface TranslationStore {
  get(cacheKey: string): Promise<string | undefined>;
  save(entry: {
    cacheKey: string;
    sourceLanguage: string;
    targetLanguage: string;
    model: string;
    translation: string;
  }): Promise<void>;
}

/** Every LLM call's tokens (`status`, metrics). */
export interface LlmUsageStore {
  record(call: LlmCallRecord): Promise<void>;
  usageSince(since: string): Promise<{ calls: number; promptTokens: number; completionTokens: number }>;
}

/** LLM tokens per UTC day (`YYYY-MM-DD`), shared by every instance on the store: LLM_DAILY_TOKEN_BUDGET. */
export interface TokenBudgetStore {
  /** Adds tokens to a day's count atomically. */
  add(day: string, tokens: number): Promise<void>;
  used(day: string): Promise<number>;
}
