import type { Edition } from '../domain/types.js';

interface Comparable {
  title: string;
  text: string;
  language: string;
  publishedAt: string | null;
}

const MAX_HOURS_APART = 12;
const MIN_SIMILARITY = 0.6;

/**
 * A publisher sometimes re-publishes a story under a new URL with a revised figure ("15 killed" becomes
 * "22 killed"). Same source and language, published close together, and the same words once figures are
 * ignored: that is an update of the earlier story, not a new one.
 */
export function isRepublication(earlier: Pick<Edition, 'title' | 'text' | 'language' | 'publishedAt'>, later: Comparable): boolean {
  if (earlier.language !== later.language || !earlier.publishedAt || !later.publishedAt) return false;
  if (Math.abs(Date.parse(earlier.publishedAt) - Date.parse(later.publishedAt)) > MAX_HOURS_APART * 3_600_000) return false;
  const a = words(`${earlier.title} ${earlier.text}`);
  const b = words(`${later.title} ${later.text}`);
  if (a.size < 4 || b.size < 4) return false;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared) >= MIN_SIMILARITY;
}

function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .replace(/[\d\u0660-\u0669\u06f0-\u06f9]+/g, ' ')
      .split(/[^\p{L}]+/u)
      .filter((w) => w.length > 2),
  );
}
