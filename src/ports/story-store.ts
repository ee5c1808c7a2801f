import type { Edition, Platform, Story } from '../domain/types.js';

export interface SourceState {
  id: string;
  name: string;
  url: string;
  etag: string | null;
  lastModified: string | null;
  lastFetchAt: string | null;
  lastSuccessAt: string | null;
  /**
   * The first successful fetch (null before it). Undated items found then may be of any age: a digest ranks them
   * after the dated ones (src/digest/compose-digest.ts).
   */
  firstSuccessAt?: string | null;
  lastStatus: 'ok' | 'not_modified' | 'failed' | null;
  lastError: string | null;
  itemsNew: number;
  itemsDuplicate: number;
  itemsUpdated: number;
  consecutiveFailures: number;
}

/** What an ingest run writes, in one transaction. */
export interface IngestWrite {
  newStories: Story[];
  /** New editions attached to stories that already exist (another language, another source). */
  addedEditions: Edition[];
  /** Existing editions whose content changed (version already incremented). */
  updatedEditions: Edition[];
}

/** What one retention run deleted (and moved to the dedupe ledger), by table. */
export interface PruneReport {
  stories: number;
  editions: number;
  summaries: number;
  deliveredStories: number;
  deliveries: number;
  threadMessages: number;
  qaTurns: number;
  processedEvents: number;
  llmCalls: number;
  tokenDays: number;
  ledgerAdded: number;
  ledgerExpired: number;
  /** Threaded-update revisions (and their per-channel marks). */
  revisions: number;
  questionTranslations: number;
}

/** Each feed's fetch state (validators, health, counts). */
export interface SourceStore {
  get(id: string): Promise<SourceState | undefined>;
  list(): Promise<SourceState[]>;
  save(state: SourceState): Promise<void>;
}

/** Stories and their editions: the dedupe lookup, the grouping window, digests' selection. */
export interface StoryStore {
  /** Editions matching any of these keys (canonical URL, source+guid, content hash): dedupe lookup. */
  findEditions(keys: {
    urls: string[];
    guids: Array<{ sourceId: string; guid: string }>;
    hashes: string[];
  }): Promise<Edition[]>;
  /** Editions published or first seen in [from, to], for grouping languages of one story. */
  editionsBetween(from: string, to: string): Promise<Edition[]>;
  /** Content hashes of a source's latest editions (newest first): items still in the feed, unchanged, need no page fetch. */
  recentHashes(sourceId: string, limit: number): Promise<string[]>;
  write(batch: IngestWrite): Promise<void>;
  get(id: string): Promise<Story | undefined>;
  getMany(ids: string[]): Promise<Story[]>;
  findByUrl(url: string): Promise<Story | undefined>;
  /** Latest stories (by publication, else first seen) at or after `since`, newest first. */
  latest(options: { since: string | null; limit: number }): Promise<Story[]>;
  /** Stories at or after `since` not yet delivered to this channel, newest first. */
  undelivered(options: {
    platform: Platform;
    channelId: string;
    since: string | null;
    limit: number;
  }): Promise<Story[]>;
  count(): Promise<number>;
}

/** Dedupe keys of pruned stories (canonical URL, source guid, content hash). */
export interface DedupeLedger {
  /** For each item, whether the ledger knows one of its keys (its story was pruned); refreshes the keys found. */
  filterPruned(
    items: Array<{ url: string | null; sourceId: string; guid: string | null; contentHash: string }>,
    seenAt: string,
  ): Promise<boolean[]>;
  count(): Promise<number>;
}

/** STORE_RETENTION_DAYS: deletes rows older than `before`; pruned stories leave their dedupe keys in the ledger. */
export interface RetentionStore {
  prune(options: { before: string; now: string }): Promise<PruneReport>;
}
