import type { Edition } from '../domain/types.js';

interface Comparable {
  title: string;
  text: string;
  language: string;
  publishedAt: string | null;
}

const MAX_HOURS_APART = 12;
/** Editions published further apart than this are never re-publications of each other. */
export const REPUBLICATION_MAX_MS = MAX_HOURS_APART * 3_600_000;
const MIN_SIMILARITY = 0.6;

/**
 * A publisher sometimes re-publishes a story under a new URL with a revised figure ("15 killed" becomes
 * "22 killed"). Same source and language, published close together, and the same words once figures are
 * ignored: that is an update of the earlier story, not a new one.
 */
export function isRepublication(earlier: Pick<Edition, 'title' | 'text' | 'language' | 'publishedAt'>, later: Comparable): boolean {
  return closeInTime(earlier, later) && similarWords(republicationWords(earlier), republicationWords(later));
}

/** The cheap half of isRepublication: same language, both dated, published close together. */
export function closeInTime(earlier: Omit<Comparable, 'title' | 'text'>, later: Omit<Comparable, 'title' | 'text'>): boolean {
  if (earlier.language !== later.language || !earlier.publishedAt || !later.publishedAt) return false;
  return !(Math.abs(Date.parse(earlier.publishedAt) - Date.parse(later.publishedAt)) > REPUBLICATION_MAX_MS);
}

/** The costly half of isRepublication, on the word sets of the two texts (republicationWords). */
export function similarWords(a: Set<string>, b: Set<string>): boolean {
  if (a.size < 4 || b.size < 4) return false;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared) >= MIN_SIMILARITY;
}

/** The words isRepublication compares (figures ignored), so that a caller comparing many pairs computes them once. */
export function republicationWords(text: { title: string; text: string }): Set<string> {
  return new Set(
    `${text.title} ${text.text}`
      .toLowerCase()
      .replace(/[\d\u0660-\u0669\u06f0-\u06f9]+/g, ' ')
      .split(/[^\p{L}]+/u)
      .filter((w) => w.length > 2),
  );
}
