import { randomUUID } from 'node:crypto';
import type { ChannelRef, Subscription } from '../domain/types.js';
import type { Store } from '../ports/store.js';
import type { Command } from './parse-command.js';

export interface SubscriptionDefaults {
  languages: string[];
  cron: string;
  timezone: string;
}

/** Creates or changes a channel's subscription (`subscribe`); unspecified parts keep their value or the defaults. */
export async function subscribeChannel(
  store: Pick<Store, 'subscriptions' | 'channels'>,
  defaults: SubscriptionDefaults,
  channel: ChannelRef,
  command: Extract<Command, { name: 'subscribe' }>,
  createdBy: string,
): Promise<Subscription> {
  const existing = await store.subscriptions.get(channel.platform, channel.channelId);
  const channelPrefs = await store.channels.get(channel.platform, channel.channelId);
  const now = new Date().toISOString();
  return store.subscriptions.upsert({
    id: existing?.id ?? randomUUID(),
    platform: channel.platform,
    channelId: channel.channelId,
    conversationRef: channel.conversationRef ?? existing?.conversationRef ?? channelPrefs?.conversationRef ?? null,
    cron: command.cron ?? existing?.cron ?? defaults.cron,
    timezone: command.timezone ?? existing?.timezone ?? defaults.timezone,
    languages: command.languages ?? existing?.languages ?? channelPrefs?.languages ?? defaults.languages,
    // New languages without `only` drop it; no `lang` keeps what the subscription (or the channel) had.
    languagesOnly:
      command.languagesOnly ??
      (command.languages ? false : (existing?.languagesOnly ?? channelPrefs?.languagesOnly ?? false)),
    filter: command.filter ?? existing?.filter ?? [],
    createdBy: existing?.createdBy ?? createdBy,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    // A new subscription starts now: it owes no digest for slots before it existed.
    lastSlotAt: existing?.lastSlotAt ?? now,
  });
}

/** `lang xx,yy`: changes the subscription's languages, and the channel's for on-demand digests. */
export async function setChannelLanguages(
  store: Pick<Store, 'subscriptions' | 'channels'>,
  channel: ChannelRef,
  languages: string[],
  only = false,
): Promise<Subscription | undefined> {
  await store.channels.setLanguages(channel.platform, channel.channelId, languages, only);
  const existing = await store.subscriptions.get(channel.platform, channel.channelId);
  if (!existing) return undefined;
  return store.subscriptions.upsert({
    ...existing,
    languages,
    languagesOnly: only,
    updatedAt: new Date().toISOString(),
  });
}
