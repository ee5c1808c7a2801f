import type { Digest } from '../domain/digest.js';
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
  kind: 'scheduled' | 'on_demand';
  slotAt: string | null;
  digestId: string;
  digest: Digest;
  storyIds: string[];
  status: DeliveryStatus;
  attempts: number;
  error: string | null;
  messageRefs: Array<{ messageId: string; threadId: string; storyIds: string[] }> | null;
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

  llmCalls: {
    record(call: LlmCallRecord): Promise<void>;
    usageSince(since: string): Promise<{ calls: number; promptTokens: number; completionTokens: number }>;
  };

  channels: {
    /** Remembers how to reach a channel (Teams conversation reference); keeps its languages. */
    save(platform: Platform, channelId: string, conversationRef: unknown): Promise<void>;
    setLanguages(platform: Platform, channelId: string, languages: string[]): Promise<void>;
    get(platform: Platform, channelId: string): Promise<{ conversationRef: unknown; languages: string[] | null } | undefined>;
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
      delivery: Omit<Delivery, 'attempts' | 'error' | 'messageRefs' | 'updatedAt' | 'postedAt'>,
      options?: { claimFor?: { owner: string; leaseMs: number } },
    ): Promise<{ delivery: Delivery; created: boolean }>;
    /** Takes (or renews, for the same owner) a lease on a pending/failed delivery; false when another worker holds it. */
    claim(id: string, owner: string, leaseMs: number): Promise<boolean>;
    /**
     * Leases up to `limit` pending deliveries nobody holds (never leased, or lease expired: a crashed or stopped
     * worker), oldest first, in one statement (PostgreSQL: FOR UPDATE SKIP LOCKED, so workers never collide).
     */
    claimAbandoned(owner: string, leaseMs: number, limit: number): Promise<Delivery[]>;
    /** The delivery recorded for a scheduled slot, if any. */
    findSlot(subscriptionId: string, slotAt: string): Promise<Delivery | undefined>;
    /** Outbox step 2: posted; marks its stories delivered and maps its messages to threads, in one transaction. */
    markPosted(id: string, messages: Array<{ messageId: string; threadId: string; storyIds: string[] }>): Promise<void>;
    markFailed(id: string, error: string): Promise<void>;
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

  threads: {
    /** Maps a posted message to its stories (also done by deliveries.markPosted). */
    saveMessage(platform: Platform, channelId: string, message: { messageId: string; threadId: string; storyIds: string[] }, digestId: string): Promise<void>;
    /** The stories of the digest/article message(s) this thread hangs under, in digest order. */
    stories(platform: Platform, channelId: string, threadId: string): Promise<ThreadStories | undefined>;
    addTurn(platform: Platform, channelId: string, threadId: string, turn: QaTurn): Promise<void>;
    turns(platform: Platform, channelId: string, threadId: string): Promise<QaTurn[]>;
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
    acquireLease(name: string, owner: string, until: Date): Promise<boolean>;
    /** Gives the lease up early (only when `owner` holds it). */
    releaseLease(name: string, owner: string): Promise<void>;
  };
}
