import type { Platform, Subscription } from '../domain/types.js';
import type { ChatEvent } from '../ports/chat-adapter.js';
import { nextSlot } from '../schedule/cron-slots.js';
import { type PauseDeps, pauseChannel, pausePlatform, resumeChannel } from '../schedule/pause-channel.js';
import { describeSchedule } from './build-status-view.js';

/**
 * The bot was added to a conversation: its reference is stored (Teams), a subscription paused while the bot was out
 * resumes, and the greeting says so.
 */
export async function followInstall(deps: PauseDeps, event: Extract<ChatEvent, { type: 'installed' }>): Promise<void> {
  const { channel } = event;
  if (channel.conversationRef)
    await deps.store.channels.save(event.platform, channel.channelId, channel.conversationRef);
  const resumed = await resumeChannel(deps, channel, channel.conversationRef ?? null);
  await event.greet?.(resumed ? describeResume(resumed) : null);
}

/** The bot was removed from a conversation (or the whole workspace): its subscriptions pause, settings kept. */
export async function followRemoval(deps: PauseDeps, event: Extract<ChatEvent, { type: 'removed' }>): Promise<void> {
  if (!event.channel) {
    await pausePlatform(
      deps,
      event.platform,
      `the app was uninstalled from the workspace or its bot token revoked (${event.cause})`,
    );
    return;
  }
  const reason = `${why(event)} (${event.cause})`;
  await pauseChannel(deps, event.channel, reason);
  if (!event.alsoCovers) return;
  for (const sub of await deps.store.subscriptions.list()) {
    if (sub.platform !== event.platform || sub.channelId === event.channel.channelId || sub.pausedAt) continue;
    if (event.alsoCovers(sub.conversationRef, sub.channelId))
      await pauseChannel(deps, { platform: sub.platform, channelId: sub.channelId }, reason);
  }
}

/** "the bot was removed from the channel", "the channel was archived", "the team was deleted" (Teams covers a team). */
function why(event: Extract<ChatEvent, { type: 'removed' }>): string {
  const where = event.alsoCovers && event.platform === 'teams' ? 'team' : place(event.platform);
  return event.gone ? `the ${where} was ${event.gone}` : `the bot was removed from the ${where}`;
}

/**
 * A command from a channel whose subscription is paused: the bot is evidently back (Teams sends commands only from
 * conversations the bot is in; Slack is asked whether the bot is a member), so the digests resume. The note to show,
 * or null when nothing resumed.
 */
export async function resumeOnCommand(
  deps: PauseDeps,
  event: Extract<ChatEvent, { type: 'command' }>,
): Promise<string | null> {
  if (event.viaButton) return null;
  const sub = await deps.store.subscriptions.get(event.platform, event.channel.channelId);
  if (!sub?.pausedAt) return null;
  if (await event.cannotPostHere?.().catch(() => null)) return null;
  const resumed = await resumeChannel(deps, event.channel, event.channel.conversationRef ?? null);
  return resumed ? describeResume(resumed) : null;
}

/** "Digests resume: weekdays at 08:00 (Africa/Cairo), next run ... Slots missed meanwhile are not caught up." */
export function describeResume(sub: Subscription): string {
  const next = nextSlot(sub.cron, sub.timezone)?.toISOString();
  return [
    `Digests resume: ${describeSchedule(sub.cron)} (${sub.timezone}), ${sub.languages.join(' + ')}${sub.filter.length ? `, filter: ${sub.filter.join(', ')}` : ''}`,
    `${next ? `, next run ${next.replace('T', ' ').slice(0, 16)} UTC` : ''}.`,
    ` Slots missed while I was out of this ${place(sub.platform)} are not caught up.`,
  ].join('');
}

/** "Paused since 2026-12-07 20:15 UTC: the bot was removed from the channel (channel_left)." */
export function describePause(sub: Pick<Subscription, 'pausedAt' | 'pausedReason'>): string | null {
  if (!sub.pausedAt) return null;
  return `Paused since ${sub.pausedAt.replace('T', ' ').slice(0, 16)} UTC: ${sub.pausedReason ?? 'the bot is not in this channel'}.`;
}

const place = (platform: Platform) => (platform === 'teams' ? 'conversation' : 'channel');
