import { hash } from 'node:crypto';
import pLimit from 'p-limit';
import type { Edition, SourceConfig, Story } from '../domain/types.js';
import type { SourceState, Store } from '../ports/store.js';
import type { Logger } from '../util/create-logger.js';
import { EditionIndex } from '../editions/edition-index.js';
import { findPrunedItems } from './find-pruned-items.js';
import { startWorkerReader } from '../feeds/read-in-worker.js';
import type { ReadItem, readSource as defaultReadSource } from '../feeds/read-source.js';
import { anchorSet, storyAnchors } from '../editions/story-anchors.js';
import { groupBy } from '../util/group-by.js';
import { readFigures } from '../editions/read-figures.js';
import { anotherIssue, sameItemAtLink } from './same-item.js';

export interface IngestDeps {
  store: Pick<Store, 'sources' | 'stories' | 'ledger'>;
  log: Logger;
  readSource?: typeof defaultReadSource;
  now?: () => Date;
  /** Called as each source finishes (progress bars). */
  onSourceDone?: (report: SourceReport) => void;
  concurrency?: number;
  /** Read in a worker thread whatever the number of sources (`serve`: the parsers' memory goes with the worker). */
  readInWorker?: boolean;
}

export interface SourceReport {
  sourceId: string;
  status: 'ok' | 'not_modified' | 'failed';
  new: number;
  duplicate: number;
  updated: number;
  error: string | null;
}

/** A source's latest stored items whose pages are not fetched again: more than any feed carries at once. */
const KNOWN_HASHES = 2_000;

/** From this many sources on, a worker thread reads while this thread stores (below, starting it costs more than it saves). */
const WORKER_MIN_SOURCES = 16;

/** Polls every source once; a failing source is reported and the others go on (SPEC 3, 8). */
export async function ingestSources(deps: IngestDeps, sources: SourceConfig[]): Promise<SourceReport[]> {
  // Many sources: read them in a worker thread, so that parsing runs on another core while this thread stores.
  const worker =
    !deps.readSource && (deps.readInWorker || sources.length >= WORKER_MIN_SOURCES) ? await startWorkerReader() : null;
  try {
    // The reading code (HTTP client, feed parser, language model) is loaded here only when this thread reads.
    const readSource = deps.readSource ?? worker?.readSource ?? (await import('../feeds/read-source.js')).readSource;
    return await ingestAll({ ...deps, readSource }, sources);
  } finally {
    await worker?.close();
  }
}

/** IngestDeps with the reader chosen. */
type RunDeps = IngestDeps & Required<Pick<IngestDeps, 'readSource'>>;

async function ingestAll(deps: RunDeps, sources: SourceConfig[]): Promise<SourceReport[]> {
  const concurrency = deps.concurrency ?? 8;
  // Reads in flight; a read that waits for its turn to write holds no slot, so reading goes on meanwhile.
  const limit = pLimit(concurrency);
  const reading: RunDeps = {
    ...deps,
    readSource: (source, previous) => limit(() => deps.readSource(source, previous)),
  };
  const publishers = new Map(sources.map((s) => [s.id, publisherKey(s)]));
  // Sources are read in parallel but written one at a time in the order given, so dedupe and grouping see every earlier
  // write, and the same feeds give the same stories whatever order the reads finish in (grouping depends on that order).
  const turns = inTurn(sources.length);
  // The editions grouping compares with, read once per time range for the whole run (not once per source).
  const index = new EditionIndex(
    deps.store,
    (sourceId) => publishers.get(sourceId) ?? sourceId,
    sources.map((s) => s.id),
  );
  return Promise.all(
    sources.map(async (source, i) => {
      // At most `concurrency` sources read or reading and not yet written (their items wait in memory), as before.
      await turns.over(i - concurrency);
      const report = await ingestOne(reading, source, publishers, (write) => turns.run(i, write), index).finally(() => {
        turns.done(i);
        index.finished(source.id);
      });
      deps.onSourceDone?.(report);
      return report;
    }),
  );
}

