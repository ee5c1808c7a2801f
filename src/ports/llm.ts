import type { z } from 'zod';

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens the provider served from its prompt-prefix cache, when it reports them (usage.prompt_tokens_details.cached_tokens). */
  cachedPromptTokens?: number;
}

export interface LlmJsonRequest<T> {
  /** What the call is for, recorded with its token usage: "summarise", "answer", "match". */
  purpose: string;
  system: string;
  user: string;
  /** Earlier turns (thread Q&A), oldest first. */
  history?: Array<{ role: 'user' | 'assistant'; content: string }>;
  schema: z.ZodType<T>;
  schemaName: string;
}

export interface LlmJsonResult<T> {
  value: T;
  usage: LlmUsage;
  model: string;
}

/** The core's view of the language model (implemented in src/llm on the openai SDK). */
export interface LlmClient {
  readonly model: string;
  /** One structured completion, validated against `schema`; throws LlmError after retries/repair fail. */
  completeJson<T>(request: LlmJsonRequest<T>): Promise<LlmJsonResult<T>>;
}

/** The day's LLM token budget as status, /healthz and /metrics show it. */
export interface LlmBudgetStatus {
  /** The UTC day counted (YYYY-MM-DD). */
  day: string;
  used: number;
  /** LLM_DAILY_TOKEN_BUDGET; 0 = unlimited. */
  limit: number;
  /** True when today's budget is spent: summaries and answers are offline until `resetsAt`. */
  spent: boolean;
  /** The next 00:00 UTC. */
  resetsAt: string;
}

/** The daily token budget the LLM client checks before each call and charges after it (shared through the store). */
export interface LlmBudget {
  /** Throws LlmError LLM_BUDGET_EXCEEDED when today's budget is spent. */
  check(): Promise<void>;
  /** Charges a completed call's tokens to today. */
  spend(tokens: number): Promise<void>;
  status(): Promise<LlmBudgetStatus>;
}
