import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeDigest, makeNewDelivery, makeSubscription } from '../../helpers/factories.js';
import { createRecordingAdapter, type RecordingAdapter } from '../../helpers/recording-adapter.js';
import { addStories, makeRunDeps } from '../../helpers/schedule-harness.js';
import { describeOnEachStore, type OpenedStore } from '../../helpers/store-backends.js';
import { deliverDigest } from '../../../src/schedule/deliver-digest.js';
import { recoverDeliveries } from '../../../src/schedule/recover-deliveries.js';
import { runSubscription } from '../../../src/schedule/run-subscription.js';
import type { Subscription } from '../../../src/domain/types.js';

const HOUR = 3_600_000;
const slot = (hour: number) => new Date(Date.UTC(2030, 0, 1, hour));

describeOnEachStore('runSubscription', 'schedule-run-subscription.test.ts', (backend) => {
  let store: OpenedStore;
  let slack: RecordingAdapter;
  let sub: Subscription;
  const opened: OpenedStore[] = [];

  beforeEach(async () => {
    store = await backend.open();
    slack = createRecordingAdapter('slack');
    sub = await store.subscriptions.upsert(makeSubscription({ lastSlotAt: null, languages: ['en', 'ar'] }));
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    await store.close();
  });
  const second = async () => {
    const s = await backend.openSecond(store);
    if (s !== store) opened.push(s);
    return s;
  };

  it("posts a digest of the channel's new stories in the subscription's languages, and records the slot", async () => {
    await addStories(store, ['a', 'b']);
    const outcome = await runSubscription(makeRunDeps(store, [slack]), sub, slot(8));
    expect(outcome.status).toBe('posted');
    expect(slack.posts).toHaveLength(1);
    const digest = slack.posts[0]!.digest;
    expect(digest.languages).toEqual(['en', 'ar']);
    expect(digest.items.map((i) => i.id).sort()).toEqual(['a', 'b']);
    for (const item of digest.items) {
      expect(item.text.en?.title).toContain('migrants');
      expect(item.text.ar?.title).toContain('مهاجرا');
    }
    expect((await store.subscriptions.get('slack', sub.channelId))?.lastSlotAt).toBe(slot(8).toISOString());
    expect((await store.deliveries.findSlot(sub.id, slot(8).toISOString()))?.status).toBe('posted');
  });

  it('posts nothing when nothing is new, and then only the new stories', async () => {
    await addStories(store, ['a']);
    const deps = makeRunDeps(store, [slack]);
    await runSubscription(deps, sub, slot(8));
    expect(await runSubscription(deps, sub, slot(9))).toEqual({ status: 'nothing_new' });
    expect(slack.posts).toHaveLength(1);
    await addStories(store, ['c']);
    await runSubscription(deps, sub, slot(10));
    expect(slack.storiesPosted()).toEqual(['a', 'c']);
    expect((await store.subscriptions.get('slack', sub.channelId))?.lastSlotAt).toBe(slot(10).toISOString());
  });

  it('runs a slot once however many times it is triggered', async () => {
    await addStories(store, ['a']);
    const deps = makeRunDeps(store, [slack]);
    await runSubscription(deps, sub, slot(8));
    await addStories(store, ['late']);
    expect((await runSubscription(deps, sub, slot(8))).status).toBe('already');
    // An older slot than the last one run is not run at all.
    expect(await runSubscription(deps, sub, slot(7))).toEqual({ status: 'skipped', reason: 'slot_done' });
    expect(slack.storiesPosted()).toEqual(['a']);
  });

  it('delivers a slot once when two instances run it at the same moment', async () => {
    await addStories(store, ['a', 'b', 'c']);
    const other = await second();
    // One adapter for both instances: they post to the same Slack channel.
    await Promise.all([
      runSubscription(makeRunDeps(store, [slack]), sub, slot(8)),
      runSubscription(makeRunDeps(other, [slack]), sub, slot(8)),
    ]);
    expect(slack.posts).toHaveLength(1);
    expect(slack.storiesPosted().sort()).toEqual(['a', 'b', 'c']);
  });

  it('never puts a story in two digests when two slots run at once (a catch-up and the current slot)', async () => {
    await addStories(store, ['a', 'b', 'c']);
    const other = await second();
    await Promise.all([
      runSubscription(makeRunDeps(store, [slack]), sub, slot(8)),
      runSubscription(makeRunDeps(other, [slack]), sub, slot(9)),
    ]);
    expect(slack.storiesPosted().sort()).toEqual(['a', 'b', 'c']);
  });

  it('skips a subscription that was removed or replaced since it was scheduled', async () => {
    await addStories(store, ['a']);
    await store.subscriptions.remove('slack', sub.channelId);
    expect(await runSubscription(makeRunDeps(store, [slack]), sub, slot(8))).toEqual({
      status: 'skipped',
      reason: 'removed',
    });
    expect(slack.posts).toHaveLength(0);
  });

  it('skips a slot of an old schedule when the subscription was rescheduled elsewhere', async () => {
    await addStories(store, ['a']);
    await store.subscriptions.upsert({ ...sub, cron: '0 9 * * *', updatedAt: new Date().toISOString() });
    expect(await runSubscription(makeRunDeps(store, [slack]), sub, slot(8))).toEqual({
      status: 'skipped',
      reason: 'schedule_changed',
    });
    expect(slack.posts).toHaveLength(0);
  });

  it('keeps only stories matching the subscription filter', async () => {
    await addStories(store, ['x1'], { topic: 'Sahel' });
    await addStories(store, ['x2'], { topic: 'Darien' });
    const filtered = await store.subscriptions.upsert({ ...sub, filter: ['sahel'] });
    await runSubscription(makeRunDeps(store, [slack]), filtered, slot(8));
    expect(slack.storiesPosted()).toEqual(['x1']);
  });

  it('looks back at most 7 days, and at most a day before the subscription was created', async () => {
    const now = new Date(Date.UTC(2030, 0, 20, 8));
    const created = new Date(now.getTime() - 3 * 24 * HOUR).toISOString();
    const young = await store.subscriptions.upsert(
      makeSubscription({ channelId: 'C-YOUNG', createdAt: created, lastSlotAt: null }),
    );
    await addStories(store, ['before-creation'], { at: new Date(Date.parse(created) - 30 * HOUR).toISOString() });
    await addStories(store, ['day-before-creation'], { at: new Date(Date.parse(created) - 20 * HOUR).toISOString() });
    await addStories(store, ['recent'], { at: new Date(now.getTime() - HOUR).toISOString() });
    await runSubscription(makeRunDeps(store, [slack], { now: () => now }), young, now);
    expect(slack.storiesPosted('C-YOUNG').sort()).toEqual(['day-before-creation', 'recent']);

    const old = await store.subscriptions.upsert(
      makeSubscription({ channelId: 'C-OLD', lastSlotAt: null, createdAt: '2020-01-01T00:00:00.000Z' }),
    );
    await addStories(store, ['ten-days-old'], { at: new Date(now.getTime() - 10 * 24 * HOUR).toISOString() });
    await runSubscription(makeRunDeps(store, [slack], { now: () => now }), old, now);
    expect(slack.storiesPosted('C-OLD').sort()).toEqual(['before-creation', 'day-before-creation', 'recent']);
  });

  it('marks a failed delivery, keeps its stories out of later digests, and retries it on the next run', async () => {
    await addStories(store, ['a']);
    const deps = makeRunDeps(store, [slack]);
    slack.failNext(1, 'RATE_LIMITED');
    expect((await runSubscription(deps, sub, slot(8))).status).toBe('failed');
    const failed = await store.deliveries.findSlot(sub.id, slot(8).toISOString());
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed?.error).toContain('RATE_LIMITED');

    await addStories(store, ['b']);
    await runSubscription(deps, sub, slot(9));
    // The failed digest went out first (retried), then the next one with only the new story.
    expect(slack.posts.map((p) => p.digest.items.map((i) => i.id))).toEqual([['a'], ['b']]);
    expect(await store.deliveryLog.incomplete()).toEqual([]);
  });

  it('finishes a delivery interrupted before its post: posts it once', async () => {
    await addStories(store, ['a']);
    const deps = makeRunDeps(store, [slack]);
    // A crashed worker recorded the delivery (outbox step 1) and died before posting; its lease ran out.
    await store.deliveries.create(
      makeNewDelivery({
        id: 'd-crashed',
        subscriptionId: sub.id,
        channelId: sub.channelId,
        kind: 'scheduled',
        slotAt: slot(8).toISOString(),
        digestId: 'dg-crashed',
        storyIds: ['a'],
      }),
      { claimFor: { owner: 'dead-worker', leaseMs: -1 } },
    );
    const outcomes = await recoverDeliveries(deps);
    expect(outcomes.map((o) => o.status)).toEqual(['posted']);
    expect(slack.posts.map((p) => p.digest.id)).toEqual(['dg-crashed']);
    expect(
      await store.stories.undelivered({ platform: 'slack', channelId: sub.channelId, since: null, limit: 10 }),
    ).toEqual([]);
    expect(await recoverDeliveries(deps)).toEqual([]);
  });

  it('finishes a delivery interrupted after its post: finds the post on the platform and does not post again', async () => {
    await addStories(store, ['a']);
    const crashedDeps = makeRunDeps(store, [slack], { workerId: 'doomed' });
    // The post goes out, but the worker "dies" before recording it: the record step never happens.
    const markPosted = store.deliveries.markPosted;
    store.deliveries.markPosted = async () => {
      throw new Error('killed');
    };
    await expect(runSubscription(crashedDeps, sub, slot(8))).rejects.toThrow('killed');
    store.deliveries.markPosted = markPosted;
    expect(slack.posts).toHaveLength(1);
    const pending = await store.deliveries.findSlot(sub.id, slot(8).toISOString());
    expect(pending?.status).toBe('pending');

    // Another worker may take it only once the dead worker's lease has run out.
    const rescuer = makeRunDeps(store, [slack], { workerId: 'rescuer' });
    expect(await recoverDeliveries(rescuer)).toEqual([]);
    await expireLeases(store);
    expect((await recoverDeliveries(rescuer)).map((o) => o.status)).toEqual(['posted']);
    expect(slack.posts).toHaveLength(1);
    expect((await store.deliveryLog.get(pending!.id))?.status).toBe('posted');
    expect(await store.threads.stories('slack', sub.channelId, slack.posts[0]!.messageId)).toMatchObject({
      storyIds: ['a'],
    });
  });

  it('does not let a sweep post a delivery its worker is still posting', async () => {
    await addStories(store, ['a']);
    const deps = makeRunDeps(store, [slack], { leaseMs: 60_000 });
    const gate = slack.hold();
    const run = runSubscription(deps, sub, slot(8));
    await gate.held;
    expect(await recoverDeliveries(makeRunDeps(store, [slack]))).toEqual([]);
    expect(await recoverDeliveries(deps)).toEqual([]);
    gate.release();
    await run;
    expect(slack.posts).toHaveLength(1);
  });

  it('drops an unfinished scheduled digest of a channel that unsubscribed, and releases its stories', async () => {
    await addStories(store, ['a']);
    const deps = makeRunDeps(store, [slack]);
    slack.failNext(1);
    await runSubscription(deps, sub, slot(8));
    await store.subscriptions.remove('slack', sub.channelId);
    expect(await recoverDeliveries(deps, { retryFailed: true, now: new Date(Date.now() + 3_600_000) })).toEqual([]);
    expect(slack.posts).toHaveLength(0);
    expect((await store.deliveries.findSlot(sub.id, slot(8).toISOString()))?.status).toBe('cancelled');
    // Subscribing again: the story goes out in the new subscription's first digest.
    const again = await store.subscriptions.upsert(makeSubscription({ channelId: sub.channelId, lastSlotAt: null }));
    await runSubscription(deps, again, slot(9));
    expect(slack.storiesPosted()).toEqual(['a']);
  });

  it('retries a failed delivery from the sweep once its back-off has passed', async () => {
    await addStories(store, ['a']);
    const deps = makeRunDeps(store, [slack]);
    slack.failNext(1);
    await runSubscription(deps, sub, slot(8));
    expect(await recoverDeliveries(deps, { retryFailed: true })).toEqual([]);
    const outcomes = await recoverDeliveries(deps, { retryFailed: true, now: new Date(Date.now() + 61_000) });
    expect(outcomes.map((o) => o.status)).toEqual(['posted']);
    expect(slack.storiesPosted()).toEqual(['a']);
  });

  it('an on-demand digest that failed holds its stories: the next run retries it first, and each story goes out once', async () => {
    await addStories(store, ['a']);
    const deps = makeRunDeps(store, [slack]);
    slack.failNext(1);
    const digest = makeDigest({ id: 'od', items: [] });
    await deliverDigest(deps, {
      channel: { platform: 'slack', channelId: sub.channelId },
      digest: {
        ...digest,
        items: [
          {
            id: 'a',
            url: null,
            source: 'iom',
            sourceName: 'IOM',
            language: 'en',
            publishedAt: null,
            text: {},
            editions: [],
            warnings: [],
          },
        ],
      },
      kind: 'on_demand',
    });
    // A digest of the slot built now must not carry it too (SPEC 7.4: a story reaches a channel at most once).
    expect(
      (await store.stories.undelivered({ platform: 'slack', channelId: sub.channelId, since: null, limit: 10 })).map(
        (s) => s.id,
      ),
    ).toEqual([]);
    expect((await runSubscription(deps, sub, slot(8))).status).toBe('nothing_new');
    expect(slack.posts.map((p) => p.digest.id)).toEqual(['od']);
    expect(slack.storiesPosted()).toEqual(['a']);
  });
});

/** Makes every lease look expired, as if their workers died long ago. */
async function expireLeases(store: OpenedStore): Promise<void> {
  await store.db
    .updateTable('deliveries')
    .set({ claimed_until: '2000-01-01T00:00:00.000Z' })
    .where('status', '=', 'pending')
    .execute();
}
