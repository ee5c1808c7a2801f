import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/digest/build-digest.js';
import type { ChannelRef } from '../../src/domain/types.js';
import { deliverDigest, postDelivery } from '../../src/schedule/deliver-digest.js';
import { validateSlackPayload } from '../helpers/validate-slack-payload.js';
import { eventually, type SlackHarness, startSlackHarness, storyTitled } from './slack-harness.js';
import { makeNewDelivery } from '../helpers/factories.js';

let h: SlackHarness;

beforeAll(async () => {
  h = await startSlackHarness();
  // 100 more stories, for the long digests below (`latest` keeps to DIGEST_MAX_ITEMS = 10).
  const many = Array.from({ length: 100 }, (_, i) =>
    storyTitled(
      `bulk-${String(i).padStart(3, '0')}`,
      `Story ${i}: ${i * 17} people reached the coast <!here>`,
      `Story ${i}: ${i * 17} people reached the coast of Sicily on Sunday, the coast guard said. ${'Rescue teams worked through the night. '.repeat(8)}`,
    ),
  );
  await h.core.store.stories.write({ newStories: many, addedEditions: [], updatedEditions: [] });
});
afterAll(async () => {
  await h?.stop();
});

const slack = (channelId: string): ChannelRef => ({ platform: 'slack', channelId });

/** A real digest of `count` stories built by the core (offline summaries), bypassing the 50-story cap of commands. */
const bigDigest = (count: number) =>
  buildDigest(
    { ...h.bot.deps, maxItems: count },
    { languages: ['en', 'ar'], since: new Date(Date.now() - 86_400_000).toISOString(), limit: count },
  );

