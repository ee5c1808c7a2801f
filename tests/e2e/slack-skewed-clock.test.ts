import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildDigest } from '../../src/digest/build-digest.js';
import type { ChannelRef } from '../../src/domain/types.js';
import { deliverDigest, postDelivery } from '../../src/schedule/deliver-digest.js';
import { type SlackHarness, startSlackHarness } from './slack-harness.js';

/** How far ahead of Slack (and of the database) the bot's host clock runs: its NTP is broken. */
const AHEAD_MS = 5 * 60_000;

let h: SlackHarness;
beforeAll(async () => {
  // Slack stamps messages with its own clock (the real one), not with the bot's.
  h = await startSlackHarness({ slack: { now: () => performance.timeOrigin + performance.now() } });
});
afterAll(async () => h?.stop());
afterEach(() => {
  vi.useRealTimers();
});

const slack = (channelId: string): ChannelRef => ({ platform: 'slack', channelId });
const digestOf = (count: number) =>
  buildDigest(
    { ...h.bot.deps, maxItems: count },
    { languages: ['en', 'ar'], since: new Date(Date.now() - 86_400_000).toISOString(), limit: count },
  );
/** The bot's host clock, and only it (not the timers, not Slack's or the database's clock), runs ahead. */
const clockAhead = () => vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + AHEAD_MS, shouldAdvanceTime: true });

describe('a bot whose host clock runs minutes ahead of Slack', () => {
  it('confirms a post that Slack took but answered internal_error, instead of posting it twice', async () => {
    const digest = await digestOf(3);
    clockAhead();
    h.fake.fail('chat.postMessage', 'internal_error', { landed: true, channel: 'CSKEW1' });
    const outcome = await deliverDigest(h.bot.deps, { channel: slack('CSKEW1'), digest, kind: 'on_demand' });
    expect(outcome.status).toBe('posted');
    expect(h.fake.posted({ channel: 'CSKEW1' })).toHaveLength(1);
  });

  it('a retry by an instance with a right clock finds the part that the skewed one posted but could not record', async () => {
    const digest = await digestOf(3);
    clockAhead();
    // The database connection drops right after Slack accepted the post: the part is not recorded.
    const recordPart = vi
      .spyOn(h.core.store.deliveries, 'recordPart')
      .mockRejectedValueOnce(new Error('Connection terminated unexpectedly'));
    const first = await deliverDigest(h.bot.deps, { channel: slack('CSKEW2'), digest, kind: 'on_demand' });
    recordPart.mockRestore();
    expect(first.status).toBe('failed');
    expect(h.fake.posted({ channel: 'CSKEW2' })).toHaveLength(1);

    vi.useRealTimers();
    const stored = first.delivery ? await h.core.store.deliveryLog.get(first.delivery.id) : undefined;
    if (!stored) throw new Error('the failed delivery was not recorded');
    const retry = await postDelivery({ ...h.bot.deps, workerId: 'other-instance' }, stored, slack('CSKEW2'));
    expect(retry.status).toBe('posted');
    expect(h.fake.posted({ channel: 'CSKEW2' })).toHaveLength(1);
  });
});