async function ingestOne(
  deps: RunDeps,
  source: SourceConfig,
  publishers: Map<string, string>,
  writeInTurn: <T>(write: () => Promise<T>) => Promise<T>,
  index: EditionIndex,
): Promise<SourceReport> {
  const now = (deps.now ?? (() => new Date()))().toISOString();
  const state = (await deps.store.sources.get(source.id)) ?? newSourceState(source);
  state.name = source.name;
  state.lastFetchAt = now;
  if (state.url !== source.url) Object.assign(state, { url: source.url, etag: null, lastModified: null });
  try {
    const knownHashes = await deps.store.stories.recentHashes(source.id, KNOWN_HASHES);
    const read = await deps.readSource(source, { etag: state.etag, lastModified: state.lastModified, knownHashes });
    if (read.warning) deps.log.warn({ source: source.id, warning: read.warning }, 'feed not in its declared charset');
    if (read.leftOut)
      deps.log.warn({ source: source.id, items: read.leftOut }, 'feed items with no title, text or link left out');
    const counts =
      read.status === 'not_modified'
        ? { new: 0, duplicate: 0, updated: 0 }
        : await writeInTurn(() => storeItems(deps.store, source, read.items, publishers, now, index));
    Object.assign(state, {
      etag: read.etag ?? state.etag,
      lastModified: read.lastModified ?? state.lastModified,
      lastSuccessAt: now,
      firstSuccessAt: state.firstSuccessAt ?? state.lastSuccessAt ?? now,
      lastStatus: read.status,
      lastError: null,
      itemsNew: counts.new,
      itemsDuplicate: counts.duplicate,
      itemsUpdated: counts.updated,
      consecutiveFailures: 0,
    });
    await deps.store.sources.save(state);
    deps.log.info({ source: source.id, status: read.status, ...counts }, 'source ingested');
    return { sourceId: source.id, status: read.status, ...counts, error: null };
  } catch (error) {
    const message = describeError(error);
    Object.assign(state, {
      lastStatus: 'failed',
      lastError: message,
      consecutiveFailures: state.consecutiveFailures + 1,
    });
    await deps.store.sources.save(state).catch(() => undefined);
    deps.log.warn({ source: source.id, err: message }, 'source failed');
    return { sourceId: source.id, status: 'failed', new: 0, duplicate: 0, updated: 0, error: message };
  }
}

