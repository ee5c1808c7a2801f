import { FIGURE } from './story-anchors.js';

/** What grouping reads of a text's anchors: a Set while an item is compared, an AnchorList once an index keeps it. */
export interface Anchors extends Iterable<string> {
  readonly size: number;
  has(anchor: string): boolean;
}

/**
 * A text's anchors frozen into one sorted array: about a quarter of a Set's memory, for the ~20,000 editions an ingest
 * run keeps. Figures ("#...") sort first, so they are the list's opening.
 */
export class AnchorList implements Anchors {
  private readonly items: string[];
  /** The figure anchors, the ones every same-event match shares. */
  readonly figures: string[];

  constructor(anchors: Iterable<string>) {
    this.items = [...anchors].sort();
    let end = 0;
    while (end < this.items.length && (this.items[end] as string).startsWith(FIGURE)) end++;
    this.figures = this.items.slice(0, end);
  }

  get size(): number {
    return this.items.length;
  }

  has(anchor: string): boolean {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.items[mid] as string;
      if (at === anchor) return true;
      if (at < anchor) lo = mid + 1;
      else hi = mid;
    }
    return false;
  }

  [Symbol.iterator](): Iterator<string> {
    return this.items[Symbol.iterator]();
  }
}
