import type { Edition } from '../domain/types.js';
import type { Store } from '../ports/store.js';
import { AnchorList, type Anchors } from './anchor-list.js';
import { canonicalUrl } from './canonical-url.js';
import {
  canJoin,
  candidateTime,
  findByAnchors,
  MIN_SHARED_ANCHORS,
  type NewEditionProbe,
  SAME_EVENT_MAX_MS,
  type StoryMembers,
} from './find-same-story.js';
import { before, type Entry, insertSorted, Overlay, remove } from './edition-entries.js';
import { figuresOf } from './same-event-score.js';
import { storyAnchors } from './story-anchors.js';
import { REPUBLICATION_MAX_MS, republicationWords, similarWords } from './is-republication.js';

/** toISOString's form: only in this form do strings sort as the times they name. */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A time range of ISO strings, both ends included (as SQL BETWEEN). */
export interface TimeWindow {
  from: string;
  to: string;
}

/** What one source's items are compared with: the run's editions inside the source's window, then the source's own new editions. */
export interface SourceScope {
  /** The first edition of this source that the item re-publishes (isRepublication), if any. */
  republicationOf(item: {
    title: string;
    text: string;
    language: string;
    publishedAt: string | null;
  }): Edition | undefined;
  /** findSameStory over the scope, with the probe's anchors computed once by the caller. */
  sameStory(probe: NewEditionProbe, anchors: Set<string>): string | null;
  /** A new edition of this source: a candidate for the following items at once, for later sources once committed. */
  add(edition: Edition, anchors: Set<string>): void;
  /** A new edition of this source changed in place (a later item of the same feed updated it). */
  changed(edition: Edition): void;
  /** Call after the source's write succeeded: its new and updated editions become part of the run's index. */
  commit(updated: Edition[]): void;
}

/**
 * The editions an ingest run compares new items with (cross-language grouping, re-publications), read from the store
 * once per time range and kept current with what the run writes. Each source sees exactly what re-reading the store
 * for its window would give, without re-reading and re-analysing every edition once per source.
 */
export class EditionIndex {
  private readonly byId = new Map<string, Entry>();
  private readonly bySource = new Map<string, Entry[]>();
  private readonly byUrl = new Map<string, Entry[]>();
  /**
   * Entries by figure anchor, each list date-ordered: every same-event match shares a figure (findByAnchors), so a probe
   * is compared only with the entries sharing one of its figures, not with every report of the 72 h around it.
   */
  private readonly byFigure = new Map<string, Entry[]>();
  private readonly byStory = new Map<string, Set<Entry>>();
  private covered: TimeWindow[] = [];
  private seq = 0;
  /** An edition whose dates are not in toISOString form: range searches by string are off, every scan is full. */
  private oddDates = false;

  /** Sources of this run not done yet, with how many times each is still to come. */
  private readonly pending = new Map<string, number>();

  /** `sourceIds`: the sources this run ingests; the texts of other sources' editions are never compared. */
  constructor(
    private readonly store: Pick<Store, 'stories'>,
    private readonly publisherOf: (sourceId: string) => string,
    sourceIds: Iterable<string>,
  ) {
    for (const id of sourceIds) this.pending.set(id, (this.pending.get(id) ?? 0) + 1);
  }

  /** A source of the run is done (written, unchanged or failed): its editions' texts are no longer needed. */
  finished(sourceId: string): void {
    const left = (this.pending.get(sourceId) ?? 0) - 1;
    if (left > 0) {
      this.pending.set(sourceId, left);
      return;
    }
    this.pending.delete(sourceId);
    for (const e of this.bySource.get(sourceId) ?? []) slim(e);
  }

  /** Makes sure every stored edition published (or, undated, first seen) in the window is in the index. */
  async load(window: TimeWindow): Promise<void> {
    for (const part of this.uncovered(window)) {
      for (const edition of await this.store.stories.editionsBetween(part.from, part.to)) {
        if (!this.byId.has(edition.id)) this.insert(edition, null);
      }
      this.cover(part);
    }
  }