async function storeItems(
  store: IngestDeps['store'],
  source: SourceConfig,
  items: ReadItem[],
  publishers: Map<string, string>,
  now: string,
  index: EditionIndex,
) {
  const counts = { new: 0, duplicate: 0, updated: 0 };
  const known = await store.stories.findEditions({
    urls: items.flatMap((i) => (i.canonicalUrl ? [i.canonicalUrl] : [])),
    guids: items.flatMap((i) => (i.guid ? [{ sourceId: source.id, guid: i.guid }] : [])),
    hashes: items.map((i) => i.contentHash),
  });
  // Every edition at a link, and every one of this source's at a guid: a feed may give several items one link (a
  // homepage) or one guid (a broken feed), and each of them is its own item (SPEC 5.1: nothing is lost).
  const byUrl = groupBy(
    known.filter((e) => e.url),
    (e) => e.url as string,
  );
  const byGuid = groupBy(
    known.filter((e) => e.guid && e.sourceId === source.id),
    (e) => e.guid as string,
  );
  const byHash = new Map(known.map((e) => [e.contentHash, e]));
  // Every one of this source's editions with a text: a bulletin repeated word for word each week is several editions.
  const ownByHash = groupBy(
    known.filter((e) => e.sourceId === source.id),
    (e) => e.contentHash,
  );

  const dates = items.map((i) => i.publishedAt ?? now).sort();
  const window = { from: shiftDays(dates[0] ?? now, -10), to: shiftDays(dates.at(-1) ?? now, 10) };
  await index.load(window);
  // Stored editions in the window, then this source's new ones: what grouping and re-publication compare with.
  const candidates = index.scope(window, source.id);

  const newStories: Story[] = [];
  const addedEditions: Edition[] = [];
  const updated = new Map<string, Edition>();
  const createdNow = new Set<string>();
  const publisher = publishers.get(source.id) ?? source.id;
  // Retention (#15 cost): items of stories pruned from the store are in the dedupe ledger: duplicates, never new again.
  const pruned = await findPrunedItems(store, source.id, items, now);

  // Editions an item of this poll matched or created: no other item of the poll may take one (it would overwrite
  // that item's story, and the two would take turns at every poll). Items stored unchanged claim theirs first,
  // wherever they stand in the feed, so a changed item sharing their link or guid finds its own edition.
  const claimed = new Set<string>();
  const unchanged = new Set<ReadItem>();
  for (const item of items) {
    if (pruned.has(item)) continue;
    const same = [
      ...(ownByHash.get(item.contentHash) ?? []),
      ...(item.textHash ? (ownByHash.get(item.textHash) ?? []) : []),
    ];
    // Its own edition first (same link and guid), else any this item could be: not another issue of the same words.
    const own =
      same.find((e) => !claimed.has(e.id) && e.url === item.canonicalUrl && e.guid === item.guid) ??
      same.find((e) => !claimed.has(e.id) && !anotherIssue(e, item));
    if (own) {
      claimed.add(own.id);
      unchanged.add(item);
    }
  }
  // This source's edition ids: a second item at one link (or one guid) needs an id of its own.
  const ids = new Set(known.filter((e) => e.sourceId === source.id).map((e) => e.id));
  // The first edition in the list that no item of this poll took, this source's own first.
  const free = (list: Edition[] | undefined) =>
    list?.find((e) => !claimed.has(e.id) && e.sourceId === source.id) ?? list?.find((e) => !claimed.has(e.id));
  const add = (map: Map<string, Edition[]>, key: string, edition: Edition) => {
    const list = map.get(key);
    if (list) list.push(edition);
    else map.set(key, [edition]);
  };

  for (const item of items) {
    if (pruned.has(item) || unchanged.has(item)) {
      counts.duplicate++;
      continue;
    }
    const linked = item.canonicalUrl ? free(byUrl.get(item.canonicalUrl)) : undefined;
    // The guid wins: this source's item with the same link but another guid is another item (a homepage link).
    const otherGuid = !!(item.guid && linked?.guid && linked.sourceId === source.id && linked.guid !== item.guid);
    // A link is not always the item's identity (a homepage link): another story there is not this item.
    const atUrl = linked && sameItemAtLink(linked, item, source.id) ? linked : undefined;
    const sameText = byHash.get(item.contentHash);
    const match =
      (item.guid ? free(byGuid.get(item.guid)) : undefined) ??
      (otherGuid ? undefined : atUrl) ??
      (sameText && !anotherIssue(sameText, item) ? sameText : undefined) ??
      candidates.republicationOf(item);
    if (match) {
      // Unchanged (textHash: stored before hashes came from the feed alone), another source's copy, an edition
      // another item of this poll already took (same content, or a re-publication listed twice), or a failed page
      // fetch whose feed text brings nothing the stored text lacks (its hash may differ only because the stored one
      // was taken from the page): the stored text is kept.
      if (
        match.contentHash === item.contentHash ||
        match.contentHash === item.textHash ||
        match.sourceId !== source.id ||
        claimed.has(match.id) ||
        (item.pageFailed && !bringsNews(item, match))
      ) {
        counts.duplicate++;
        continue;
      }
      claimed.add(match.id);
      // Same story, changed content (e.g. a casualty figure revised): an update, not a new story.
      const changes = {
        title: item.title,
        text: item.text,
        contentHash: item.contentHash,
        url: item.canonicalUrl ?? match.url,
        publishedAt: item.publishedAt ?? match.publishedAt,
        updatedAt: now,
      };
      if (createdNow.has(match.id)) {
        Object.assign(match, changes); // first seen in this same run: store only its latest content
        candidates.changed(match);
      } else {
        const base = updated.get(match.id) ?? match;
        updated.set(match.id, { ...base, ...changes, version: base.version + 1 });
      }
      byHash.set(item.contentHash, match);
      add(ownByHash, item.contentHash, match);
      counts.updated++;
      continue;
    }
    const editionId = newEditionId(source.id, item, otherGuid, ids);
    const anchors = item.anchors ? anchorSet(item.anchors) : storyAnchors(`${item.title}\n${item.text}`);
    // The probe's fields only: spreading the whole item (a dozen fields) costs more than the lookup often does.
    const probe = {
      url: item.canonicalUrl,
      sourceId: source.id,
      publisher,
      language: item.language,
      publishedAt: item.publishedAt,
      firstSeenAt: now,
      text: item.text,
      title: item.title,
      // Another source's edition at this very link in another language: its translation (the link is the story's).
      alternates:
        linked?.url && linked.sourceId !== source.id && linked.language !== item.language
          ? [...item.alternates, { url: linked.url, language: linked.language }]
          : item.alternates,
    };
    const sameStory = candidates.sameStory(probe, anchors);
    const edition: Edition = {
      id: editionId,
      storyId: sameStory ?? shortId(`story|${editionId}`),
      sourceId: source.id,
      url: item.canonicalUrl,
      guid: item.guid,
      language: item.language,
      title: item.title,
      text: item.text,
      publishedAt: item.publishedAt,
      contentHash: item.contentHash,
      firstSeenAt: now,
      updatedAt: now,
      version: 1,
    };
    if (sameStory) addedEditions.push(edition);
    else
      newStories.push({
        id: edition.storyId,
        primaryEditionId: edition.id,
        firstSeenAt: now,
        updatedAt: now,
        publishedAt: item.publishedAt,
        editions: [edition],
      });
    counts.new++;
    createdNow.add(edition.id);
    claimed.add(edition.id);
    ids.add(edition.id);
    if (edition.url) add(byUrl, edition.url, edition);
    if (edition.guid) add(byGuid, edition.guid, edition);
    byHash.set(edition.contentHash, edition);
    add(ownByHash, edition.contentHash, edition);
    candidates.add(edition, anchors);
  }
  const updatedEditions = [...updated.values()];
  await store.stories.write({ newStories, addedEditions, updatedEditions });
  candidates.commit(updatedEditions);
  return counts;
}

