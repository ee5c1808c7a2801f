import type { ChannelRef, Platform } from '../domain/types.js';
import type { Store } from '../ports/store.js';

/** Where a recorded delivery goes: its channel, with the conversation reference Teams needs to post proactively. */
export async function deliveryChannel(
  store: Pick<Store, 'channels' | 'subscriptions'>,
  target: { platform: Platform; channelId: string },
): Promise<ChannelRef> {
  const subscription = await store.subscriptions.get(target.platform, target.channelId);
  const conversationRef =
    subscription?.conversationRef ??
    (await store.channels.get(target.platform, target.channelId))?.conversationRef ??
    null;
  return { platform: target.platform, channelId: target.channelId, conversationRef };
}
