import type { Digest } from '../domain/digest.js';
import type { StoryUpdate } from '../domain/story-update.js';
import type { PostedMessage } from './chat-adapter.js';
import type { Edition, Platform, Story, StorySummary, Subscription } from '../domain/types.js';

export interface SourceState {
  id: string;
  name: string;
  url: string;
  etag: string | null;
  lastModified: string | null;
  lastFetchAt: string | null;
  lastSuccessAt: string | null;
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

/** `cancelled`: a scheduled delivery dropped unposted because its channel unsubscribed (its stories are released). */
export type DeliveryStatus = 'pending' | 'posted' | 'failed' | 'empty' | 'cancelled';

export interface Delivery {
  id: string;
  subscriptionId: string | null;
  platform: Platform;
  channelId: string;
  /** `update`: a threaded update of a delivered story that was revised (its `update` says what changed). */
  kind: 'scheduled' | 'on_demand' | 'update';
  slotAt: string | null;
  digestId: string;
  digest: Digest;
  storyIds: string[];
  status: DeliveryStatus;
  attempts: number;
  error: string | null;
  messageRefs: Array<{ messageId: string; threadId: string; storyIds: string[] }> | null;
  /** Kind `update` only. */
  update: StoryUpdate | null;
  createdAt: string;
  updatedAt: string;
  postedAt: string | null;
}

export interface ThreadStories {
  digestId: string;
  storyIds: string[];
}

export interface QaTurn {
  question: string;
  answer: string;
  language: string;
  createdAt: string;
}

export interface LlmCallRecord {
  purpose: string;
  model: string;
  storyId: string | null;
  promptTokens: number;
  completionTokens: number;
  ok: boolean;
}

/** One acquisition of a delivery's lease: every state change presents it and is refused once it was lost. */
export interface DeliveryLease {
  owner: string;
  /** New and random for each acquisition. */
  token: string;
}

/** An edition whose title or text changed (version + 1), both versions kept for a threaded update. */
export interface StoryRevision {
  id: number;
  storyId: string;
  editionId: string;
  sourceId: string;
  version: number;
  oldTitle: string;
  oldText: string;
  newTitle: string;
  newText: string;
  revisedAt: string;
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

/** The store port: SQLite by default, PostgreSQL for several instances (same code, Kysely dialects). */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** Throws when the database is unreachable (healthz). */
  ping(): Promise<void>;
  close(): Promise<void>;

  sources: {
    get(id: string): Promise<SourceState | undefined>;
    list(): Promise<SourceState[]>;
    save(state: SourceState): Promise<void>;
  };

  stories: {
    /** Editions matching any of these keys (canonical URL, source+guid, content hash): dedupe lookup. */
    findEditions(keys: { urls: string[]; guids: Array<{ sourceId: string; guid: string }>; hashes: string[] }): Promise<Edition[]>;
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
    undelivered(options: { platform: Platform; channelId: string; since: string | null; limit: number }): Promise<Story[]>;
    count(): Promise<number>;
  };

  summaries: {
    get(cacheKey: string): Promise<StorySummary | undefined>;
    save(summary: StorySummary): Promise<void>;
  };

  /** Questions translated for cross-language retrieval (issue 12), by cache key. */
  translations: {
    get(cacheKey: string): Promise<string | undefined>;
    save(entry: { cacheKey: string; sourceLanguage: string; targetLanguage: string; model: string; translation: string }): Promise<void>;
  };

  llmCalls: {
    record(call: LlmCallRecord): Promise<void>;
    usageSince(since: string): Promise<{ calls: number; promptTokens: number; completionTokens: number }>;
  };

  /** LLM tokens per UTC day (`YYYY-MM-DD`), shared by every instance on the store: LLM_DAILY_TOKEN_BUDGET. */
  llmBudget: {
    /** Adds tokens to a day's count atomically. */
    add(day: string, tokens: number): Promise<void>;
    used(day: string): Promise<number>;
  };

  /** STORE_RETENTION_DAYS: deletes rows older than `before`; pruned stories leave their dedupe keys in the ledger. */
  retention: {
    prune(options: { before: string; now: string }): Promise<PruneReport>;
  };

