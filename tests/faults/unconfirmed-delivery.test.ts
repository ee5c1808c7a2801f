import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/create-slack-adapter.js';
import { describeStatus } from '../../src/chat/describe-status.js';
import type { Store } from '../../src/ports/store.js';
import { postStoryUpdates } from '../../src/schedule/post-story-updates.js';
import { MAX_SWEEP_ATTEMPTS, recoverDeliveries } from '../../src/schedule/recover-deliveries.js';
import { runSubscription } from '../../src/schedule/run-subscription.js';
import { createStore } from '../../src/store/create-store.js';
import { silentLogger } from '../../src/util/create-logger.js';
import { type FakeSlackApi, startFakeSlackApi } from '../fakes/fake-slack-api.js';
import { addStories, makeRunDeps } from '../helpers/schedule-harness.js';
import { makeSubscription } from '../helpers/factories.js';
import { digestMessages, storiesPosted } from '../helpers/serve-setup.js';
import { type FaultProxy, startFaultProxy } from '../helpers/fault-proxy.js';

const log = silentLogger();
const slot = (n: number) => new Date(Date.UTC(2031, 0, 1, n));
const isPost = (path: string) => path.endsWith('/chat.postMessage');
const isHistory = (path: string) => path.endsWith('/conversations.history');

type Breaker = (proxy: FaultProxy, fake: FakeSlackApi) => void;
const HISTORY_FAILURES: Array<[string, Breaker]> = [
  // Retry-After beyond the adapter's wait limit (5 s here): it does not wait, the check cannot answer.
  ['429 beyond the wait limit', (_p, fake) => fake.rateLimit('conversations.history', { times: 1, retryAfter: 120 })],
  ['HTTP 500', (proxy) => proxy.inject(isHistory, { kind: 'status', status: 500, body: 'upstream error' }, 10)],
  // Twice: the failed post's own check, then the next run's.
  ['missing_scope', (_p, fake) => fake.fail('conversations.history', 'missing_scope', { times: 2 })],
];

/**
 * SPEC 7.4, never post blindly: when the Slack history check cannot say whether an earlier attempt posted the
 * digest (right after the failed post, or on the next run), the delivery is not posted; `status` says it waits,
 * and a later run posts it once (or confirms it).
 * Real Bolt WebClient against the fake Slack through a fault proxy, real SQLite, the real scheduled run.
 */
