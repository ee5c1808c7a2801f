import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/create-slack-adapter.js';
import { UPDATE_EVENT_TYPE } from '../../adapters/slack/blocks/render-message.js';
import { updateKey } from '../../src/domain/story-update.js';
import type { Store } from '../../src/ports/store.js';
import { postStoryUpdates } from '../../src/schedule/post-story-updates.js';
import { recoverDeliveries } from '../../src/schedule/recover-deliveries.js';
import { runSubscription } from '../../src/schedule/run-subscription.js';
import { createStore } from '../../src/store/create-store.js';
import { silentLogger } from '../../src/util/create-logger.js';
import { type FakeSlackApi, startFakeSlackApi } from '../fakes/fake-slack-api.js';
import { addStories, makeRunDeps } from '../helpers/schedule-harness.js';
import { makeSubscription } from '../helpers/factories.js';
import { digestMessages } from '../helpers/serve-setup.js';

const log = silentLogger();
const slot = (n: number) => new Date(Date.UTC(2031, 0, 1, n));

/**
 * SPEC 7.4 and 8: a threaded story update on Slack is posted exactly once, as a digest is. A post that Slack answers
 * with a 5xx is confirmed in the thread (conversations.replies, by the update's message metadata) before it is
 * posted again; when the thread cannot be read the delivery fails and the outbox retries it later, never blindly.
 * Real Bolt WebClient against the fake Slack, real SQLite, the real outbox (postStoryUpdates, recoverDeliveries).
 */
