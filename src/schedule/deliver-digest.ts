import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Digest } from '../domain/digest.js';
import type { ChatError } from '../domain/errors.js';
import type { ChannelRef } from '../domain/types.js';
import type { ChatAdapter, PostedMessage } from '../ports/chat-adapter.js';
import type { Metrics } from '../metrics/create-metrics.js';
import type { Delivery, DeliveryLease, Store } from '../ports/store.js';
import { attemptPost } from './attempt-post.js';
import { holdLease } from './hold-lease.js';
import { PAUSED } from './pause-channel.js';
import type { Logger } from '../util/create-logger.js';

export interface DeliverDeps {
  /** The outbox, and where a channel's conversation reference is kept (Teams). */
  store: Pick<Store, 'deliveries' | 'deliveryLog' | 'channels' | 'subscriptions'>;
  adapters: ReadonlyMap<string, ChatAdapter>;
  log: Logger;
  /** Identifies this process when several instances share the outbox. */
  workerId?: string;
  /**
   * How long a delivery stays leased to its worker, by the database's clock; renewed while posting, so it only
   * runs out when the worker died or stalled, and then another worker takes the delivery over (the stalled one is
   * fenced off: it posts and records nothing more). Default 15 s (DELIVERY_LEASE_MS).
   */
  leaseMs?: number;
  /** Counts delivery outcomes by platform (GET /metrics). */
  metrics?: Pick<Metrics, 'deliveryFinished'>;
  /** False while a platform cannot be reached: its deliveries stay pending in the outbox (retried when it is back). */
  isReady?: (platform: string) => boolean;
}

export interface DeliverRequest {
  channel: ChannelRef;
  digest: Digest;
  kind: Delivery['kind'];
  subscriptionId?: string | null;
  /** Scheduled slot (ISO): with subscriptionId, a slot is delivered at most once. */
  slotAt?: string | null;
}

export type DeliverOutcome =
  | { status: 'posted'; delivery: Delivery; messages: PostedMessage[] }
  | { status: 'already'; delivery: Delivery }
  | { status: 'busy'; delivery: Delivery }
  /** The platform is unreachable: the delivery stays pending and is posted when it is back. */
  | { status: 'waiting'; delivery: Delivery }
  | { status: 'empty'; delivery: Delivery | null }
  | { status: 'failed'; delivery: Delivery; error: ChatError | Error }
  /** Not posted: the platform could not confirm whether an earlier attempt went through; retried with back-off. */
  | { status: 'waiting'; delivery: Delivery; reason: string }
  /** This worker lost the lease (stalled past it): it posted nothing more and recorded nothing; another finishes. */
  | { status: 'lost'; delivery: Delivery }
  /** Not posted and closed: the channel's subscription is paused (the bot is out of the channel); `reason` says so. */
  | { status: 'cancelled'; delivery: Delivery; reason: string };

export const DEFAULT_LEASE_MS = 15_000;

/** A new worker id that says where it runs (host and pid); unique, so two bots in one process never share one. */
export function createWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** The worker id used when the caller names none. */
export const defaultWorkerId = createWorkerId();

// Deliveries this process is posting right now: a lease renewed by the same worker must not let a second
// code path of that worker (recovery sweep, subscription run) post the same delivery again.
const posting = new Set<string>();

/**
 * Delivers a digest through the outbox (SPEC 7.4): the delivery is recorded before posting and completed
 * after, so a crash or restart never loses a digest and never posts one twice.
 * A scheduled digest whose stories another delivery took meanwhile throws StoreError STORIES_TAKEN (rebuild it).
 */
export async function deliverDigest(deps: DeliverDeps, request: DeliverRequest): Promise<DeliverOutcome> {
  if (request.digest.items.length === 0) return { status: 'empty', delivery: null };
  const worker = deps.workerId ?? defaultWorkerId;
  const { delivery, created, lease } = await deps.store.deliveries.create(
    {
      id: randomUUID(),
      subscriptionId: request.subscriptionId ?? null,
      platform: request.channel.platform,
      channelId: request.channel.channelId,
      kind: request.kind,
      slotAt: request.slotAt ?? null,
      digestId: request.digest.id,
      digest: request.digest,
      storyIds: request.digest.items.map((i) => i.id),
      status: 'pending',
    },
    // Written already leased to this worker: no other worker can pick it up between "recorded" and "posting".
    { claimFor: { owner: worker, leaseMs: deps.leaseMs ?? DEFAULT_LEASE_MS } },
  );
  if (created && lease) return postDelivery(deps, delivery, request.channel, { fresh: true, lease });
  if (delivery.status === 'posted' || delivery.status === 'empty') return { status: 'already', delivery };
  return postDelivery(deps, delivery, request.channel);
}

/** Posts (or re-posts) a recorded delivery; also used to retry failed and interrupted deliveries. */
export async function postDelivery(
  deps: DeliverDeps,
  delivery: Delivery,
  channel: ChannelRef,
  options: {
    /** Recorded by this call just now: it cannot have been posted before, skip the platform check. */
    fresh?: boolean;
    /** The lease this worker already holds (created or swept with it). */
    lease?: DeliveryLease;
  } = {},
): Promise<DeliverOutcome> {
  const worker = deps.workerId ?? defaultWorkerId;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  if (posting.has(delivery.id)) return { status: 'busy', delivery };
  if (deps.isReady && !deps.isReady(delivery.platform) && deps.adapters.has(delivery.platform)) {
    // Not a failure: the lease runs out and the sweep tries again; nothing is posted or marked failed meanwhile.
    deps.log.debug(
      { delivery: delivery.id, platform: delivery.platform },
      'platform unreachable: delivery waits in the outbox',
    );
    return { status: 'waiting', delivery };
  }
  // A story update for a channel the bot was removed from: nothing is posted there (scheduled runs check it themselves).
  if (delivery.kind === 'update') {
    const sub = await deps.store.subscriptions.get(delivery.platform, delivery.channelId);
    if (sub?.pausedAt) {
      const reason = `${PAUSED}: not posted, ${sub.pausedReason ?? 'the subscription is paused'}`;
      if (await deps.store.deliveries.cancel(delivery.id, worker, reason)) {
        deps.metrics?.deliveryFinished(delivery.platform, 'cancelled');
        return { status: 'cancelled', delivery, reason };
      }
    }
  }
  const lease = options.lease ?? (await deps.store.deliveries.claim(delivery.id, worker, leaseMs));
  if (!lease) return { status: 'busy', delivery };
  posting.add(delivery.id);
  // Renewed while posting; checked again before each post, so a worker that lost it posts nothing more.
  const held = holdLease(deps.store, delivery.id, lease, leaseMs, deps.log);
  try {
    const outcome = await attemptPost(deps, delivery, channel, options.fresh ?? false, held);
    deps.metrics?.deliveryFinished(delivery.platform, outcome.status);
    return outcome;
  } finally {
    held.stop();
    posting.delete(delivery.id);
  }
}