/**
 * A new edition's id, stable from poll to poll: from its link (else guid, else content), with the guid added for a
 * second item at one link with a guid of its own (a homepage link), and the content hash added for any other second
 * item whose id would be taken (one link or one guid shared by items without their own guid).
 */
function newEditionId(sourceId: string, item: ReadItem, otherGuid: boolean, taken: Set<string>): string {
  const base = `edition|${sourceId}|${item.canonicalUrl ?? item.guid ?? item.contentHash}`;
  const id = shortId(otherGuid ? `${base}|${item.guid}` : base);
  if (!taken.has(id)) return id;
  if (item.guid && item.canonicalUrl) {
    const withGuid = shortId(`${base}|${item.guid}`);
    if (!taken.has(withGuid)) return withGuid;
  }
  return shortId(`${base}|${item.contentHash}`);
}

/**
 * Whether a changed item whose article page could not be fetched still says something its stored edition does not: a
 * new title, or a figure the stored text does not have (a casualty count revised in the feed's teaser). Then it is an
 * update with the feed's text (SPEC 5.1: the hash comes from the feed item, whatever a page fetch does); else the
 * stored, fuller text is kept.
 */
function bringsNews(item: ReadItem, stored: Edition): boolean {
  if (item.title.trim() !== stored.title.trim()) return true;
  const known = new Set(readFigures(`${stored.title}\n${stored.text}`));
  return readFigures(item.text).some((figure) => !known.has(figure));
}

/** The state of a source never polled before: no validators, no counts, no failures. */
export function newSourceState(source: Pick<SourceConfig, 'id' | 'name' | 'url'>): SourceState {
  return {
    id: source.id,
    name: source.name,
    url: source.url,
    etag: null,
    lastModified: null,
    lastFetchAt: null,
    lastSuccessAt: null,
    lastStatus: null,
    lastError: null,
    itemsNew: 0,
    itemsDuplicate: 0,
    itemsUpdated: 0,
    consecutiveFailures: 0,
  };
}

/** Turns 0..n-1: `run(i, f)` starts f once every turn before i is done; `done(i)` ends turn i (written or not). */
function inTurn(count: number) {
  const ends = Array.from({ length: count }, () => {
    let end = () => {};
    const ended = new Promise<void>((resolve) => (end = resolve));
    return { ended, end };
  });
  // Turn i is over when it is done and every turn before it is over.
  const over: Promise<void>[] = [];
  for (const [i, e] of ends.entries())
    over.push(i === 0 ? e.ended : Promise.all([over[i - 1], e.ended]).then(() => undefined));
  return {
    run: async <T>(i: number, write: () => Promise<T>): Promise<T> => {
      if (i > 0) await over[i - 1];
      return write();
    },
    /** Resolves once turns 0..i are all over (at once for i < 0). */
    over: (i: number): Promise<void> => over[i] ?? Promise.resolve(),
    done: (i: number) => ends[i]?.end(),
  };
}

/** Sources of one publisher (same name, or same registrable host) may carry editions of one story. */
function publisherKey(source: SourceConfig): string {
  return source.name.trim().toLowerCase();
}

export function shortId(key: string): string {
  return hash('sha256', key, 'base64url').slice(0, 12).replace(/[-_]/g, 'x');
}

function shiftDays(iso: string, days: number): string {
  const t = Date.parse(iso);
  return new Date((Number.isNaN(t) ? Date.now() : t) + days * 86_400_000).toISOString();
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    return code ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
