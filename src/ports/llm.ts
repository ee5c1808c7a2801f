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
