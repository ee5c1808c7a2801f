import type { Delivery } from '../ports/store.js';
import { UNCONFIRMED } from './attempt-post.js';
import {
  DEFAULT_LEASE_MS,
  type DeliverDeps,
  type DeliverOutcome,
  defaultWorkerId,
  postDelivery,
} from './deliver-digest.js';
import { deliveryChannel } from './delivery-channel.js';
import { PAUSED } from './pause-channel.js';

export interface RecoverOptions {
  /** Most deliveries taken per sweep. */
  limit?: number;
  /** Also retry failed deliveries whose back-off has passed (not only abandoned pending ones). */
  retryFailed?: boolean;
  now?: Date;
}

/** Failed deliveries are retried after 1, 2, 4 ... minutes (at most an hour apart), at most this many times here. */
export const MAX_SWEEP_ATTEMPTS = 8;

/**
 * Finishes deliveries nobody is working on: pending ones whose worker crashed or stopped (its lease expired)
 * and, optionally, failed ones due for a retry. Each is leased
 * first, then checked with the platform (Slack message metadata) before posting, so none is posted twice.
 */
export async function recoverDeliveries(deps: DeliverDeps, options: RecoverOptions = {}): Promise<DeliverOutcome[]> {
  const worker = deps.workerId ?? defaultWorkerId;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const outcomes: DeliverOutcome[] = [];
  // Scheduled digests of a channel that unsubscribed meanwhile are dropped, and their stories released.
  const incomplete = await deps.store.deliveryLog.incomplete();
  const orphans = new Set<string>();
  // Deliveries of a channel whose subscription is paused (the bot is out of it) are not posted either, with the reason.
  const paused = new Map<string, string>();
  for (const delivery of incomplete) {
    const sub = await deps.store.subscriptions.get(delivery.platform, delivery.channelId);
    if (delivery.kind === 'scheduled' && !sub) orphans.add(delivery.id);
    else if (sub?.pausedAt) paused.set(delivery.id, sub.pausedReason ?? 'the subscription is paused');
  }
  for (const id of orphans) {
    if (await deps.store.deliveries.cancel(id, worker))
      deps.log.info({ delivery: id }, 'scheduled delivery cancelled: the channel unsubscribed');
  }
  for (const [id, reason] of paused) {
    if (await deps.store.deliveries.cancel(id, worker, `${PAUSED}: not posted, ${reason}`)) {
      orphans.add(id);
      deps.log.info({ delivery: id }, 'delivery cancelled: the subscription is paused');
    }
  }
  for (const { delivery, lease } of await deps.store.deliveries.claimAbandoned(worker, leaseMs, options.limit ?? 20)) {
    const sub = orphans.has(delivery.id)
      ? undefined
      : await deps.store.subscriptions.get(delivery.platform, delivery.channelId);
    if (orphans.has(delivery.id) || (delivery.kind === 'scheduled' && !sub)) {
      await deps.store.deliveries.cancel(delivery.id, worker);
      continue;
    }
    if (sub?.pausedAt) {
      await deps.store.deliveries.cancel(delivery.id, worker, `${PAUSED}: not posted, ${sub.pausedReason ?? 'paused'}`);
      continue;
    }
    deps.log.info(
      { delivery: delivery.id, kind: delivery.kind, slot: delivery.slotAt },
      'finishing an interrupted delivery',
    );
    outcomes.push(await postDelivery(deps, delivery, await deliveryChannel(deps.store, delivery), { lease }));
  }
  if (options.retryFailed) {
    const now = (options.now ?? new Date()).getTime();
    const due = incomplete.filter((d) => d.status === 'failed' && !orphans.has(d.id) && isDue(d, now));
    for (const delivery of due.slice(0, options.limit ?? 20)) {
      outcomes.push(await postDelivery(deps, delivery, await deliveryChannel(deps.store, delivery)));
    }
  }
  return outcomes;
}

function isDue(delivery: Delivery, now: number): boolean {
  // One that waits for the platform to confirm an earlier post may already be out: it is checked until it is
  // confirmed or posted (an hour apart at most), however many times that takes.
  const waiting = delivery.error?.startsWith(`${UNCONFIRMED}:`) ?? false;
  if (delivery.attempts >= MAX_SWEEP_ATTEMPTS && !waiting) return false;
  const backoffMs = Math.min(60, 2 ** Math.max(0, delivery.attempts - 1)) * 60_000;
  return Date.parse(delivery.updatedAt) + backoffMs <= now;
}
