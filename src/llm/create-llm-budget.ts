import { LlmError } from '../domain/errors.js';
import type { LlmBudget, LlmBudgetStatus } from '../ports/llm.js';
import type { Store } from '../ports/store.js';
import type { Logger } from '../util/create-logger.js';

export interface LlmBudgetOptions {
  store: Pick<Store, 'llmBudget'>;
  /** Tokens per UTC day (LLM_DAILY_TOKEN_BUDGET); 0 = unlimited. */
  limit: number;
  log: Logger;
  /** Injectable clock: the UTC day of `now()` is the day counted (tests move it to the next day). */
  now?: () => Date;
}

/** Shown once per digest whose summaries fell back because of the budget (Digest.warnings). */
export const BUDGET_SPENT_WARNING = 'LLM budget for today spent; summaries are extracts until 00:00 UTC';

/**
 * LLM_DAILY_TOKEN_BUDGET, counted in the store so that every instance on one database shares it. Checked before each
 * call: calls already in flight may each end over the budget, so the overshoot is at most one call per call in flight.
 */
export function createLlmBudget(options: LlmBudgetOptions): LlmBudget {
  const { store, limit, log } = options;
  const now = options.now ?? (() => new Date());
  let warnedDay: string | null = null;

  async function status(): Promise<LlmBudgetStatus> {
    const at = now();
    const day = at.toISOString().slice(0, 10);
    const used = await store.llmBudget.used(day);
    const resetsAt = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1)).toISOString();
    return { day, used, limit, spent: limit > 0 && used >= limit, resetsAt };
  }

  return {
    status,
    async check() {
      if (limit === 0) return;
      const s = await status();
      if (!s.spent) return;
      // Once per day and process: the operator learns it without a line per story.
      if (warnedDay !== s.day) {
        warnedDay = s.day;
        log.warn({ day: s.day, used: s.used, limit }, `${BUDGET_SPENT_WARNING} (LLM_DAILY_TOKEN_BUDGET=${limit})`);
      }
      throw new LlmError(
        'LLM_BUDGET_EXCEEDED',
        `LLM budget for ${s.day} spent: ${s.used} of ${limit} tokens (LLM_DAILY_TOKEN_BUDGET)`,
      );
    },
    async spend(tokens) {
      await store.llmBudget
        .add(now().toISOString().slice(0, 10), tokens)
        .catch((err: unknown) => log.warn({ err, tokens }, 'could not charge LLM tokens to the daily budget'));
    },
  };
}
