import pLimit, { type LimitFunction } from 'p-limit';
import { type BuildDigestDeps, buildDigest } from '../digest/build-digest.js';
import type { SourceConfig, Subscription } from '../domain/types.js';
import type { ChatAdapter } from '../ports/chat-adapter.js';
import type { LlmClient } from '../ports/llm.js';
import type { Logger } from '../util/create-logger.js';
import type { Store } from '../ports/store.js';
import { type DeliverDeps, type DeliverOutcome, deliverDigest, postDelivery } from './deliver-digest.js';
import { deliveryChannel } from './delivery-channel.js';

/** What building a digest and delivering it needs apart from the store: a scheduled run's and a chat command's alike. */
export interface DigestDeliveryDeps {
  llm: LlmClient | null;
  log: Logger;
  promptVersion: string;
  concurrency?: number;
  inputTokenCap?: number;
  sources: SourceConfig[];
  maxItems: number;
  adapters: ReadonlyMap<string, ChatAdapter>;
  workerId?: string;
  leaseMs?: number;
  isReady?: DeliverDeps['isReady'];
}

/** A scheduled run builds the channel's digest (BuildDigestDeps) and delivers it through the outbox (DeliverDeps). */
export interface RunDeps extends DigestDeliveryDeps {
  store: BuildDigestDeps['store'] & DeliverDeps['store'] & Pick<Store, 'mutes'>;
  metrics?: DeliverDeps['metrics'];
  now?: () => Date;
}

export type RunOutcome =
  | DeliverOutcome
  /** Nothing new for this channel: nothing posted, the slot counts as done. */
  | { status: 'nothing_new' }
  /**
   * The subscription was removed or replaced, its schedule changed since this task was made (another instance
   * or the CLI changed it), this slot was already run (another instance, an earlier run), or the subscription is
   * paused (the bot is out of the channel: the slot counts as done, nothing is posted or recorded as failed).
   */
  | { status: 'skipped'; reason: 'removed' | 'schedule_changed' | 'slot_done' | 'paused' };

/** A scheduled digest looks back at most this far... */
export const WINDOW_MAX_MS = 7 * 24 * 3_600_000;
/** ...and not further than this before the subscription was created (its first digest has the day's news). */
export const WINDOW_BEFORE_CREATION_MS = 24 * 3_600_000;

const MAX_REBUILDS = 3;

/**
 * One scheduled run of a subscription for one slot (SPEC 7.4): retries this channel's earlier deliveries that
 * did not go through, then builds the digest of the stories not yet delivered to the channel and delivers it
 * through the outbox, keyed by (subscription, slot) so that the slot is delivered once across all instances.
 * Nothing new: no post. Safe to call several times, in several instances, for the same slot.
 */
export async function runSubscription(deps: RunDeps, subscription: Subscription, slotAt: Date): Promise<RunOutcome> {
  let limit = runLimits.get(deps.store);
  if (!limit) {
    limit = pLimit(RUNS_AT_ONCE);
    runLimits.set(deps.store, limit);
  }
  return limit(() => runOnce(deps, subscription, slotAt));
}

/**
 * Scheduled runs of one bot (one store) building and posting at once: 1,000 channels on one slot must not hold 1,000
 * digests with their stories' text in memory together (SPEC 9: peak RSS < 400 MB; 32 at once peaked at 439 MB after
 * this round's features, 16 at 319-332 MB). The rest wait their turn.
 */
const RUNS_AT_ONCE = 16;
const runLimits = new WeakMap<object, LimitFunction>();

async function runOnce(deps: RunDeps, subscription: Subscription, slotAt: Date): Promise<RunOutcome> {
  const slot = slotAt.toISOString();
  // Re-read it: it may have been removed or changed (languages, filter) since the task was scheduled.
  const sub = await deps.store.subscriptions.get(subscription.platform, subscription.channelId);
  if (!sub || sub.id !== subscription.id) return { status: 'skipped', reason: 'removed' };
  if (sub.cron !== subscription.cron || sub.timezone !== subscription.timezone)
    return { status: 'skipped', reason: 'schedule_changed' };
  if (sub.pausedAt) {
    // Not caught up after it resumes either: a slot of the paused period is done.
    await deps.store.subscriptions.setLastSlot(sub.id, slot);
    return { status: 'skipped', reason: 'paused' };
  }
  if (sub.lastSlotAt && sub.lastSlotAt >= slot && !(await deps.store.deliveries.findSlot(sub.id, slot))) {
    return { status: 'skipped', reason: 'slot_done' };
  }
  const channel = await deliveryChannel(deps.store, sub);

  // Earlier deliveries to this channel that failed or were interrupted go first (SPEC 8: retried on the next run).
  for (const earlier of await deps.store.deliveryLog.incomplete({ platform: sub.platform, channelId: sub.channelId })) {
    if (earlier.subscriptionId === sub.id && earlier.slotAt === slot) continue;
    await postDelivery(deps, earlier, channel);
  }

  const existing = await deps.store.deliveries.findSlot(sub.id, slot);
  if (existing) {
    await deps.store.subscriptions.setLastSlot(sub.id, slot);
    if (existing.status === 'posted' || existing.status === 'empty') return { status: 'already', delivery: existing };
    return postDelivery(deps, existing, channel);
  }

  const now = deps.now?.() ?? new Date();
  const since = new Date(
    Math.max(now.getTime() - WINDOW_MAX_MS, Date.parse(sub.createdAt) - WINDOW_BEFORE_CREATION_MS),
  ).toISOString();
  for (let attempt = 1; ; attempt++) {
    const digest = await buildDigest(deps, {
      languages: sub.languages,
      languagesOnly: sub.languagesOnly ?? false,
      since,
      filter: sub.filter,
      undeliveredTo: { platform: sub.platform, channelId: sub.channelId },
      now,
      mutedSources: await deps.store.mutes.list(sub.platform, sub.channelId),
    });
    if (digest.items.length === 0) {
      await deps.store.subscriptions.setLastSlot(sub.id, slot);
      deps.log.debug({ subscription: sub.id, slot }, 'nothing new for this subscription');
      return { status: 'nothing_new' };
    }
    try {
      const outcome = await deliverDigest(deps, {
        channel,
        digest,
        kind: 'scheduled',
        subscriptionId: sub.id,
        slotAt: slot,
      });
      await deps.store.subscriptions.setLastSlot(sub.id, slot);
      return outcome;
    } catch (error) {
      // Another run (another instance, or a catch-up of an older slot) took some of these stories meanwhile:
      // the database refused the overlap, so build again without them.
      if ((error as { code?: string }).code !== 'STORIES_TAKEN' || attempt >= MAX_REBUILDS) throw error;
      deps.log.debug({ subscription: sub.id, slot }, 'stories taken by another delivery; rebuilding the digest');
    }
  }
}