  scope(window: TimeWindow, sourceId: string): SourceScope {
    const inWindow = (e: Entry) => {
      const at = e.edition.publishedAt ?? e.edition.firstSeenAt;
      return at >= window.from && at <= window.to;
    };
    const added = new Overlay();
    const wordsOf = (e: Entry) => {
      if (e.slim) throw new Error(`edition ${e.edition.id} compared after its source was done`);
      e.words ??= republicationWords(e.edition);
      return e.words;
    };
    return {
      republicationOf: (item) => {
        if (!item.publishedAt) return undefined; // isRepublication needs both dates
        const itemTime = Date.parse(item.publishedAt);
        let itemWords: Set<string> | null = null;
        const matches = (e: Entry) => {
          // closeInTime, with the edition's date parsed once.
          if (e.edition.language !== item.language || !e.edition.publishedAt) return false;
          if (Math.abs(e.published - itemTime) > REPUBLICATION_MAX_MS) return false;
          itemWords ??= republicationWords(item);
          return similarWords(wordsOf(e), itemWords);
        };
        // Only editions published within 12 h can match, and they sit together in the date-ordered list.
        const first = this.near(
          this.bySource.get(sourceId),
          item.publishedAt,
          REPUBLICATION_MAX_MS,
          false,
          inWindow,
        ).find(matches);
        return first?.edition ?? added.firstNear(itemTime, matches)?.edition;
      },
      sameStory: (probe, anchors) => {
        // The story's editions as a scan of the window and the source's new editions would see them.
        const members: StoryMembers = (storyId) => [
          ...[...(this.byStory.get(storyId) ?? [])].filter(inWindow),
          ...added.entries.filter((e) => e.edition.storyId === storyId),
        ];
        if (probe.alternates.length > 0) {
          let first: Entry | undefined;
          const urls = new Set(probe.alternates.map((a) => urlKey(a.url)));
          for (const url of urls) {
            for (const e of this.byUrl.get(url) ?? []) {
              if (
                e.edition.language !== probe.language &&
                inWindow(e) &&
                (!first || before(e, first)) &&
                canJoin(probe, e.edition.storyId, members)
              )
                first = e;
            }
          }
          if (first) return first.edition.storyId;
          const own = added.entries.find(
            (e) =>
              e.edition.url &&
              urls.has(urlKey(e.edition.url)) &&
              e.edition.language !== probe.language &&
              canJoin(probe, e.edition.storyId, members),
          );
          if (own) return own.edition.storyId;
        }
        if (anchors.size < MIN_SHARED_ANCHORS) return null; // findByAnchors could not match either
        // Only editions within 72 h sharing a figure can match (any publisher): the dated ones around the probe's time, and
        // the undated ones, of each of its figures' lists; in the order of one list of them all, which decides ties.
        const at = probe.publishedAt ?? probe.firstSeenAt;
        const seen = new Set<Entry>();
        const near: Entry[] = [];
        for (const figure of figuresOf(anchors)) {
          for (const e of this.near(this.byFigure.get(figure), at, SAME_EVENT_MAX_MS, true, inWindow)) {
            if (!seen.has(e)) near.push(e);
            seen.add(e);
          }
        }
        near.sort((a, b) => (before(a, b) ? -1 : 1));
        // The source's own new editions matter only in another language than the probe's (usually there is none).
        return findByAnchors(probe, anchors, members, near, added.hasOtherThan(probe.language) ? added.entries : []);
      },
      add: (edition, anchors) => {
        added.add(toEntry(edition, this.publisherOf(edition.sourceId), anchors, added.entries.length));
      },
      changed: (edition) => {
        // Its time and words follow the new content; its anchors stay those it was added with until committed.
        const entry = added.entries.find((e) => e.edition === edition);
        if (entry)
          added.move(entry, () =>
            Object.assign(entry, { time: candidateTime(edition), words: null, published: parsed(edition.publishedAt) }),
          );
      },
      commit: (updated) => {
        for (const e of added.entries) this.upsert(e.edition, e.hash === e.edition.contentHash ? e.anchors : null);
        for (const edition of updated) this.upsert(edition, null);
      },
    };
  }

