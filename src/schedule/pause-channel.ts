import type { ChatErrorCode } from '../domain/errors.js';
import type { Platform, Subscription } from '../domain/types.js';
import type { Store } from '../ports/store.js';
import type { Logger } from '../util/create-logger.js';
import { latestSlot } from './cron-slots.js';

/** Delivery errors that say the bot is not in the channel (any more): the subscription pauses instead of failing. */
export const NOT_THERE_CODES: ReadonlySet<string> = new Set<ChatErrorCode>([
  'NOT_IN_CHANNEL',
  'CHANNEL_ARCHIVED',
  'BOT_NOT_IN_CONVERSATION',
  'CONVERSATION_NOT_FOUND',
]);

/** How a delivery cancelled by a pause starts its error text ("PAUSED: the bot was removed ..."). */
export const PAUSED = 'PAUSED';

export interface PauseDeps {
  store: Pick<Store, 'subscriptions' | 'channels' | 'deliveries' | 'deliveryLog'>;
  log: Logger;
  workerId?: string;
}

type Target = { platform: Platform; channelId: string };

/**
 * The bot is out of a channel (removed, or a post refused because it is not there): its subscription is paused with
 * the reason and its settings kept, its unfinished deliveries are cancelled with the reason (neither posted nor
 * retried), and its stored conversation reference is dropped so that no later send uses it. Repeats change nothing.
 * Returns the subscription when this call paused it.
 */
export async function pauseChannel(deps: PauseDeps, target: Target, reason: string): Promise<Subscription | undefined> {
  const paused = await deps.store.subscriptions.pause(target.platform, target.channelId, reason);
  const stored = await deps.store.channels.get(target.platform, target.channelId);
  if (stored?.conversationRef) await deps.store.channels.save(target.platform, target.channelId, null);
  await cancelDeliveries(deps, target, reason);
  if (paused)
    deps.log.warn(
      { platform: target.platform, channel: target.channelId, subscription: paused.id, reason },
      'subscription paused: the bot is not in the channel; digests resume when it is added back',
    );
  return paused;
}

/** The app left the whole workspace (Slack app_uninstalled, tokens_revoked): every subscription of it pauses. */
export async function pausePlatform(deps: PauseDeps, platform: Platform, reason: string): Promise<Subscription[]> {
  const paused = await deps.store.subscriptions.pauseAll(platform, reason);
  for (const sub of paused) await cancelDeliveries(deps, sub, reason);
  if (paused.length) deps.log.warn({ platform, subscriptions: paused.length, reason }, 'every subscription paused');
  return paused;
}

/**
 * The bot is back in a paused channel: the subscription runs again from the next slot, with `conversationRef` (Teams).
 * Slots of the paused period are not caught up: the latest one counts as done. Undefined when it was not paused.
 */
export async function resumeChannel(
  deps: PauseDeps,
  target: Target,
  conversationRef: unknown | null,
): Promise<Subscription | undefined> {
  const resumed = await deps.store.subscriptions.resume(target.platform, target.channelId, conversationRef);
  if (!resumed) return undefined;
  const latest = latestSlot(resumed.cron, resumed.timezone)?.toISOString();
  if (latest) await deps.store.subscriptions.setLastSlot(resumed.id, latest);
  deps.log.info(
    { platform: target.platform, channel: target.channelId, subscription: resumed.id },
    'subscription resumed: the bot is back in the channel',
  );
  return latest && (!resumed.lastSlotAt || resumed.lastSlotAt < latest) ? { ...resumed, lastSlotAt: latest } : resumed;
}

async function cancelDeliveries(deps: PauseDeps, target: Target, reason: string): Promise<void> {
  // Cancelled only while nobody posts it (lease free, or this worker's): a failed delivery's lease is already free.
  const worker = deps.workerId ?? 'pause';
  for (const delivery of await deps.store.deliveryLog.incomplete(target)) {
    if (await deps.store.deliveries.cancel(delivery.id, worker, `${PAUSED}: not posted, ${reason}`))
      deps.log.info(
        { delivery: delivery.id, channel: target.channelId },
        'delivery cancelled: the subscription is paused',
      );
  }
}
