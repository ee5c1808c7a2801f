import type { Edition } from '../domain/types.js';
import type { EditionCandidate } from './find-same-story.js';
import { REPUBLICATION_MAX_MS } from './is-republication.js';

/** One edition as the EditionIndex holds it, and the ordered lists and buckets it is kept in. */
export interface Entry extends EditionCandidate {
  edition: Edition;
  /** Load or write order, the tie-break of `before`. */
  seq: number;
  /** Content the anchors were computed from (an edition updated in place needs them again). */
  hash: string;
  /** republicationWords, computed on first need. */
  words: Set<string> | null;
  /** Date.parse(publishedAt), NaN when undated. */
  published: number;
  /** Title and text dropped: only the source's own items compare texts, and that source is done. */
  slim: boolean;
}

/**
 * The order the store returns a window in (SQLite reads it through the published_at index: dated editions by date,
 * then undated ones), with load or write order among equals: it decides which candidate comes first on a tie.
 */
export function before(a: Entry, b: Entry): boolean {
  const x = a.edition.publishedAt;
  const y = b.edition.publishedAt;
  if (x !== y) {
    if (x === null) return false;
    if (y === null) return true;
    return x < y;
  }
  return a.seq < b.seq;
}

/**
 * A source's new editions, in the order they were added (`seq`), with the two lookups every item makes: editions
 * published within 12 h of it (buckets of 12 h), and whether any is in another language than it.
 */
export class Overlay {
  readonly entries: Entry[] = [];
  private readonly buckets = new Map<number, Entry[]>();
  /** Dated editions whose date does not parse: close in time to anything, as in isRepublication. */
  private readonly oddTimes = new Set<Entry>();
  private readonly languages = new Map<string, number>();

  add(entry: Entry): void {
    this.entries.push(entry);
    this.languages.set(entry.edition.language, (this.languages.get(entry.edition.language) ?? 0) + 1);
    this.place(entry, true);
  }

  /** `change` alters the entry's date: it moves to its new bucket. */
  move(entry: Entry, change: () => void): void {
    this.place(entry, false);
    change();
    this.place(entry, true);
  }

  hasOtherThan(language: string): boolean {
    return this.languages.size > 1 || (this.languages.size === 1 && !this.languages.has(language));
  }

  /** The first entry (in `seq` order) passing `matches` among those that can be within 12 h of `time`. */
  firstNear(time: number, matches: (e: Entry) => boolean): Entry | undefined {
    if (Number.isNaN(time)) return this.entries.find(matches);
    const bucket = Math.floor(time / REPUBLICATION_MAX_MS);
    let first: Entry | undefined;
    const consider = (e: Entry) => {
      if ((!first || e.seq < first.seq) && matches(e)) first = e;
    };
    for (let b = bucket - 1; b <= bucket + 1; b++) for (const e of this.buckets.get(b) ?? []) consider(e);
    for (const e of this.oddTimes) consider(e);
    return first;
  }

  private place(entry: Entry, add: boolean): void {
    if (!entry.edition.publishedAt) return; // undated: never a re-publication
    if (Number.isNaN(entry.published)) {
      if (add) this.oddTimes.add(entry);
      else this.oddTimes.delete(entry);
      return;
    }
    const key = Math.floor(entry.published / REPUBLICATION_MAX_MS);
    const list = this.buckets.get(key) ?? [];
    if (add) this.buckets.set(key, [...list, entry]);
    else
      this.buckets.set(
        key,
        list.filter((e) => e !== entry),
      );
  }
}

export function insertSorted<K>(map: Map<K, Entry[]>, key: K, entry: Entry): void {
  let list = map.get(key);
  if (!list) {
    list = [];
    map.set(key, list);
  }
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(list[mid] as Entry, entry)) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, entry);
}

export function remove<K>(map: Map<K, Entry[]>, key: K, entry: Entry): void {
  const list = map.get(key);
  const at = list?.indexOf(entry) ?? -1;
  if (list && at >= 0) list.splice(at, 1);
}
