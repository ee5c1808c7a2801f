import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/digest/build-digest.js';
import { deliverDigest, postDelivery } from '../../src/schedule/deliver-digest.js';
import { type ConnectorRequest, isAccepted } from '../fakes/fake-bot-connector.js';
import { BOT, PERSONAL_CHAT, type TeamsHarness, TENANT, startTeamsHarness } from './teams-harness.js';

const isDigest = (r: ConnectorRequest) =>
  r.activity?.type === 'message' && JSON.stringify(r.activity).includes('Migration news digest');

describe('Teams delivery when the Bot Connector throttles or fails', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness();
  });
  afterAll(async () => h?.stop());

  it('retries a 429 after its Retry-After and posts the digest once', async () => {
    h.connector.failNext(2, 429, { retryAfterSeconds: 1, when: isDigest });
    const since = h.connector.requests.length;
    expect(await h.send(h.personal('latest'))).toBe(200);
    await h.messagesAfter(since, 1);
    const attempts = h.connector.requests.slice(since).filter(isDigest);
    expect(attempts.map((r) => r.status)).toEqual([429, 429, 200]);
    // No attempt before the Retry-After of the previous 429 ran out.
    for (let i = 1; i < attempts.length; i++)
      expect((attempts[i]?.at ?? 0) - (attempts[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(new Set(attempts.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(h.connector.messages().filter((r) => r.path === attempts[2]?.path && isDigest(r))).toHaveLength(1);
  });

  it('retries a 503 with backoff and posts once', async () => {
    h.connector.failNext(1, 503, { when: isDigest });
    const since = h.connector.requests.length;
    expect(await h.send(h.personal('latest'))).toBe(200);
    await h.messagesAfter(since, 1);
    const attempts = h.connector.requests.slice(since).filter(isDigest);
    expect(attempts.map((r) => r.status)).toEqual([503, 200]);
    expect(attempts.filter(isAccepted)).toHaveLength(1);
  });

  it('still hands a command over quickly when the connector throttles the typing indicator', async () => {
    h.connector.failNext(1, 429, { retryAfterSeconds: 4, when: (r) => r.activity?.type === 'typing' });
    const since = h.connector.requests.length;
    const started = Date.now();
    expect(await h.send(h.personal('help'))).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);
    const [reply] = await h.messagesAfter(since, 1);
    expect(reply?.operation).toBe('replyToActivity');
  });

  it('gives up after a bounded number of tries, records the delivery as failed, and posts it once on the next run', async () => {
    const conversationRef = {
      channelId: 'msteams',
      serviceUrl: h.connector.url,
      conversation: { id: PERSONAL_CHAT, conversationType: 'personal', tenantId: TENANT },
      bot: BOT,
    };
    const channel = { platform: 'teams' as const, channelId: PERSONAL_CHAT, conversationRef };
    const digest = await buildDigest(h.bot.deps, { languages: ['en', 'ar'], since: null });
    h.connector.failNext(10, 429, { retryAfterSeconds: 0, when: isDigest });
    const since = h.connector.requests.length;
    const outcome = await deliverDigest(h.bot.deps, { channel, digest, kind: 'on_demand' });
    expect(outcome.status).toBe('failed');
    if (outcome.status !== 'failed') return;
    expect(outcome.error).toMatchObject({ code: 'RATE_LIMITED' });
    const tries = h.connector.requests.slice(since).filter(isDigest);
    // botbuilder's connector client: the first try and 3 retries.
    expect(tries).toHaveLength(4);
    expect(tries.filter(isAccepted)).toHaveLength(0);
    expect((await h.core.store.deliveryLog.get(outcome.delivery.id))?.status).toBe('failed');

    // Next run, the connector is healthy again.
    h.connector.clearFailures();
    const second = await postDelivery(h.bot.deps, outcome.delivery, channel);
    expect(second.status).toBe('posted');
    expect(h.connector.requests.slice(since).filter((r) => isDigest(r) && isAccepted(r))).toHaveLength(1);
  });
});