  /** Dedupe keys of pruned stories (canonical URL, source guid, content hash). */
  ledger: {
    /** For each item, whether the ledger knows one of its keys (its story was pruned); refreshes the keys found. */
    filterPruned(items: Array<{ url: string | null; sourceId: string; guid: string | null; contentHash: string }>, seenAt: string): Promise<boolean[]>;
    count(): Promise<number>;
  };

  channels: {
    /** Remembers how to reach a channel (Teams conversation reference); keeps its languages. */
    save(platform: Platform, channelId: string, conversationRef: unknown): Promise<void>;
    /** `only`: leave out stories with no text in these languages (`lang xx,yy only`). */
    setLanguages(platform: Platform, channelId: string, languages: string[], only?: boolean): Promise<void>;
    /** `updates on|off`: threaded updates of revised stories in this channel (on when never set). */
    setUpdates(platform: Platform, channelId: string, on: boolean): Promise<void>;
    get(
      platform: Platform,
      channelId: string,
    ): Promise<{ conversationRef: unknown; languages: string[] | null; languagesOnly?: boolean; updates: boolean } | undefined>;
  };

  subscriptions: {
    upsert(subscription: Subscription): Promise<Subscription>;
    get(platform: Platform, channelId: string): Promise<Subscription | undefined>;
    list(): Promise<Subscription[]>;
    remove(platform: Platform, channelId: string): Promise<boolean>;
    /** Records the latest slot run; never moves backwards (several instances may record the same slot). */
    setLastSlot(id: string, slotAt: string): Promise<void>;
  };

  deliveries: {
    /**
     * Outbox step 1: record the delivery before posting. For a scheduled slot, returns the existing row
     * instead when that (subscription, slot) was already recorded, so a slot is never delivered twice.
     * A scheduled delivery also reserves its stories for the channel in the same transaction: when another
     * delivery already holds one of them, nothing is written and a StoreError with code STORIES_TAKEN is thrown.
     * With `claimFor`, the new row is written already leased to that worker (no window for another to claim it).
     */
    create(
      delivery: Omit<Delivery, 'attempts' | 'error' | 'messageRefs' | 'updatedAt' | 'postedAt' | 'update'> & { update?: StoryUpdate | null },
      options?: { claimFor?: { owner: string; leaseMs: number } },
    ): Promise<{ delivery: Delivery; created: boolean; lease?: DeliveryLease }>;
    /**
     * Takes a delivery's lease when nobody holds it (never leased, released, or expired by the database's clock),
     * with a new token; null when another worker holds it or the delivery is finished.
     */
    claim(id: string, owner: string, leaseMs: number): Promise<DeliveryLease | null>;
    /** Extends a held lease by `leaseMs` from the database's now; false when it was lost (expired or taken over). */
    renew(id: string, lease: DeliveryLease, leaseMs: number): Promise<boolean>;
    /**
     * Leases up to `limit` pending deliveries nobody holds (never leased, or lease expired: a crashed or stopped
     * worker), oldest first, in one statement (PostgreSQL: FOR UPDATE SKIP LOCKED, so workers never collide).
     */
    claimAbandoned(owner: string, leaseMs: number, limit: number): Promise<Array<{ delivery: Delivery; lease: DeliveryLease }>>;
    /** The delivery recorded for a scheduled slot, if any. */
    findSlot(subscriptionId: string, slotAt: string): Promise<Delivery | undefined>;
    /**
     * Outbox step 2: posted; marks its stories delivered and maps its messages to threads, in one transaction.
     * Fenced: false, and nothing changed, when `lease` no longer holds (expired by the database's clock, or taken).
     */
    markPosted(id: string, lease: DeliveryLease, messages: PostedMessage[]): Promise<boolean>;
    /** Failed (retried later with back-off); fenced like markPosted. */
    markFailed(id: string, lease: DeliveryLease, error: string): Promise<boolean>;
    /** Records one posted part (0-based) durably as it is posted; fenced; false when the lease was lost. */
    recordPart(id: string, lease: DeliveryLease, index: number, message: PostedMessage): Promise<boolean>;
    /** The parts recorded so far, by index (a retry posts only the others). */
    parts(id: string): Promise<Map<number, PostedMessage>>;
    /**
     * Drops an unfinished delivery nobody else holds (lease free, or held by `owner`) and releases the stories it
     * reserved; false when it was finished or is held by another worker.
     */
    cancel(id: string, owner: string): Promise<boolean>;
    get(id: string): Promise<Delivery | undefined>;
    /** Deliveries not completed (pending or failed), oldest first; only one channel's when given. */
    incomplete(channel?: { platform: Platform; channelId: string }): Promise<Delivery[]>;
    recent(options: { platform?: Platform; channelId?: string; limit: number }): Promise<Delivery[]>;
    /** Deliveries by status whose last change (posted, else updated) is at or after `since`. */
    countSince(options: { platform?: Platform; channelId?: string; since: string }): Promise<Partial<Record<DeliveryStatus, number>>>;
  };

