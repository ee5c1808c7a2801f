import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsAdapter } from '../../adapters/teams/create-teams-adapter.js';
import { deliverDigest, postDelivery } from '../../src/schedule/deliver-digest.js';
import { createStore } from '../../src/store/create-store.js';
import { silentLogger } from '../../src/util/create-logger.js';
import { type ConnectorRequest, isAccepted } from '../fakes/fake-bot-connector.js';
import { makeLargeDigest } from '../helpers/digest-items.js';
import { makeTeamsConfig } from '../helpers/factories.js';
import { makeRunDeps } from '../helpers/schedule-harness.js';
import { BOT, cardTextOf, TEAM_CHANNEL, TENANT, type TeamsHarness, startTeamsHarness } from './teams-harness.js';

const isDigestPart = (r: ConnectorRequest) => /part \d+\/\d+/.test(cardTextOf(r));

/**
 * SPEC 7.4 on Teams, where the Bot Connector cannot list what was posted: each part's activity id is recorded in
 * the store as it is accepted, so a retry after part 2 failed posts parts 2..n only, into the thread part 1
 * started, even from a restarted bot (a new store handle on the same database, a new adapter, a new worker).
 */
describe('a Teams digest whose part 2 fails', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness();
  });
  afterAll(async () => h?.stop());

  it('is resumed at part 2 after a restart: no duplicate of part 1, every part once, in one thread', async () => {
    const digest = makeLargeDigest(100);
    const conversationRef = {
      channelId: 'msteams',
      serviceUrl: h.connector.url,
      conversation: { id: TEAM_CHANNEL, conversationType: 'channel', isGroup: true, tenantId: TENANT },
      bot: BOT,
    };
    const channel = { platform: 'teams' as const, channelId: TEAM_CHANNEL, conversationRef };
    const since = h.connector.requests.length;
    // Part 1 starts the channel thread; every later part is refused (botbuilder's own retries included).
    h.connector.failNext(20, 503, { when: (r) => r.operation === 'sendToConversation' && isDigestPart(r) });
    const first = await deliverDigest(h.bot.deps, { channel, digest, kind: 'on_demand' });
    if (first.status !== 'failed') throw new Error(`expected a failed delivery, got ${first.status}`);
    const accepted = () => h.connector.requests.slice(since).filter((r) => isAccepted(r) && isDigestPart(r));
    expect(accepted().map((r) => r.operation)).toEqual(['createConversation']);
    const total = Number(/part 1\/(\d+)/.exec(cardTextOf(accepted()[0]!))?.[1]);
    expect(total).toBeGreaterThan(2);

    // "Restart": nothing of the first bot's memory is used, only the database.
    h.connector.clearFailures();
    const store = await createStore(h.core.config.databaseUrl);
    const teams = createTeamsAdapter(makeTeamsConfig(), { log: silentLogger(), app: express() });
    await teams.start(async () => undefined);
    try {
      expect([...(await store.deliveries.parts(first.delivery.id)).keys()]).toEqual([0]);
      const delivery = await store.deliveryLog.get(first.delivery.id);
      const second = await postDelivery(makeRunDeps(store, [teams]), delivery!, channel);
      expect(second.status).toBe('posted');

      const parts = accepted();
      const texts = parts.map((r) => /part (\d+)\/\d+/.exec(cardTextOf(r))?.[1]);
      expect(texts).toEqual(Array.from({ length: total }, (_, i) => String(i + 1)));
      const thread = parts[0]?.createdId as string;
      expect(parts.filter((r) => r.operation === 'createConversation')).toHaveLength(1);
      for (const r of parts.slice(1)) expect(r.conversationId).toBe(thread);
      const recorded = await store.deliveryLog.get(first.delivery.id);
      expect(recorded?.messageRefs?.map((m) => m.threadId)).toEqual(Array.from({ length: total }, () => thread));
      expect(recorded?.messageRefs?.flatMap((m) => m.storyIds)).toEqual(digest.items.map((i) => i.id));
    } finally {
      await teams.stop();
      await store.close();
    }
  });
});
