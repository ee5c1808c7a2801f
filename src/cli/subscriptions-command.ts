import { subscribeChannel } from '../commands/change-subscription.js';
import { parseCommand } from '../commands/parse-command.js';
import { AppError, CommandError } from '../domain/errors.js';
import type { Platform } from '../domain/types.js';
import { nextSlot } from '../schedule/cron-slots.js';
import { openCore } from './open-core.js';

export async function listSubscriptions(opts: { json?: boolean }): Promise<void> {
  const core = await openCore({ quietLogs: true });
  try {
    const subs = await core.store.subscriptions.list();
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(subs.map((s) => ({ ...s, nextRunAt: nextSlot(s.cron, s.timezone)?.toISOString() ?? null })), null, 2)}\n`);
      return;
    }
    if (subs.length === 0) process.stdout.write('No subscriptions.\n');
    for (const s of subs) {
      const next = nextSlot(s.cron, s.timezone)?.toISOString() ?? 'unknown';
      process.stdout.write(`${s.platform} ${s.channelId}  cron "${s.cron}" ${s.timezone}  ${s.languages.join(',')}  next ${next}${s.filter.length ? `  filter ${s.filter.join(',')}` : ''}\n`);
    }
  } finally {
    await core.close();
  }
}

export async function addSubscription(platform: string, channelId: string, words: string[]): Promise<void> {
  const p = checkPlatform(platform);
  let command: ReturnType<typeof parseCommand>;
  try {
    command = parseCommand(['subscribe', ...words.map((w) => (/\s/.test(w) ? `"${w}"` : w))].join(' '));
  } catch (error) {
    if (error instanceof CommandError) throw new AppError('USAGE_SUBSCRIBE', error.message);
    throw error;
  }
  if (command.name !== 'subscribe') throw new AppError('USAGE_SUBSCRIBE', 'expected subscription words');
  const core = await openCore({ quietLogs: true });
  try {
    const defaults = { languages: core.config.digest.languages, cron: core.config.digest.cron, timezone: core.config.digest.timezone };
    const sub = await subscribeChannel(core.store, defaults, { platform: p, channelId }, command, 'cli');
    process.stdout.write(`subscribed ${p} ${channelId}: cron "${sub.cron}" ${sub.timezone}, ${sub.languages.join(',')}; next run ${nextSlot(sub.cron, sub.timezone)?.toISOString() ?? 'unknown'}\n`);
  } finally {
    await core.close();
  }
}

export async function removeSubscription(platform: string, channelId: string): Promise<void> {
  const p = checkPlatform(platform);
  const core = await openCore({ quietLogs: true });
  try {
    const removed = await core.store.subscriptions.remove(p, channelId);
    process.stdout.write(removed ? `removed ${p} ${channelId}\n` : `no subscription for ${p} ${channelId}\n`);
    // Naming a subscription that does not exist is bad usage (SPEC 3), like an unknown story id.
    if (!removed) process.exitCode = 2;
  } finally {
    await core.close();
  }
}

function checkPlatform(platform: string): Platform {
  if (platform !== 'slack' && platform !== 'teams') throw new AppError('USAGE_PLATFORM', `platform must be slack or teams, not "${platform}"`);
  return platform;
}
