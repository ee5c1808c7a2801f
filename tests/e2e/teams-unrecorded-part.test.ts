import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { postDelivery, deliverDigest } from '../../src/schedule/deliver-digest.js';
import { type ConnectorRequest, isAccepted } from '../fakes/fake-bot-connector.js';
import { makeLargeDigest } from '../helpers/digest-items.js';
import { BOT, cardTextOf, TEAM_CHANNEL, TENANT, type TeamsHarness, startTeamsHarness } from './teams-harness.js';

const isDigestPart = (r: ConnectorRequest) => /part \d+\/\d+/.test(cardTextOf(r));

/**
 * SPEC 7.4 on Teams, where the Bot Connector cannot list what was posted: the database connection drops right
 * after the connector accepted part 2 of a digest, so its record is lost. The bot that posted it knows it did: its
 * next attempt must not post part 2 again.
 */
describe('a Teams digest part accepted by the connector but not recorded (the database connection dropped)', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness();
  });
  afterAll(async () => h?.stop());

  it('is not posted again by the same bot on its retry: every part once, in one thread', async () => {
    const digest = makeLargeDigest(100);
    const conversationRef = {
      channelId: 'msteams',
      serviceUrl: h.connector.url,
      conversation: { id: TEAM_CHANNEL, conversationType: 'channel', isGroup: true, tenantId: TENANT },
      bot: BOT,
    };
    const channel = { platform: 'teams' as const, channelId: TEAM_CHANNEL, conversationRef };
    const since = h.connector.requests.length;
    const { recordPart } = h.core.store.deliveries;
    const spy = vi
      .spyOn(h.core.store.deliveries, 'recordPart')
      .mockImplementation((id, lease, index, message) =>
        index === 1
          ? Promise.reject(new Error('Connection terminated unexpectedly'))
          : recordPart.call(h.core.store.deliveries, id, lease, index, message),
      );
    const first = await deliverDigest(h.bot.deps, { channel, digest, kind: 'on_demand' });
    spy.mockRestore();
    if (first.status !== 'failed') throw new Error(`expected a failed delivery, got ${first.status}`);
    const accepted = () => h.connector.requests.slice(since).filter((r) => isAccepted(r) && isDigestPart(r));
    expect(accepted()).toHaveLength(2);
    const total = Number(/part 1\/(\d+)/.exec(cardTextOf(accepted()[0]!))?.[1]);
    expect(total).toBeGreaterThan(2);

    const stored = await h.core.store.deliveryLog.get(first.delivery.id);
    const second = await postDelivery(h.bot.deps, stored!, channel);
    expect(second.status).toBe('posted');
    const texts = accepted().map((r) => /part (\d+)\/\d+/.exec(cardTextOf(r))?.[1]);
    expect(texts).toEqual(Array.from({ length: total }, (_, i) => String(i + 1)));
    const thread = accepted()[0]?.createdId as string;
    for (const r of accepted().slice(1)) expect(r.conversationId).toBe(thread);
    const recorded = await h.core.store.deliveryLog.get(first.delivery.id);
    expect(recorded?.messageRefs?.flatMap((m) => m.storyIds)).toEqual(digest.items.map((i) => i.id));
  });
});