  /**
   * The entries of a date-ordered list that can be within `spanMs` of `at` and pass `keep`, in list order: the dated
   * ones in that range, then (with `undated`) those without a publication date. The whole list when a date is not in
   * toISOString form, where comparing strings would not be comparing times.
   */
  private near(
    list: Entry[] | undefined,
    at: string | null,
    spanMs: number,
    undated: boolean,
    keep: (e: Entry) => boolean,
  ): Entry[] {
    if (!list || at === null) return [];
    const time = Date.parse(at);
    if (this.oddDates || Number.isNaN(time) || !ISO.test(at)) return list.filter(keep);
    const low = new Date(time - spanMs).toISOString();
    const high = new Date(time + spanMs).toISOString();
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const p = (list[mid] as Entry).edition.publishedAt;
      if (p !== null && p < low) lo = mid + 1;
      else hi = mid;
    }
    const out: Entry[] = [];
    let i = lo;
    for (; i < list.length; i++) {
      const e = list[i] as Entry;
      if (e.edition.publishedAt === null || e.edition.publishedAt > high) break;
      if (keep(e)) out.push(e);
    }
    if (!undated) return out;
    // The undated ones sit at the end: found by halving (a walk over every later dated entry made each call O(list)).
    hi = list.length;
    while (i < hi) {
      const mid = (i + hi) >>> 1;
      if ((list[mid] as Entry).edition.publishedAt !== null) i = mid + 1;
      else hi = mid;
    }
    for (; i < list.length; i++) if (keep(list[i] as Entry)) out.push(list[i] as Entry);
    return out;
  }

  private insert(edition: Edition, anchors: Anchors | null): void {
    const entry = toEntry(edition, this.publisherOf(edition.sourceId), kept(edition, anchors), this.seq++);
    this.byId.set(edition.id, entry);
    this.link(entry);
    if (!this.pending.has(edition.sourceId)) slim(entry);
  }

  private link(entry: Entry): void {
    const at = entry.edition.publishedAt;
    if ((at !== null && !ISO.test(at)) || !ISO.test(entry.edition.firstSeenAt)) this.oddDates = true;
    insertSorted(this.bySource, entry.edition.sourceId, entry);
    if (entry.anchors.size >= MIN_SHARED_ANCHORS)
      for (const figure of figuresOf(entry.anchors)) insertSorted(this.byFigure, figure, entry);
    if (entry.edition.url) insertSorted(this.byUrl, urlKey(entry.edition.url), entry);
    const story = this.byStory.get(entry.edition.storyId) ?? new Set<Entry>();
    this.byStory.set(entry.edition.storyId, story.add(entry));
  }

  private unlink(entry: Entry): void {
    remove(this.bySource, entry.edition.sourceId, entry);
    if (entry.anchors.size >= MIN_SHARED_ANCHORS)
      for (const figure of figuresOf(entry.anchors)) remove(this.byFigure, figure, entry);
    if (entry.edition.url) remove(this.byUrl, urlKey(entry.edition.url), entry);
    this.byStory.get(entry.edition.storyId)?.delete(entry);
  }

  /** A written edition: new ones come after the stored ones, changed ones keep their write order (as rows keep their rowid). */
  private upsert(edition: Edition, anchors: Anchors | null): void {
    const entry = this.byId.get(edition.id);
    if (!entry) {
      this.insert(edition, anchors);
      return;
    }
    this.unlink(entry);
    Object.assign(entry, toEntry(edition, entry.publisher, kept(edition, anchors), entry.seq));
    this.link(entry);
    if (!this.pending.has(edition.sourceId)) slim(entry);
  }

  private uncovered(window: TimeWindow): TimeWindow[] {
    const parts: TimeWindow[] = [];
    let from = window.from;
    for (const c of this.covered) {
      if (c.to < from) continue;
      if (c.from > window.to) break;
      if (c.from > from) parts.push({ from, to: c.from });
      if (c.to >= window.to) return parts;
      from = c.to;
    }
    parts.push({ from, to: window.to });
    return parts;
  }

  private cover(window: TimeWindow): void {
    const all = [...this.covered, window].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    const merged: TimeWindow[] = [];
    for (const w of all) {
      const last = merged.at(-1);
      if (!last || w.from > last.to) merged.push({ ...w });
      else if (w.to > last.to) last.to = w.to;
    }
    this.covered = merged;
  }
}

/**
 * Keeps what grouping needs (anchors, dates, language, ids, URL), drops the texts and the guid: strings read from a
 * feed may be slices of the whole document, which V8 keeps alive for as long as a slice of it lives.
 */
function slim(entry: Entry): void {
  if (entry.slim) return;
  entry.edition = { ...entry.edition, title: '', text: '', guid: null };
  entry.words = null;
  entry.slim = true;
}

/** An edition as the index holds it (one object literal: spreading a candidate into it cost more than grouping's lookups). */
function toEntry(edition: Edition, publisher: string, anchors: Anchors, seq: number): Entry {
  return {
    edition,
    publisher,
    anchors,
    time: candidateTime(edition),
    seq,
    hash: edition.contentHash,
    words: null,
    published: parsed(edition.publishedAt),
    slim: false,
  };
}

/** The anchors an entry of the index keeps, as an AnchorList: a Set each would be most of the memory a run holds. */
function kept(edition: Edition, anchors: Anchors | null): AnchorList {
  return new AnchorList(anchors ?? storyAnchors(`${edition.title}\n${edition.text}`));
}

/** Stored URLs and alternates compared in one form: rows stored by an older canonicalUrl still match (SPEC 5.1). */
function urlKey(url: string): string {
  return canonicalUrl(url) ?? url;
}

function parsed(date: string | null): number {
  return date === null ? Number.NaN : Date.parse(date);
}
