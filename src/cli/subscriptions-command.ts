import { subscribeChannel } from '../chat/change-subscription.js';
import { describeSubscriptionChange } from '../chat/describe-subscription-change.js';
import { parseCommand } from '../chat/parse-command.js';
import { AppError, CommandError } from '../domain/errors.js';
import type { Platform } from '../domain/types.js';
import { nextSlot } from '../schedule/cron-slots.js';
import { openApp } from './open-app.js';
import { safe } from './render-text.js';

export async function listSubscriptions(opts: { json?: boolean }): Promise<void> {
  const app = await openStoreApp();
  const { core } = app;
  try {
    const subs = await core.store.subscriptions.list();
    if (opts.json) {
      process.stdout.write(
        `${JSON.stringify(
          subs.map((s) => ({
            ...s,
            nextRunAt: nextSlot(s.cron, s.timezone)?.toISOString() ?? null,
            pausedAt: s.pausedAt ?? null,
            pausedReason: s.pausedReason ?? null,
          })),
          null,
          2,
        )}\n`,
      );
      return;
    }
    if (subs.length === 0) process.stdout.write('No subscriptions.\n');
    for (const s of subs) {
      const next = nextSlot(s.cron, s.timezone)?.toISOString() ?? 'unknown';
      // Paused: the bot is out of the channel; it resumes when the bot is added back there.
      const when = s.pausedAt
        ? `paused since ${s.pausedAt}: ${safe(s.pausedReason ?? 'the bot is not in the channel')}`
        : `next ${next}`;
      process.stdout.write(
        `${s.platform} ${s.channelId}  cron "${s.cron}" ${s.timezone}  ${s.languages.join(',')}  ${when}${s.filter.length ? `  filter ${s.filter.join(',')}` : ''}\n`,
      );
    }
  } finally {
    await app.close();
  }
}

export async function addSubscription(platform: string, channelId: string, words: string[]): Promise<void> {
  const p = checkPlatform(platform);
  // "#general" or a channel name would be stored and then fail at every run: refuse it now.
  if (p === 'slack' && !SLACK_CHANNEL_ID.test(channelId)) {
    throw new AppError(
      'USAGE_CHANNEL',
      `"${channelId.slice(0, 80)}" is not a Slack channel id; ids look like C0123ABCD (in Slack: the channel's name > About, at the bottom), not #general`,
    );
  }
  let command: ReturnType<typeof parseCommand>;
  try {
    command = parseCommand(['subscribe', ...words.map((w) => (/\s/.test(w) ? `"${w}"` : w))].join(' '));
  } catch (error) {
    if (error instanceof CommandError) throw new AppError('USAGE_SUBSCRIBE', error.message);
    throw error;
  }
  if (command.name !== 'subscribe') throw new AppError('USAGE_SUBSCRIBE', 'expected subscription words');
  const app = await openStoreApp();
  const { core } = app;
  try {
    const defaults = {
      languages: core.config.digest.languages,
      cron: core.config.digest.cron,
      timezone: core.config.digest.timezone,
    };
    const before = await core.store.subscriptions.get(p, channelId);
    const sub = await subscribeChannel(core.store, defaults, { platform: p, channelId }, command, 'cli');
    const now = `cron "${sub.cron}" ${sub.timezone}, ${sub.languages.join(',')}${sub.languagesOnly ? ' only' : ''}; next run ${nextSlot(sub.cron, sub.timezone)?.toISOString() ?? 'unknown'}`;
    // Re-adding changes the existing subscription: say what changed and what was kept.
    const change = before
      ? `updated ${p} ${channelId}: ${describeSubscriptionChange(before, sub).replace(/^Updated: /, '')}\n  now: ${now}`
      : `subscribed ${p} ${channelId}: ${now}`;
    process.stdout.write(`${change}\n`);
    // Changed, but still paused: the bot is out of that channel until it is added back there.
    if (sub.pausedAt)
      process.stderr.write(
        `warning: this subscription is paused since ${sub.pausedAt} (${safe(sub.pausedReason ?? 'the bot is not in the channel')}): no digest is posted until the bot is added back to ${channelId}\n`,
      );
    // Teams posts proactively with a stored conversation reference: without one the digests cannot go out yet.
    if (p === 'teams' && !sub.conversationRef) {
      process.stderr.write(
        `warning: the bot has no conversation reference for ${channelId} yet, so digests cannot be posted there: mention the bot there once (e.g. "@Migration News help") and it will be stored\n`,
      );
    }
  } finally {
    await app.close();
  }
}

export async function removeSubscription(platform: string, channelId: string): Promise<void> {
  const p = checkPlatform(platform);
  const app = await openStoreApp();
  const { core } = app;
  try {
    const removed = await core.store.subscriptions.remove(p, channelId);
    process.stdout.write(removed ? `removed ${p} ${channelId}\n` : `no subscription for ${p} ${channelId}\n`);
    // Naming a subscription that does not exist is bad usage (SPEC 3), like an unknown story id.
    if (!removed) process.exitCode = 2;
  } finally {
    await app.close();
  }
}

/** Subscriptions live in the store alone: no sources file is read. */
const openStoreApp = () => openApp({ quietLogs: true, sourcesUse: 'none' });

/** Slack channel, group and DM ids: C/G/D and upper-case letters and digits. */
const SLACK_CHANNEL_ID = /^[CGD][A-Z0-9]{6,}$/;

function checkPlatform(platform: string): Platform {
  if (platform !== 'slack' && platform !== 'teams')
    throw new AppError('USAGE_PLATFORM', `platform must be slack or teams, not "${platform}"`);
  return platform;
}
