import type { Digest } from '../domain/digest.js';
import type { StorySummary } from '../domain/types.js';
import { BUDGET_SPENT_WARNING } from '../llm/create-llm-budget.js';
import { BUDGET_SPENT_SUMMARY_WARNING } from '../summarise/summarise-story.js';

/** What the whole digest must say once: a story of it fell back to an extract because the day's LLM budget is spent. */
export function digestWarnings(digest: Digest, summaries: Map<string, StorySummary>): string[] {
  const budgetSpent = digest.items.some((item) =>
    summaries.get(item.id)?.warnings.includes(BUDGET_SPENT_SUMMARY_WARNING),
  );
  return budgetSpent ? [BUDGET_SPENT_WARNING] : [];
}
