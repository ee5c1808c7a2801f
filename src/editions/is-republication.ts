import type { Edition } from '../domain/types.js';
import { lookUpNumberWord, numberLexicon } from '../text/figures/number-lexicon.js';
import { readFigures } from './read-figures.js';

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
 * A publisher sometimes re-publishes a story under a new URL (a new link, a fixed typo). Same source and language,
 * published close together, similar words and exactly the same figures and dates: that is the same story. A bulletin
 * of one template for another week, or a report with other figures, is a new story (SPEC 5.1, nothing is lost).
 */
export function isRepublication(
  earlier: Pick<Edition, 'title' | 'text' | 'language' | 'publishedAt'>,
  later: Comparable,
): boolean {
  return closeInTime(earlier, later) && similarWords(republicationWords(earlier), republicationWords(later));
}

/** The cheap half of isRepublication: same language, both dated, published close together. */
export function closeInTime(
  earlier: Omit<Comparable, 'title' | 'text'>,
  later: Omit<Comparable, 'title' | 'text'>,
): boolean {
  if (earlier.language !== later.language || !earlier.publishedAt || !later.publishedAt) return false;
  return !(Math.abs(Date.parse(earlier.publishedAt) - Date.parse(later.publishedAt)) > REPUBLICATION_MAX_MS);
}

/** The costly half of isRepublication, on the word sets of the two texts (republicationWords): same figures, similar words. */
export function similarWords(a: Set<string>, b: Set<string>): boolean {
  let words = 0;
  let otherWords = 0;
  let shared = 0;
  for (const w of a) {
    const figure = w.startsWith(FIGURE);
    // A figure or date on one side only: another week's bulletin, another toll; never the same story.
    if (figure && !b.has(w)) return false;
    if (figure) continue;
    words++;
    if (b.has(w)) shared++;
  }
  for (const w of b) {
    if (!w.startsWith(FIGURE)) otherWords++;
    else if (!a.has(w)) return false;
  }
  if (words < 4 || otherWords < 4) return false;
  return shared / (words + otherWords - shared) >= MIN_SIMILARITY;
}

/** Marks the figures among republicationWords (words are letters only, so no word starts with it). */
const FIGURE = '#';

/**
 * The words and figures isRepublication compares, so that a caller comparing many pairs computes them once. Number
 * words count as figures, so they must be the same on both sides ("Twelve migrants died" is not a re-publication of
 * "Fifteen migrants died"); words that double as articles ("one", "une") and connectors stay plain words.
 */
export function republicationWords(text: { title: string; text: string; language?: string }): Set<string> {
  const all = `${text.title} ${text.text}`;
  const lexicon = numberLexicon(text.language);
  const words = all
    .toLowerCase()
    .replace(/[\d\u0660-\u0669\u06f0-\u06f9]+/g, ' ')
    .split(/[^\p{L}]+/u)
    .filter((w) => w.length > 2)
    .map((w) => (isNumberWord(lexicon, w) ? `${FIGURE}${w}` : w));
  return new Set([...words, ...readFigures(all).map((f) => `${FIGURE}${f}`)]);
}

/** Whether a word is a number word, per lexicon: words recur from item to item, and a lookup folds and tries prefixes. */
const numberWordCache = new WeakMap<ReturnType<typeof numberLexicon>, Map<string, boolean>>();
const MAX_CACHED_WORDS = 50_000;

function isNumberWord(lexicon: ReturnType<typeof numberLexicon>, word: string): boolean {
  let cache = numberWordCache.get(lexicon);
  if (!cache) {
    cache = new Map();
    numberWordCache.set(lexicon, cache);
  }
  const known = cache.get(word);
  if (known !== undefined) return known;
  const entry = lookUpNumberWord(lexicon, word)?.entry;
  const yes = entry !== undefined && entry.kind !== 'connector' && !(entry.kind === 'value' && entry.weak);
  if (cache.size >= MAX_CACHED_WORDS) cache.clear();
  cache.set(word, yes);
  return yes;
}
