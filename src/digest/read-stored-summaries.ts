import type { LanguageCode, Story, StorySummary } from '../domain/types.js';
import { OFFLINE_MODEL, OFFLINE_VERSION, offlineSummary } from '../summarise/offline-summary.js';
import { storyContentHash } from '../summarise/story-content-hash.js';
import { summaryCacheKey } from '../summarise/summary-cache-key.js';
import type { SummariseDeps } from './summarise-stories.js';

/** The warning of a story the preview shows as an extract because no LLM summary is stored for it yet. */
export const NOT_SUMMARISED_YET = 'not summarised yet: an extract of the article is shown';

/**
 * The summaries a digest would use, from the store only, never calling the LLM (the preview page, SPEC 7): the cached
 * summary of each story for these languages, else its offline extract, marked "not summarised yet" when an LLM is
 * configured (offline, the extract is what a digest would post anyway).
 */
export async function readStoredSummaries(
  deps: Pick<SummariseDeps, 'store' | 'llm' | 'promptVersion'>,
  stories: Story[],
  languages: LanguageCode[],
): Promise<Map<string, StorySummary>> {
  const model = deps.llm?.model ?? OFFLINE_MODEL;
  const promptVersion = deps.llm ? deps.promptVersion : OFFLINE_VERSION;
  const results = new Map<string, StorySummary>();
  for (const story of stories) {
    const cached = await deps.store.summaries.get(
      summaryCacheKey(storyContentHash(story), languages, promptVersion, model),
    );
    if (cached) {
      results.set(story.id, cached);
      continue;
    }
    const extract = offlineSummary(story, languages);
    results.set(story.id, deps.llm ? { ...extract, warnings: [NOT_SUMMARISED_YET, ...extract.warnings] } : extract);
  }
  return results;
}
