import type { StoryUpdate } from '../domain/story-update.js';
import type { Platform } from '../domain/types.js';
import type { Digest } from '../domain/digest.js';
import type { PostedMessage } from './chat-adapter.js';

/**
 * `cancelled`: dropped unposted (its stories are released): a scheduled delivery of a channel that unsubscribed, or
 * any delivery of a channel the bot was removed from (its `error` says so).
 */
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

/** The outbox (SPEC 7.4): a delivery is recorded before it is posted, leased to one worker, and fenced by its lease. */
export interface DeliveryOutbox {
  /**
   * Outbox step 1: record the delivery before posting. For a scheduled slot, returns the existing row
   * instead when that (subscription, slot) was already recorded, so a slot is never delivered twice.
   * A scheduled delivery also reserves its stories for the channel in the same transaction: when another
   * delivery already holds one of them, nothing is written and a StoreError with code STORIES_TAKEN is thrown.
   * An on-demand delivery holds those of its stories no other delivery holds (it may repeat delivered ones).
   * With `claimFor`, the new row is written already leased to that worker (no window for another to claim it).
   */
  create(
    delivery: Omit<
      Delivery,
      'attempts' | 'error' | 'messageRefs' | 'updatedAt' | 'postedAt' | 'update' | 'createdAt'
    > & {
      update?: StoryUpdate | null;
      /**
       * Default: now by the database's clock. The platform's history is searched from a little before it (Slack), so
       * it must not come from a host clock that runs ahead: a post made then would not be found, and posted again.
       */
      createdAt?: string;
    },
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
  claimAbandoned(
    owner: string,
    leaseMs: number,
    limit: number,
  ): Promise<Array<{ delivery: Delivery; lease: DeliveryLease }>>;
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
   * reserved; false when it was finished or is held by another worker. `reason` is recorded as its error.
   */
  cancel(id: string, owner: string, reason?: string): Promise<boolean>;
}

/** Deliveries as a history: what `status`, the preview and recovery read. */
export interface DeliveryLog {
  get(id: string): Promise<Delivery | undefined>;
  /** Deliveries not completed (pending or failed), oldest first; only one channel's when given. */
  incomplete(channel?: { platform: Platform; channelId: string }): Promise<Delivery[]>;
  recent(options: { platform?: Platform; channelId?: string; limit: number }): Promise<Delivery[]>;
  /** Deliveries by status whose last change (posted, else updated) is at or after `since`. */
  countSince(options: {
    platform?: Platform;
    channelId?: string;
    since: string;
  }): Promise<Partial<Record<DeliveryStatus, number>>>;
}

/** Threaded updates of revised stories (SPEC 7.4). */
export interface UpdateStore {
  /** Revisions (changed title or text of an edition) recorded at or after `since`, oldest first. */
  revisions(since: string): Promise<StoryRevision[]>;
  /** Each channel's first digest message that carried the story (where its update goes), with when it was mapped. */
  recipients(
    storyId: string,
  ): Promise<Array<{ platform: Platform; channelId: string; threadId: string; messageId: string; at: string }>>;
  /** The last revision announced to a channel for a story, if any. */
  mark(
    platform: Platform,
    channelId: string,
    storyId: string,
  ): Promise<{ lastRevision: number; lastAt: string } | undefined>;
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
}