describe('the Slack history check cannot answer: the delivery waits instead of posting blindly', () => {
  let dir: string;
  let fake: FakeSlackApi;
  let proxy: FaultProxy;
  let slack: SlackAdapter;
  const stores: Store[] = [];
  let n = 0;
  let clockOffset = 0;
  /** Time passes for the adapter, beyond any Retry-After these tests give (120 s). */
  const afterRetryAfter = () => {
    clockOffset += 121_000;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mnb-unconfirmed-'));
    fake = await startFakeSlackApi();
    proxy = await startFaultProxy(fake.apiUrl);
    slack = createSlackAdapter(
      {
        botToken: fake.token,
        signingSecret: 'test-signing-secret',
        appToken: undefined,
        apiUrl: `${proxy.origin}/api/`,
      },
      {
        log,
        app: express(),
        timeoutMs: 5_000,
        retry: { maxAttempts: 2, maxWaitMs: 5_000, backoffMs: 10 },
        // The adapter keeps a Retry-After by this clock: a test's "later run" moves it past the 120 s.
        now: () => Date.now() + clockOffset,
      },
    );
    await slack.start(async () => undefined);
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await slack?.stop();
    await proxy?.close();
    await fake?.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    proxy.clear();
  });

  async function setUp(channelId: string) {
    const store = await createStore(`sqlite:${join(dir, `db-${++n}.sqlite`)}`);
    stores.push(store);
    await addStories(store, ['a', 'b']);
    const sub = await store.subscriptions.upsert(makeSubscription({ channelId, lastSlotAt: null }));
    const last = async () => (await store.deliveryLog.recent({ platform: 'slack', channelId, limit: 1 }))[0];
    return { store, sub, deps: makeRunDeps(store, [slack]), last };
  }

  it.each(HISTORY_FAILURES)(
    '%s, after a post whose answer was lost: no second post, then or on the next run; a later run confirms it',
    async (_name, breakHistory) => {
      const channel = `CLOST${n + 1}`;
      const { store, sub, deps, last } = await setUp(channel);
      // Slack takes the post, the answer never comes back, and the history cannot say whether it is there.
      proxy.inject(isPost, { kind: 'drop-after-accept' });
      breakHistory(proxy, fake);
      expect((await runSubscription(deps, sub, slot(1))).status).toBe('failed');
      expect(digestMessages(fake, channel)).toHaveLength(1);
      expect(await last()).toMatchObject({ status: 'failed', error: expect.stringMatching(/^UNAVAILABLE: /) });

      const postsBefore = proxy.requests.filter((r) => isPost(r.path)).length;
      await runSubscription(deps, sub, slot(2));
      // Not posted again: the platform could not confirm, so the delivery waits.
      expect(proxy.requests.filter((r) => isPost(r.path)).length).toBe(postsBefore);
      expect(digestMessages(fake, channel)).toHaveLength(1);
      expect(await last()).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/^UNCONFIRMED: cannot confirm an earlier post \(/),
      });
      expect(await describeStatus({ store, sources: [] }, sub)).toMatch(
        /digest waiting: cannot confirm an earlier post \(.+\); it is retried with back-off, never posted blindly/,
      );

      // The check answers again: the lost post is found and recorded, nothing posted twice.
      proxy.clear();
      afterRetryAfter();
      await runSubscription(deps, sub, slot(3));
      expect(digestMessages(fake, channel)).toHaveLength(1);
      expect(storiesPosted(fake, channel).sort()).toEqual(['a', 'b']);
      expect(await last()).toMatchObject({
        status: 'posted',
        messageRefs: [expect.objectContaining({ messageId: digestMessages(fake, channel)[0]?.ts })],
      });
      expect(await store.deliveryLog.incomplete()).toEqual([]);
    },
  );

  it.each(HISTORY_FAILURES)(
    '%s, after a post that never reached Slack: no post while it cannot answer, then one post',
    async (_name, breakHistory) => {
      const channel = `CNONE${n + 1}`;
      const { store, sub, deps, last } = await setUp(channel);
      proxy.inject(isPost, { kind: 'status', status: 503, body: 'unavailable' });
      breakHistory(proxy, fake);
      const posts = () => proxy.requests.filter((r) => isPost(r.path)).length;
      const postsBefore = posts();
      expect((await runSubscription(deps, sub, slot(1))).status).toBe('failed');
      // One try: without the history, a second could double a digest whose answer was lost.
      expect(posts() - postsBefore).toBe(1);
      expect(digestMessages(fake, channel)).toHaveLength(0);

      await runSubscription(deps, sub, slot(2));
      expect(digestMessages(fake, channel)).toHaveLength(0);
      expect(await last()).toMatchObject({ status: 'failed', error: expect.stringMatching(/^UNCONFIRMED: /) });

      proxy.clear();
      afterRetryAfter();
      await runSubscription(deps, sub, slot(3));
      expect(digestMessages(fake, channel)).toHaveLength(1);
      expect(storiesPosted(fake, channel).sort()).toEqual(['a', 'b']);
      expect(await store.deliveryLog.incomplete()).toEqual([]);
    },
  );

  it('a threaded update whose answer was lost: found in the thread by its metadata, never posted twice, waiting while the thread cannot be read', async () => {
    const channel = 'CUPDATE';
    const { store, sub, deps, last } = await setUp(channel);
    await runSubscription(deps, sub, slot(1));
    const digestTs = digestMessages(fake, channel)[0]?.ts as string;
    expect(digestTs).toBeTruthy();
    // The source revises a figure of story a.
    const edition = (await store.stories.get('a'))?.editions.find((e) => e.id === 'a-en');
    if (!edition) throw new Error('no edition a-en');
    const revised = {
      ...edition,
      text: edition.text.replace('rescued 40 migrants', 'rescued 52 migrants'),
      version: edition.version + 1,
      updatedAt: new Date().toISOString(),
    };
    await store.stories.write({ newStories: [], addedEditions: [], updatedEditions: [revised] });

    // The answer is lost and the thread cannot be read (a Retry-After too long to wait for): no second post now.
    proxy.inject(isPost, { kind: 'drop-after-accept' });
    fake.rateLimit('conversations.replies', { times: 1, retryAfter: 120 });
    const [first] = await postStoryUpdates(deps);
    expect(first?.status).toBe('failed');
    const replies = () => fake.posted({ channel, thread_ts: digestTs });
    expect(replies()).toHaveLength(1);
    expect(JSON.stringify(replies()[0]?.blocks)).toContain('revised from 40 to 52');

    const later = (minutes: number) => ({ retryFailed: true, now: new Date(Date.now() + minutes * 60_000) });
    // The next sweep comes before that Retry-After is over: the thread still cannot be read, so it waits.
    expect((await recoverDeliveries(deps, later(5))).map((o) => o.status)).toEqual(['waiting']);
    expect(replies()).toHaveLength(1);
    expect(await last()).toMatchObject({
      kind: 'update',
      status: 'failed',
      error: expect.stringMatching(/^UNCONFIRMED: /),
    });

    afterRetryAfter();
    expect((await recoverDeliveries(deps, later(60))).map((o) => o.status)).toEqual(['posted']);
    expect(replies()).toHaveLength(1);
    expect(await last()).toMatchObject({
      kind: 'update',
      status: 'posted',
      messageRefs: [expect.objectContaining({ messageId: replies()[0]?.ts })],
    });
    // Another poll: the revision was announced, nothing more.
    expect(await postStoryUpdates(deps)).toEqual([]);
    expect(replies()).toHaveLength(1);
  });

  it('keeps retrying a waiting delivery past the sweep limit of failed ones, an hour apart, until it is confirmed', async () => {
    const channel = 'CPATIENT';
    const { store, sub, deps, last } = await setUp(channel);
    proxy.inject(isPost, { kind: 'drop-after-accept' });
    fake.rateLimit('conversations.history', { times: 1, retryAfter: 120 });
    await runSubscription(deps, sub, slot(1));
    const id = (await last())?.id as string;
    // Many hours of a history that cannot be read: every sweep waits again, none posts.
    const hour = 3_600_000;
    for (let i = 1; i <= MAX_SWEEP_ATTEMPTS + 2; i++) {
      afterRetryAfter(); // each sweep an hour later: the last Retry-After is over, the history is asked again
      fake.rateLimit('conversations.history', { times: 1, retryAfter: 120 });
      const outcomes = await recoverDeliveries(deps, { retryFailed: true, now: new Date(Date.now() + i * hour) });
      expect(outcomes.map((o) => o.status)).toEqual(['waiting']);
    }
    expect((await store.deliveryLog.get(id))?.attempts).toBeGreaterThan(MAX_SWEEP_ATTEMPTS);
    expect(digestMessages(fake, channel)).toHaveLength(1);
    // The history answers again: confirmed, not posted twice.
    afterRetryAfter();
    expect(
      (await recoverDeliveries(deps, { retryFailed: true, now: new Date(Date.now() + 20 * hour) })).map(
        (o) => o.status,
      ),
    ).toEqual(['posted']);
    expect(digestMessages(fake, channel)).toHaveLength(1);
  });
});