describe('posting digests to Slack', () => {
  it('retries a 429 from chat.postMessage no earlier than Retry-After, and posts the digest once', async () => {
    h.fake.rateLimit('chat.postMessage', { times: 1, retryAfter: 1 });
    const ack = await h.command('latest', { channel: 'CRATE' });
    expect(ack.status).toBe(200);
    await h.fake.waitFor(() => h.fake.posted({ channel: 'CRATE' }).length > 0, 15_000, 'the digest');
    const attempts = h.fake.calls('chat.postMessage').filter((r) => r.body.channel === 'CRATE');
    expect(attempts.map((a) => a.status)).toEqual([429, 200]);
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect(h.fake.posted({ channel: 'CRATE' })).toHaveLength(1);
    const [delivery] = await eventually(async () => {
      const recent = await h.core.store.deliveryLog.recent({ platform: 'slack', channelId: 'CRATE', limit: 1 });
      return recent[0]?.status === 'posted' ? recent : null;
    });
    expect(delivery?.messageRefs).toHaveLength(1);
  });

  it('splits a 100-story digest into messages that Slack receives within every limit', async () => {
    const digest = await bigDigest(100);
    expect(digest.items).toHaveLength(100);
    const outcome = await deliverDigest(h.bot.deps, { channel: slack('CBIG'), digest, kind: 'on_demand' });
    expect(outcome.status).toBe('posted');
    const requests = h.fake.calls('chat.postMessage').filter((r) => r.body.channel === 'CBIG');
    expect(requests.length).toBeGreaterThan(1);
    requests.forEach((r, i) => {
      expect(validateSlackPayload(r.body), `message ${i + 1}`).toEqual([]);
      expect(r.body.metadata).toMatchObject({
        event_payload: { digest_id: digest.id, part: i + 1, parts: requests.length },
      });
    });
    const blocks = requests.map((r) => (r.body.blocks as unknown[]).length);
    console.info(
      `100-story digest: ${requests.length} messages, ${blocks.reduce((a, b) => a + b, 0)} blocks (at most ${Math.max(...blocks)} per message)`,
    );
    const storyIds = requests.flatMap((r) =>
      String((r.body.metadata as { event_payload: { story_ids: string } }).event_payload.story_ids).split(','),
    );
    expect(storyIds).toEqual(digest.items.map((i) => i.id));
    // Every part is its own thread root, mapped to its own stories.
    const posted = h.fake.posted({ channel: 'CBIG' });
    const mapped = await h.core.store.threads.stories('slack', 'CBIG', posted[1]?.ts ?? '');
    expect(mapped?.storyIds.length).toBeGreaterThan(0);
    // The second message numbers its stories after the first's ("#12"): the mapping knows where they start.
    const firstMetadata = requests[0]?.body.metadata as { event_payload: { story_ids: string } } | undefined;
    const firstPart = String(firstMetadata?.event_payload.story_ids).split(',');
    expect(mapped?.firstNumber).toBe(firstPart.length + 1);
    expect(JSON.stringify(requests[1]?.body.blocks)).toContain(`*${firstPart.length + 1}* ·`);
    expect(JSON.stringify(requests.map((r) => r.body.blocks))).not.toContain('<!here>');
  });

  it.each<[string, string, string, { status?: number }]>([
    ['an ok:false internal_error', 'CERR1', 'internal_error', {}],
    ['an HTTP 500', 'CERR2', 'internal_error', { status: 500 }],
    ['an HTTP 503', 'CERR3', 'service_unavailable', { status: 503 }],
  ])(
    'a post answered with %s is looked for in the history, then posted again after a back-off: once, in the same delivery',
    async (_what, channel, error, options) => {
      const digest = await bigDigest(3);
      h.fake.fail('chat.postMessage', error, { channel, ...options });
      const outcome = await deliverDigest(h.bot.deps, { channel: slack(channel), digest, kind: 'on_demand' });
      expect(outcome.status).toBe('posted');
      const inChannel = h.fake.requests.filter((r) => r.body.channel === channel);
      expect(inChannel.map((r) => `${r.method} ${r.status}`)).toEqual([
        `chat.postMessage ${options.status ?? 200}`,
        'conversations.history 200',
        'chat.postMessage 200',
      ]);
      expect(inChannel[0]?.error).toBe(error);
      // The default back-off (1 s) before the check; the check looks for this digest by its metadata.
      expect((inChannel[1]?.at ?? 0) - (inChannel[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
      expect(inChannel[1]?.body.include_all_metadata).toBe(true);
      const posted = h.fake.posted({ channel });
      expect(posted).toHaveLength(1);
      const recorded = await h.core.store.deliveryLog.get(outcome.delivery?.id ?? '');
      expect(recorded).toMatchObject({ status: 'posted', attempts: 1 });
      expect(recorded?.messageRefs?.[0]?.messageId).toBe(posted[0]?.ts);
    },
  );

  it('a post that went through although Slack answered fatal_error is found in the history, not posted again', async () => {
    const digest = await bigDigest(3);
    h.fake.fail('chat.postMessage', 'fatal_error', { channel: 'CLANDED', landed: true });
    const outcome = await deliverDigest(h.bot.deps, { channel: slack('CLANDED'), digest, kind: 'on_demand' });
    expect(outcome.status).toBe('posted');
    expect(h.fake.calls('chat.postMessage').filter((r) => r.body.channel === 'CLANDED')).toHaveLength(1);
    const posted = h.fake.posted({ channel: 'CLANDED' });
    expect(posted).toHaveLength(1);
    expect((await h.core.store.deliveryLog.get(outcome.delivery?.id ?? ''))?.messageRefs?.[0]?.messageId).toBe(
      posted[0]?.ts,
    );
  });

  it('a slash command whose digest post fails once with internal_error still gets its digest, once', async () => {
    h.fake.fail('chat.postMessage', 'internal_error', { channel: 'CCMD5XX' });
    expect((await h.command('latest', { channel: 'CCMD5XX' })).status).toBe(200);
    await h.fake.waitFor(() => h.fake.posted({ channel: 'CCMD5XX' }).length > 0, 15_000, 'the digest');
    const [delivery] = await eventually(async () => {
      const recent = await h.core.store.deliveryLog.recent({ platform: 'slack', channelId: 'CCMD5XX', limit: 1 });
      return recent[0]?.status === 'posted' ? recent : null;
    });
    expect(delivery?.attempts).toBe(1);
    expect(h.fake.posted({ channel: 'CCMD5XX' })).toHaveLength(1);
  });

  it('after a failure half-way that cannot be confirmed, a retry posts only the missing parts (found through message metadata)', async () => {
    const digest = await bigDigest(30);
    h.fake.fail('chat.postMessage', 'internal_error', { skip: 1, times: 1, channel: 'CHALF' });
    // The history cannot be read right after the failure: the part is not posted again blindly, the delivery fails.
    h.fake.fail('conversations.history', 'missing_scope', { times: 1, channel: 'CHALF' });
    const first = await deliverDigest(h.bot.deps, { channel: slack('CHALF'), digest, kind: 'on_demand' });
    expect(first.status).toBe('failed');
    if (!first.delivery) throw new Error('the failed delivery was not recorded');
    const recorded = first.delivery;
    const partsAfterFailure = h.fake.posted({ channel: 'CHALF' }).length;
    expect(partsAfterFailure).toBe(1);

    const stored = await h.core.store.deliveryLog.get(recorded.id);
    const retry = await postDelivery(h.bot.deps, stored ?? recorded, slack('CHALF'));
    expect(retry.status).toBe('posted');
    const posted = h.fake.posted({ channel: 'CHALF' });
    const parts = posted.map((m) => Number(m.metadata?.event_payload.part));
    const total = Number(posted[0]?.metadata?.event_payload.parts);
    expect(total).toBeGreaterThan(1);
    expect(parts).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(
      h.fake
        .calls('conversations.history')
        .some((r) => r.body.channel === 'CHALF' && r.body.include_all_metadata === true),
    ).toBe(true);
    expect((await h.core.store.deliveryLog.get(recorded.id))?.status).toBe('posted');
  });

  it('confirms a digest that was posted but not recorded, instead of posting it again', async () => {
    const digest = await bigDigest(3);
    // The post went through, then the process "died" before recording it.
    const adapter = h.bot.adapters.get('slack');
    await adapter?.post(slack('CLOST'), { kind: 'digest', digest });
    const { delivery } = await h.core.store.deliveries.create(
      makeNewDelivery({ id: 'lost-delivery', channelId: 'CLOST', digest }),
    );
    // The bot's own outbox sweep may get to this abandoned delivery first ('busy' here): either way, it is confirmed.
    const outcome = await postDelivery(h.bot.deps, delivery, slack('CLOST'));
    expect(['posted', 'busy']).toContain(outcome.status);
    const recorded = await eventually(async () => {
      const d = await h.core.store.deliveryLog.get('lost-delivery');
      return d?.status === 'posted' ? d : null;
    });
    expect(h.fake.posted({ channel: 'CLOST' })).toHaveLength(1);
    expect(recorded?.messageRefs?.[0]?.messageId).toBe(h.fake.posted({ channel: 'CLOST' })[0]?.ts);
  });

  it('under a 1 message/s/channel limit, each channel waits its own Retry-After and gets its digest exactly once', async () => {
    const digest = await bigDigest(30);
    const channels = ['CPC1', 'CPC2', 'CPC3'];
    h.fake.limitPerChannel({ perSecond: 1, retryAfter: 1 });
    try {
      const outcomes = await Promise.all(
        channels.map((c) => deliverDigest(h.bot.deps, { channel: slack(c), digest, kind: 'on_demand' })),
      );
      expect(outcomes.map((o) => o.status)).toEqual(['posted', 'posted', 'posted']);
    } finally {
      h.fake.limitPerChannel(null);
    }
    for (const channel of channels) {
      const posted = h.fake.posted({ channel });
      expect(posted.map((m) => Number(m.metadata?.event_payload.part))).toEqual(
        Array.from({ length: posted.length }, (_, i) => i + 1),
      );
      expect(posted.length).toBeGreaterThan(1);
      const requests = h.fake.calls('chat.postMessage').filter((r) => r.body.channel === channel);
      expect(requests.some((r) => r.status === 429)).toBe(true);
      requests.forEach((r, i) => {
        const next = requests[i + 1];
        if (r.status === 429 && next) expect(next.at - r.at).toBeGreaterThanOrEqual(1_000);
      });
    }
  });

  it('gives up on a Retry-After longer than its bound and leaves the delivery failed for the next run', async () => {
    h.fake.rateLimit('chat.postMessage', { times: 1, retryAfter: 3600 });
    const digest = await bigDigest(2);
    const outcome = await deliverDigest(h.bot.deps, { channel: slack('CSLOW'), digest, kind: 'on_demand' });
    expect(outcome.status).toBe('failed');
    expect((outcome as { error: { code?: string } }).error.code).toBe('RATE_LIMITED');
    expect(h.fake.posted({ channel: 'CSLOW' })).toEqual([]);
  });
});
