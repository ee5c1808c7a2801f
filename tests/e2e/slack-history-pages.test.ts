import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/digest/build-digest.js';
import type { ChannelRef } from '../../src/domain/types.js';
import { postDelivery } from '../../src/schedule/deliver-digest.js';
import { makeNewDelivery } from '../helpers/factories.js';
import { type SlackHarness, startSlackHarness } from './slack-harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => h?.stop());

const slack = (channelId: string): ChannelRef => ({ platform: 'slack', channelId });

/**
 * SPEC 7.4: a digest posted but not recorded is confirmed through message metadata, never posted blindly. In a busy
 * channel the bot's message may be many pages of conversations.history back by the time the outbox checks.
 */
describe('confirming a posted digest far back in a busy channel', () => {
  it('finds it beyond ten pages of history, instead of posting it again', { timeout: 60_000 }, async () => {
    const digest = await buildDigest(
      { ...h.bot.deps, maxItems: 3 },
      { languages: ['en', 'ar'], since: new Date(Date.now() - 86_400_000).toISOString(), limit: 3 },
    );
    // The bot posted it, then lost the record (a crash, a dropped database connection)...
    await h.bot.adapters.get('slack')?.post(slack('CBUSY'), { kind: 'digest', digest });
    // Leased to the retrying worker, so the bot's own sweep leaves it to this test.
    const { delivery, lease } = await h.core.store.deliveries.create(
      makeNewDelivery({ id: 'busy-delivery', channelId: 'CBUSY', digest }),
      { claimFor: { owner: 'retrying-worker', leaseMs: 60_000 } },
    );
    // ...and people wrote 2,100 messages in the channel before the retry.
    for (let i = 0; i < 2_100; i++) h.fake.addUserMessage({ channel: 'CBUSY', text: `chat ${i}`, user: 'U0001' });

    const outcome = await postDelivery({ ...h.bot.deps, workerId: 'retrying-worker' }, delivery, slack('CBUSY'), {
      ...(lease ? { lease } : {}),
    });
    expect(outcome.status).toBe('posted');
    expect(h.fake.posted({ channel: 'CBUSY' }).filter((m) => m.metadata)).toHaveLength(1);
  });

  it('waits, and does not post it again, when the history since it is longer than it reads', {
    timeout: 60_000,
  }, async () => {
    const digest = await buildDigest(
      { ...h.bot.deps, maxItems: 3 },
      { languages: ['en', 'ar'], since: new Date(Date.now() - 86_400_000).toISOString(), limit: 3 },
    );
    await h.bot.adapters.get('slack')?.post(slack('CFLOOD'), { kind: 'digest', digest });
    // Leased to the retrying worker, so the bot's own sweep leaves it to this test.
    const { delivery, lease } = await h.core.store.deliveries.create(
      makeNewDelivery({ id: 'flood-delivery', channelId: 'CFLOOD', digest }),
      { claimFor: { owner: 'retrying-worker', leaseMs: 60_000 } },
    );
    for (let i = 0; i < 10_100; i++) h.fake.addUserMessage({ channel: 'CFLOOD', text: `chat ${i}`, user: 'U0001' });

    const outcome = await postDelivery({ ...h.bot.deps, workerId: 'retrying-worker' }, delivery, slack('CFLOOD'), {
      ...(lease ? { lease } : {}),
    });
    expect(outcome.status).toBe('waiting');
    expect(h.fake.posted({ channel: 'CFLOOD' }).filter((m) => m.metadata)).toHaveLength(1);
    expect((await h.core.store.deliveryLog.get('flood-delivery'))?.error).toMatch(/^UNCONFIRMED: /);
  });
});
