import { randomUUID } from 'node:crypto';
import type { Digest } from '../domain/digest.js';
import { ChatError } from '../domain/errors.js';
import type { ChannelRef } from '../domain/types.js';
import type { ChatAdapter, PostedMessage } from '../ports/chat-adapter.js';
import type { Delivery, Store } from '../ports/store.js';
import type { Logger } from '../util/create-logger.js';

export interface DeliverDeps {
  store: Store;
  adapters: ReadonlyMap<string, ChatAdapter>;
  log: Logger;
  /** Identifies this process when several instances share the outbox. */
  workerId?: string;
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
  | { status: 'empty'; delivery: Delivery | null }
  | { status: 'failed'; delivery: Delivery; error: ChatError | Error };

const LEASE_MS = 5 * 60_000;
const defaultWorker = `worker-${randomUUID().slice(0, 8)}`;

/**
 * Delivers a digest through the outbox (SPEC 7.4): the delivery is recorded before posting and completed
 * after, so a crash or restart never loses a digest and never posts one twice.
 */
export async function deliverDigest(deps: DeliverDeps, request: DeliverRequest): Promise<DeliverOutcome> {
  const { delivery, created } = await deps.store.deliveries.create({
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
  });
  if (!created && (delivery.status === 'posted' || delivery.status === 'empty')) return { status: 'already', delivery };
  return postDelivery(deps, delivery, request.channel, { fresh: created });
}

/** Posts (or re-posts) a recorded delivery; also used to retry failed and interrupted deliveries. */
export async function postDelivery(
  deps: DeliverDeps,
  delivery: Delivery,
  channel: ChannelRef,
  options: { fresh?: boolean } = {},
): Promise<DeliverOutcome> {
  const worker = deps.workerId ?? defaultWorker;
  if (!(await deps.store.deliveries.claim(delivery.id, worker, LEASE_MS))) return { status: 'busy', delivery };
  const adapter = deps.adapters.get(delivery.platform);
  if (!adapter) {
    const error = new ChatError('PLATFORM_DISABLED', `the ${delivery.platform} adapter is not configured`);
    await deps.store.deliveries.markFailed(delivery.id, error.message);
    return { status: 'failed', delivery, error };
  }
  // A previous attempt may have posted and crashed before recording it: ask the platform first.
  if (!options.fresh) {
    const found = await adapter.findPostedDigest?.(channel, delivery.digestId, new Date(Date.parse(delivery.createdAt) - 60_000)).catch(() => null);
    if (found && found.length > 0) {
      await deps.store.deliveries.markPosted(delivery.id, found);
      deps.log.info({ delivery: delivery.id, digest: delivery.digestId }, 'delivery found already posted; recorded it');
      return { status: 'posted', delivery, messages: found };
    }
  }
  try {
    const messages = await adapter.post(channel, { kind: 'digest', digest: delivery.digest });
    await deps.store.deliveries.markPosted(delivery.id, messages);
    deps.log.info({ delivery: delivery.id, digest: delivery.digestId, platform: delivery.platform, channel: delivery.channelId, messages: messages.length }, 'digest delivered');
    return { status: 'posted', delivery, messages };
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    await deps.store.deliveries.markFailed(delivery.id, `${(err as ChatError).code ?? 'ERROR'}: ${err.message}`);
    deps.log.warn({ delivery: delivery.id, err: err.message }, 'digest delivery failed; will retry on the next run');
    return { status: 'failed', delivery, error: err };
  }
}