  /** Threaded updates of revised stories (SPEC 7.4). */
  updates: {
    /** Revisions (changed title or text of an edition) recorded at or after `since`, oldest first. */
    revisions(since: string): Promise<StoryRevision[]>;
    /** Each channel's first digest message that carried the story (where its update goes), with when it was mapped. */
    recipients(storyId: string): Promise<Array<{ platform: Platform; channelId: string; threadId: string; messageId: string; at: string }>>;
    /** The last revision announced to a channel for a story, if any. */
    mark(platform: Platform, channelId: string, storyId: string): Promise<{ lastRevision: number; lastAt: string } | undefined>;
    /**
     * Exactly once, at most one per `cooldownMs`: moves the channel's mark for the story to `update.revision` when
     * the mark is behind it and its last update is older than the cooldown, and records the update delivery
     * (already leased to `owner`) in the same transaction. Null when an earlier run or another instance did, or the
     * cooldown still holds.
     */
    reserve(
      target: { platform: Platform; channelId: string; deliveryId: string },
      update: StoryUpdate,
      options: { cooldownMs: number; owner: string; leaseMs: number },
    ): Promise<{ delivery: Delivery; lease: DeliveryLease } | null>;
  };

  threads: {
    /** Maps a posted message to its stories (also done by deliveries.markPosted). */
    saveMessage(platform: Platform, channelId: string, message: { messageId: string; threadId: string; storyIds: string[] }, digestId: string): Promise<void>;
    /** The stories of the digest/article message(s) this thread hangs under, in digest order. */
    stories(platform: Platform, channelId: string, threadId: string): Promise<ThreadStories | undefined>;
    addTurn(platform: Platform, channelId: string, threadId: string, turn: QaTurn): Promise<void>;
    turns(platform: Platform, channelId: string, threadId: string): Promise<QaTurn[]>;
  };

  /** Sources muted per channel ("Mute this source here"). */
  mutes: {
    /** false when it was already muted there. */
    add(platform: Platform, channelId: string, sourceId: string, by: string): Promise<boolean>;
    /** false when it was not muted there. */
    remove(platform: Platform, channelId: string, sourceId: string): Promise<boolean>;
    list(platform: Platform, channelId: string): Promise<string[]>;
  };

  events: {
    /** Records a platform event id; false when it was already seen (retried delivery of the same event). */
    firstSeen(platform: Platform, eventId: string): Promise<boolean>;
  };

  /** Coordination between instances sharing one database (SPEC 7.4). */
  locks: {
    /**
     * Runs `fn` while holding the named mutex. PostgreSQL: a session advisory lock on a dedicated connection
     * (released at once if the process dies); SQLite: an in-process mutex (one process owns a SQLite file).
     * Throws StoreError LOCK_TIMEOUT when the lock is not obtained within `timeoutMs` (default 10 minutes).
     */
    withLock<T>(name: string, fn: () => Promise<T>, options?: { timeoutMs?: number }): Promise<T>;
    /** Takes the named lease until `until`, or renews it for the same owner; false while another owner holds it. */
    /**
     * Takes the named lease until `until` (measured as a duration from now by the database's clock), or renews it
     * for the same owner; resolves to the acquisition's token, or null while another owner holds it.
     */
    acquireLease(name: string, owner: string, until: Date): Promise<string | null>;
    /** Extends a lease still held under this token (not expired by the database's clock); false when it was lost. */
    renewLease(name: string, owner: string, token: string, until: Date): Promise<boolean>;
    /** Gives the lease up early (only when `owner` holds it). */
    releaseLease(name: string, owner: string): Promise<void>;
  };
}
