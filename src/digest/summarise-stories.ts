import pLimit from 'p-limit';
import type { LanguageCode, Story, StorySummary } from '../domain/types.js';
import type { LlmClient } from '../ports/llm.js';
import type { Store } from '../ports/store.js';
import { storyContentHash } from '../summarise/story-content-hash.js';
import { summariseStory } from '../summarise/summarise-story.js';
import { summaryCacheKey } from '../summarise/summary-cache-key.js';
import type { Logger } from '../util/create-logger.js';

export interface SummariseDeps {
  store: Store;
  llm: LlmClient | null;
  log: Logger;
  /** Version of the summarise prompt, part of the cache key. */
  promptVersion: string;
  concurrency?: number;
  /** Called after each story (progress bars). */
  onStoryDone?: (storyId: string, fromCache: boolean) => void;
}

// Concurrent requests for the same key in this process share one LLM call.
const inFlight = new Map<string, Promise<StorySummary>>();

/**
 * Summarises each story once into the requested languages, whatever the number of channels asking:
 * results are cached in the store by (content hash, languages, prompt version, model).
 */
export async function summariseStories(deps: SummariseDeps, stories: Story[], languages: LanguageCode[]): Promise<Map<string, StorySummary>> {
  const model = deps.llm?.model ?? 'offline';
  const promptVersion = deps.llm ? deps.promptVersion : 'offline';
  const limit = pLimit(deps.concurrency ?? 4);
  const results = new Map<string, StorySummary>();
  await Promise.all(
    stories.map((story) =>
      limit(async () => {
        const key = summaryCacheKey(storyContentHash(story), languages, promptVersion, model);
        const cached = await deps.store.summaries.get(key);
        if (cached) {
          results.set(story.id, cached);
          deps.onStoryDone?.(story.id, true);
          return;
        }
        let pending = inFlight.get(key);
        if (!pending) {
          pending = summariseAndCache(deps, story, languages, key).finally(() => inFlight.delete(key));
          inFlight.set(key, pending);
        }
        results.set(story.id, await pending);
        deps.onStoryDone?.(story.id, false);
      }),
    ),
  );
  return results;
}

async function summariseAndCache(deps: SummariseDeps, story: Story, languages: LanguageCode[], key: string): Promise<StorySummary> {
  const summary = { ...(await summariseStory({ llm: deps.llm }, { story, languages })), cacheKey: key };
  // A fallback after an LLM failure is not cached, so the next run tries the LLM again.
  const fellBack = deps.llm !== null && summary.mode === 'offline';
  if (!fellBack) await deps.store.summaries.save(summary);
  deps.log.debug({ story: story.id, mode: summary.mode, warnings: summary.warnings.length }, 'story summarised');
  return summary;
}
