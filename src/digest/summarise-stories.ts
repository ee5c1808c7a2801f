import pLimit from 'p-limit';
import type { LanguageCode, Story, StorySummary } from '../domain/types.js';
import type { LlmClient } from '../ports/llm.js';
import type { Store } from '../ports/store.js';
import { OFFLINE_MODEL, OFFLINE_VERSION } from '../summarise/offline-summary.js';
import { storyContentHash } from '../summarise/story-content-hash.js';
import { summariseStory } from '../summarise/summarise-story.js';
import { summaryCacheKey } from '../summarise/summary-cache-key.js';
import type { Logger } from '../util/create-logger.js';

export interface SummariseDeps {
  /** Summaries are cached by key; one instance summarises a story at a time (a lock per key). */
  store: Pick<Store, 'dialect' | 'summaries' | 'locks'>;
  llm: LlmClient | null;
  log: Logger;
  /** Version of the summarise prompt, part of the cache key. */
  promptVersion: string;
  /** Stories summarised at once (LLM_CONCURRENCY; the LLM client bounds its own calls too). Default 8. */
  concurrency?: number;
  /** LLM_INPUT_TOKEN_CAP (see summariseStory). */
  inputTokenCap?: number;
  /** Called after each story (progress bars). */
  onStoryDone?: (storyId: string, fromCache: boolean) => void;
}

// Concurrent requests for the same key through the same store share one LLM call (per store, so that
// several instances in one process, as in tests, still coordinate through the database).
const inFlightByStore = new WeakMap<object, Map<string, Promise<{ summary: StorySummary; fromCache: boolean }>>>();

/**
 * Summarises each story once into the requested languages, whatever the number of channels asking:
 * results are cached in the store by (content hash, languages, prompt version, model). With PostgreSQL,
 * instances sharing the database take a lock per cache key, so a story is summarised once across all of them.
 */
export async function summariseStories(
  deps: SummariseDeps,
  stories: Story[],
  languages: LanguageCode[],
): Promise<Map<string, StorySummary>> {
  const model = deps.llm?.model ?? OFFLINE_MODEL;
  const promptVersion = deps.llm ? deps.promptVersion : OFFLINE_VERSION;
  const limit = pLimit(deps.concurrency ?? 8);
  const results = new Map<string, StorySummary>();
  const shared = inFlightByStore.get(deps.store) ?? new Map();
  inFlightByStore.set(deps.store, shared);
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
        let pending = shared.get(key);
        if (!pending) {
          pending = summariseOnce(deps, story, languages, key).finally(() => shared.delete(key));
          shared.set(key, pending);
        }
        const { summary, fromCache } = await pending;
        results.set(story.id, summary);
        deps.onStoryDone?.(story.id, fromCache);
      }),
    ),
  );
  return results;
}

async function summariseOnce(
  deps: SummariseDeps,
  story: Story,
  languages: LanguageCode[],
  key: string,
): Promise<{ summary: StorySummary; fromCache: boolean }> {
  // SQLite: one process owns the database, the in-process sharing above is enough.
  if (deps.store.dialect !== 'postgres')
    return { summary: await summariseAndCache(deps, story, languages, key), fromCache: false };
  let locked = false;
  try {
    return await deps.store.locks.withLock(`summary:${key}`, async () => {
      locked = true;
      // Another instance may have summarised it while this one waited for the lock.
      const done = await deps.store.summaries.get(key);
      if (done) return { summary: done, fromCache: true };
      return { summary: await summariseAndCache(deps, story, languages, key), fromCache: false };
    });
  } catch (error) {
    if (locked) throw error;
    // No lock (timeout, lock connections exhausted): a second call is better than no digest.
    deps.log.warn({ err: error, story: story.id }, 'summary lock not obtained; summarising without it');
    return { summary: await summariseAndCache(deps, story, languages, key), fromCache: false };
  }
}

async function summariseAndCache(
  deps: SummariseDeps,
  story: Story,
  languages: LanguageCode[],
  key: string,
): Promise<StorySummary> {
  const summary = {
    ...(await summariseStory(
      { llm: deps.llm, ...(deps.inputTokenCap ? { inputTokenCap: deps.inputTokenCap } : {}) },
      { story, languages },
    )),
    cacheKey: key,
  };
  // A fallback after an LLM failure is not cached, so the next run tries the LLM again.
  const fellBack = deps.llm !== null && summary.mode === 'offline';
  if (!fellBack) await deps.store.summaries.save(summary);
  deps.log.debug({ story: story.id, mode: summary.mode, warnings: summary.warnings.length }, 'story summarised');
  return summary;
}
