import type { Story } from '../domain/types.js';
import type { StoriesTable } from './schema.js';

/** How long a loaded story is reused, and how many are kept: the runs of one schedule slot, not a general cache. */
const SHARE_MS = 30_000;
const SHARE_MAX = 2_000;

/**
 * Wraps a loader of stories (rows -> stories with their editions) so that the scheduled runs of one slot share one
 * copy of each story instead of each reading every edition's text again: 1,000 channels on one slot asked for the same
 * candidates 1,000 times (SPEC 9 scale: peak RSS). A story is reused only while its row is unchanged (updated_at and
 * primary edition: every edition change updates the story's updated_at) and for at most SHARE_MS.
 */
export function shareRecentStories(
  load: (rows: StoriesTable[]) => Promise<Story[]>,
): (rows: StoriesTable[]) => Promise<Story[]> {
  const shared = new Map<string, { key: string; at: number; story: Story }>();
  const keyOf = (row: StoriesTable) => `${row.updated_at}|${row.primary_edition_id}|${row.published_at ?? ''}`;
  return async (rows) => {
    const now = Date.now();
    const found = new Map<string, Story>();
    const missing: StoriesTable[] = [];
    for (const row of rows) {
      const hit = shared.get(row.id);
      if (hit && hit.key === keyOf(row) && now - hit.at < SHARE_MS) found.set(row.id, hit.story);
      else missing.push(row);
    }
    const loaded = await load(missing);
    missing.forEach((row, i) => {
      const story = loaded[i];
      if (!story) return;
      found.set(row.id, story);
      shared.delete(row.id);
      shared.set(row.id, { key: keyOf(row), at: now, story });
    });
    // Oldest first (insertion order): drop what is beyond the bound.
    for (const id of shared.keys()) {
      if (shared.size <= SHARE_MAX) break;
      shared.delete(id);
    }
    return rows.flatMap((row) => {
      const story = found.get(row.id);
      return story ? [story] : [];
    });
  };
}
