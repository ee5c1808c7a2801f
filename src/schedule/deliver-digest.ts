import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Digest } from '../domain/digest.js';
import { ChatError } from '../domain/errors.js';
import type { ChannelRef } from '../domain/types.js';
import type { ChatAdapter, PostedMessage } from '../ports/chat-adapter.js';
import type { Metrics } from '../metrics/create-metrics.js';
import type { Delivery, Store } from '../ports/store.js';
import type { Logger } from '../util/create-logger.js';

export interface DeliverDeps {
  store: Store;
  adapters: ReadonlyMap<string, ChatAdapter>;
  log: Logger;
  /** Identifies this process when several instances share the outbox. */
  workerId?: string;
  /**
   * How long a delivery stays leased to its worker; renewed while posting, so it only runs out when the worker
   * died or stopped, and then another worker takes the delivery over. Default 15 s.
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
  | { status: 'failed'; delivery: Delivery; error: ChatError | Error };

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
  const { delivery, created } = await deps.store.deliveries.create(
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
      createdAt: new Date().toISOString(),
    },
    // Written already leased to this worker: no other worker can pick it up between "recorded" and "posting".
    { claimFor: { owner: worker, leaseMs: deps.leaseMs ?? DEFAULT_LEASE_MS } },
  );
  if (created) return postDelivery(deps, delivery, request.channel, { fresh: true, claimed: true });
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
    /** The lease is already held by this worker (created or swept with it). */
    claimed?: boolean;
  } = {},
): Promise<DeliverOutcome> {
  const worker = deps.workerId ?? defaultWorkerId;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  if (posting.has(delivery.id)) return { status: 'busy', delivery };
  if (deps.isReady && !deps.isReady(delivery.platform) && deps.adapters.has(delivery.platform)) {
    // Not a failure: the lease runs out and the sweep tries again; nothing is posted or marked failed meanwhile.
    deps.log.debug({ delivery: delivery.id, platform: delivery.platform }, 'platform unreachable: delivery waits in the outbox');
    return { status: 'waiting', delivery };
  }
  if (!options.claimed && !(await deps.store.deliveries.claim(delivery.id, worker, leaseMs))) return { status: 'busy', delivery };
  posting.add(delivery.id);
  // Keep the lease while posting takes time (retries after 429): it must only run out if this process dies.
  let settled = false;
  const renew = setInterval(() => {
    if (settled) return;
    deps.store.deliveries.claim(delivery.id, worker, leaseMs).then(
      (held) => held || deps.log.warn({ delivery: delivery.id }, 'delivery lease lost while posting'),
      (err: unknown) => deps.log.warn({ err, delivery: delivery.id }, 'could not renew the delivery lease'),
    );
  }, Math.max(50, Math.floor(leaseMs / 3)));
  renew.unref();
  try {
    const outcome = await attemptPost(deps, delivery, channel, options.fresh ?? false);
    deps.metrics?.deliveryFinished(delivery.platform, outcome.status);
    return outcome;
  } finally {
    settled = true;
    clearInterval(renew);
    posting.delete(delivery.id);
  }
}

async function attemptPost(deps: DeliverDeps, delivery: Delivery, channel: ChannelRef, fresh: boolean): Promise<DeliverOutcome> {
  const adapter = deps.adapters.get(delivery.platform);
  if (!adapter) {
    const error = new ChatError('PLATFORM_DISABLED', `the ${delivery.platform} adapter is not configured`);
    await deps.store.deliveries.markFailed(delivery.id, `${error.code}: ${error.message}`);
    return { status: 'failed', delivery, error };
  }
  // A previous attempt may have posted and crashed before recording it: ask the platform first.
  if (!fresh) {
    const found = await adapter.findPostedDigest?.(channel, delivery.digestId, new Date(Date.parse(delivery.createdAt) - 60_000)).catch((err: unknown) => {
      deps.log.warn({ err, delivery: delivery.id }, 'could not check whether the digest was already posted');
      return null;
    });
    if (found && found.length > 0) {
      await deps.store.deliveries.markPosted(delivery.id, found);
      deps.log.info({ delivery: delivery.id, digest: delivery.digestId }, 'delivery found already posted; recorded it');
      return { status: 'posted', delivery, messages: found };
    }
  }
  let messages: PostedMessage[];
  try {
    messages = await adapter.post(channel, { kind: 'digest', digest: delivery.digest });
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    await deps.store.deliveries.markFailed(delivery.id, `${(err as ChatError).code ?? 'ERROR'}: ${err.message}`);
    deps.log.warn(
      { delivery: delivery.id, subscription: delivery.subscriptionId, digest: delivery.digestId, platform: delivery.platform, channel: delivery.channelId, err: err.message },
      'digest delivery failed; will retry on the next run',
    );
    return { status: 'failed', delivery, error: err };
  }
  // If recording fails now, the delivery stays pending: its recovery asks the platform before posting again.
  await deps.store.deliveries.markPosted(delivery.id, messages);
  deps.log.info(
    { delivery: delivery.id, subscription: delivery.subscriptionId, digest: delivery.digestId, platform: delivery.platform, channel: delivery.channelId, stories: delivery.storyIds, messages: messages.length },
    'digest delivered',
  );
  return { status: 'posted', delivery, messages };
}