describe('a threaded story update on Slack whose post fails with a 5xx: exactly once', () => {
  let dir: string;
  let fake: FakeSlackApi;
  let slack: SlackAdapter;
  const stores: Store[] = [];
  let n = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mnb-update-once-'));
    fake = await startFakeSlackApi();
    slack = createSlackAdapter(
      { botToken: fake.token, signingSecret: 'test-signing-secret', appToken: undefined, apiUrl: fake.apiUrl },
      { log, app: express(), timeoutMs: 5_000, retry: { maxAttempts: 3, maxWaitMs: 5_000, backoffMs: 10 } },
    );
    await slack.start(async () => undefined);
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await slack?.stop();
    await fake?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A digest delivered in `channel`, then a revised figure of its story a: one update is owed in its thread. */
  async function revisedAfterDigest(channel: string) {
    const store = await createStore(`sqlite:${join(dir, `db-${++n}.sqlite`)}`);
    stores.push(store);
    await addStories(store, ['a', 'b']);
    const sub = await store.subscriptions.upsert(makeSubscription({ channelId: channel, lastSlotAt: null }));
    const deps = makeRunDeps(store, [slack]);
    expect((await runSubscription(deps, sub, slot(1))).status).toBe('posted');
    const digestTs = digestMessages(fake, channel)[0]?.ts as string;
    const edition = (await store.stories.get('a'))?.editions.find((e) => e.id === 'a-en');
    if (!edition) throw new Error('no edition a-en');
    await store.stories.write({
      newStories: [],
      addedEditions: [],
      updatedEditions: [
        {
          ...edition,
          text: edition.text.replace('rescued 40 migrants', 'rescued 52 migrants'),
          version: edition.version + 1,
          updatedAt: new Date().toISOString(),
        },
      ],
    });
    const [revision] = await store.updates.revisions(new Date(0).toISOString());
    if (!revision) throw new Error('no revision recorded');
    const inThread = () => fake.posted({ channel, thread_ts: digestTs });
    const updates = () => inThread().filter((m) => m.bot_id === fake.botId && m.user === fake.botUserId);
    const posts = () => fake.calls('chat.postMessage').filter((r) => r.body.channel === channel && r.body.thread_ts);
    const reads = () => fake.calls('conversations.replies').filter((r) => r.body.channel === channel);
    const last = async () => (await store.deliveryLog.recent({ platform: 'slack', channelId: channel, limit: 1 }))[0];
    return {
      store,
      deps,
      digestTs,
      key: updateKey({ storyId: 'a', revision: revision.id }),
      updates,
      posts,
      reads,
      last,
    };
  }

  it('a 500 after Slack stored the update: found in the thread by its metadata, not posted again, recorded posted', async () => {
    const t = await revisedAfterDigest('CUPD500STORED');
    fake.fail('chat.postMessage', 'internal_error', { channel: 'CUPD500STORED', status: 500, landed: true });
    const [outcome] = await postStoryUpdates(t.deps);
    expect(outcome?.status).toBe('posted');
    expect(t.posts()).toHaveLength(1);
    expect(t.reads()).toHaveLength(1);
    // The check asks for the thread of the digest, with metadata (a threaded reply is not in conversations.history).
    expect(t.reads()[0]?.body).toMatchObject({ ts: t.digestTs, include_all_metadata: true });
    expect(t.updates()).toHaveLength(1);
    expect(t.updates()[0]?.metadata).toEqual({
      event_type: UPDATE_EVENT_TYPE,
      event_payload: expect.objectContaining({ update_id: t.key, story_id: 'a' }),
    });
    expect(JSON.stringify(t.updates()[0]?.blocks)).toContain('revised from 40 to 52');
    expect(await t.last()).toMatchObject({
      kind: 'update',
      status: 'posted',
      attempts: 1,
      messageRefs: [expect.objectContaining({ messageId: t.updates()[0]?.ts })],
    });
    expect(await t.store.deliveryLog.incomplete()).toEqual([]);
    // A later poll has nothing more to say about this revision.
    expect(await postStoryUpdates(t.deps)).toEqual([]);
    expect(t.updates()).toHaveLength(1);
  });

  it('a 500 before Slack stored the update: not in the thread, so posted again after a back-off, once', async () => {
    const t = await revisedAfterDigest('CUPD500LOST');
    fake.fail('chat.postMessage', 'internal_error', { channel: 'CUPD500LOST', status: 500 });
    const [outcome] = await postStoryUpdates(t.deps);
    expect(outcome?.status).toBe('posted');
    expect(t.posts().map((r) => r.status)).toEqual([500, 200]);
    expect(t.reads()).toHaveLength(1);
    expect(t.reads()[0]?.at ?? 0).toBeLessThan(t.posts()[1]?.at ?? 0);
    expect(t.updates()).toHaveLength(1);
    expect(await t.last()).toMatchObject({
      kind: 'update',
      status: 'posted',
      messageRefs: [expect.objectContaining({ messageId: t.updates()[0]?.ts })],
    });
  });

  it('the thread cannot be read after a 500: the delivery fails without a second post, and the outbox later confirms it once', async () => {
    const t = await revisedAfterDigest('CUPDNOREAD');
    fake.fail('chat.postMessage', 'internal_error', { channel: 'CUPDNOREAD', status: 500, landed: true });
    fake.fail('conversations.replies', 'missing_scope', { channel: 'CUPDNOREAD' });
    const [outcome] = await postStoryUpdates(t.deps);
    expect(outcome?.status).toBe('failed');
    expect(t.posts()).toHaveLength(1);
    expect(t.updates()).toHaveLength(1);
    expect(await t.last()).toMatchObject({
      kind: 'update',
      status: 'failed',
      error: expect.stringMatching(/^UNAVAILABLE: /),
    });

    // The outbox's next sweep reads the thread, finds the update and records it: nothing posted twice.
    const later = { retryFailed: true, now: new Date(Date.now() + 5 * 60_000) };
    expect((await recoverDeliveries(t.deps, later)).map((o) => o.status)).toEqual(['posted']);
    expect(t.posts()).toHaveLength(1);
    expect(t.updates()).toHaveLength(1);
    expect(await t.last()).toMatchObject({
      kind: 'update',
      status: 'posted',
      messageRefs: [expect.objectContaining({ messageId: t.updates()[0]?.ts })],
    });
    expect(await postStoryUpdates(t.deps)).toEqual([]);
  });

  it('a reply by someone else in the thread, with the same text or even the same metadata, is not taken for the bot update', async () => {
    const channel = 'CUPDLOOKALIKE';
    const t = await revisedAfterDigest(channel);
    const line = 'Update (Test source 1, 12:00 UTC): revised from 40 to 52: “rescued 52 migrants”.';
    // A person quoting the update, and another app whose message carries the same metadata.
    fake.addUserMessage({ channel, thread_ts: t.digestTs, text: line, user: 'U0001' });
    const copy = fake.addUserMessage({
      channel,
      thread_ts: t.digestTs,
      text: line,
      user: 'U0002',
      metadata: { event_type: UPDATE_EVENT_TYPE, event_payload: { update_id: t.key, story_id: 'a' } },
    });
    const otherApp = fake.addUserMessage({
      channel,
      thread_ts: t.digestTs,
      text: line,
      user: 'UOTHERAPP',
      metadata: { event_type: UPDATE_EVENT_TYPE, event_payload: { update_id: t.key, story_id: 'a' } },
    });
    otherApp.bot_id = 'BOTHERAPP';
    fake.fail('chat.postMessage', 'internal_error', { channel, status: 500 });
    const [outcome] = await postStoryUpdates(t.deps);
    expect(outcome?.status).toBe('posted');
    expect(t.reads()).toHaveLength(1);
    expect(t.posts().map((r) => r.status)).toEqual([500, 200]);
    expect(t.updates()).toHaveLength(1);
    const recorded = (await t.last())?.messageRefs?.[0]?.messageId;
    expect(recorded).toBe(t.updates()[0]?.ts);
    expect([copy.ts, otherApp.ts]).not.toContain(recorded);
  });

  it('the outbox sweep after a failed update does not take a look-alike with the same metadata for the bot update either', async () => {
    const channel = 'CUPDSWEEPLOOKALIKE';
    const t = await revisedAfterDigest(channel);
    // The post is refused outright (nothing to confirm): the delivery failed, for the next sweep.
    fake.fail('chat.postMessage', 'invalid_blocks', { channel });
    expect((await postStoryUpdates(t.deps))[0]?.status).toBe('failed');
    expect(t.reads()).toHaveLength(0);
    expect(t.updates()).toHaveLength(0);
    // Meanwhile someone's message in the thread carries the update's metadata (no bot_id: not the bot's token).
    const copy = fake.addUserMessage({
      channel,
      thread_ts: t.digestTs,
      text: 'Update: revised from 40 to 52',
      user: 'U0002',
      metadata: { event_type: UPDATE_EVENT_TYPE, event_payload: { update_id: t.key, story_id: 'a' } },
    });
    const later = { retryFailed: true, now: new Date(Date.now() + 5 * 60_000) };
    expect((await recoverDeliveries(t.deps, later)).map((o) => o.status)).toEqual(['posted']);
    expect(t.updates()).toHaveLength(1);
    const recorded = (await t.last())?.messageRefs?.[0]?.messageId;
    expect(recorded).toBe(t.updates()[0]?.ts);
    expect(recorded).not.toBe(copy.ts);
  });
});
