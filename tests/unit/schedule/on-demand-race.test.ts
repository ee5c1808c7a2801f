import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDigest } from '../../../src/digest/build-digest.js';
import type { ChannelRef } from '../../../src/domain/types.js';
import { deliverDigest } from '../../../src/schedule/deliver-digest.js';
import { runSubscription } from '../../../src/schedule/run-subscription.js';
import { createStore } from '../../../src/store/create-store.js';
import { makeSubscription } from '../../helpers/factories.js';
import { createRecordingAdapter } from '../../helpers/recording-adapter.js';
import { addStories, makeRunDeps } from '../../helpers/schedule-harness.js';

/**
 * SPEC 7.4: a story is delivered to a channel at most once. `latest` (or "post now") asked just before a scheduled
 * slot is still being posted when the slot's digest is built: the slot's digest must not carry its stories again.
 */
describe('an on-demand digest still being posted when the scheduled slot runs', () => {
  let store: Awaited<ReturnType<typeof createStore>>;
  beforeEach(async () => {
    store = await createStore('sqlite::memory:');
  });
  afterEach(async () => store.close());

  it('keeps its stories out of the scheduled digest: each story once in the channel', async () => {
    const slack = createRecordingAdapter('slack');
    const deps = makeRunDeps(store, [slack]);
    await addStories(store, ['a', 'b']);
    const dayAgo = new Date(Date.now() - 86_400_000).toISOString();
    const sub = await store.subscriptions.upsert(
      makeSubscription({ channelId: 'CRACE', cron: '0 8 * * *', createdAt: dayAgo, updatedAt: dayAgo }),
    );
    const channel: ChannelRef = { platform: 'slack', channelId: 'CRACE' };

    // The on-demand post is held at the platform until the slot's run is over.
    const post = slack.post.bind(slack);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const held = new Promise<void>((resolve) => (arrived = resolve));
    let calls = 0;
    slack.post = async (to, message, options) => {
      if (++calls === 1) {
        arrived();
        await gate;
      }
      return post(to, message, options);
    };

    const latest = await buildDigest(deps, { languages: ['en', 'ar'], since: dayAgo });
    const onDemand = deliverDigest(deps, { channel, digest: latest, kind: 'on_demand' });
    await held;
    const scheduled = await runSubscription(deps, sub, new Date());
    release();
    expect((await onDemand).status).toBe('posted');

    expect(scheduled.status).toBe('nothing_new');
    const posted = slack.storiesPosted('CRACE');
    expect(posted.sort()).toEqual(['a', 'b']);
  });
});
