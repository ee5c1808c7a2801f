import type { StoryListEntry } from '../ports/chat-adapter.js';
import type { Store } from '../ports/store.js';
import { matchesWords } from '../digest/matches-words.js';

const SEARCH_WINDOW_DAYS = 30;
const SEARCH_POOL = 1000;

/** Stories of the last 30 days matching every word (any language, any edition), best first. */
export async function searchStories(
  store: Pick<Store, 'stories'>,
  sourceNames: Map<string, string>,
  words: string,
  limit = 10,
): Promise<StoryListEntry[]> {
  const terms = words
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 1)
    .slice(0, 10);
  if (terms.length === 0) return [];
  const since = new Date(Date.now() - SEARCH_WINDOW_DAYS * 86_400_000).toISOString();
  const stories = await store.stories.latest({ since, limit: SEARCH_POOL });
  const scored = stories
    .map((story) => {
      const titles = story.editions.map((e) => e.title).join('\n');
      const texts = story.editions.map((e) => e.text).join('\n');
      let score = 0;
      for (const term of terms) {
        if (matchesWords(titles, [term])) score += 3;
        else if (matchesWords(texts, [term])) score += 1;
        else return { story, score: 0 };
      }
      return { story, score };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
  return scored.slice(0, limit).map(({ story }) => {
    const primary = story.editions.find((e) => e.id === story.primaryEditionId) ?? story.editions[0];
    return {
      id: story.id,
      title: primary?.title ?? '',
      url: primary?.url ?? null,
      sourceName: sourceNames.get(primary?.sourceId ?? '') ?? primary?.sourceId ?? '',
      language: primary?.language ?? '',
      publishedAt: story.publishedAt,
    };
  });
}
