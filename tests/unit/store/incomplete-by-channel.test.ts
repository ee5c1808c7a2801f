import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeDigest, makeStory } from '../../helpers/factories.js';
import { describeOnEachStore, type OpenedStore } from '../../helpers/store-backends.js';

let slot = 0;
const delivery = (id: string, channelId: string, platform: 'slack' | 'teams' = 'slack') => ({
  id,
  subscriptionId: `sub-${channelId}`,
  platform,
  channelId,
  kind: 'scheduled' as const,
  // One slot each: (subscription, slot) is unique.
  slotAt: `2026-01-01T08:00:${String(slot++ % 60).padStart(2, '0')}.000Z`,
  digestId: `dg-${id}`,
  digest: makeDigest(),
  storyIds: [`s-${id}`],
  status: 'pending' as const,
  createdAt: new Date().toISOString(),
});

describeOnEachStore('incomplete deliveries of one channel', 'store-incomplete-by-channel.test.ts', (backend) => {
  let store: OpenedStore;
  beforeEach(async () => {
    store = await backend.open();
  });
  afterEach(async () => {
    await store.close();
  });

  /** Every state change of a delivery is fenced by its lease (issue 15): take one first. */
  const leased = async (id: string) => {
    const lease = await store.deliveries.claim(id, 'test-worker', 60_000);
    if (!lease) throw new Error(`could not lease ${id}`);
    return lease;
  };

  it("returns only that channel's pending and failed deliveries, and marking one posted releases only its stories", async () => {
    const ids = ['a1', 'a2', 'b1', 'c1', 't1'];
    await store.stories.write({
      newStories: ids.map((id) => makeStory({ id: `s-${id}` })),
      addedEditions: [],
      updatedEditions: [],
    });
    await store.deliveries.create(delivery('a1', 'CA'));
    await store.deliveries.create(delivery('a2', 'CA'));
    await store.deliveries.create(delivery('b1', 'CB'));
    await store.deliveries.create(delivery('c1', 'CA'));
    await store.deliveries.create(delivery('t1', 'CA', 'teams'));
    await store.deliveries.markFailed('a2', await leased('a2'), 'boom');
    await store.deliveries.markPosted('c1', await leased('c1'), []);
    const mine = await store.deliveryLog.incomplete({ platform: 'slack', channelId: 'CA' });
    expect(mine.map((d) => d.id)).toEqual(['a1', 'a2']);
    expect((await store.deliveryLog.incomplete()).map((d) => d.id).sort()).toEqual(['a1', 'a2', 'b1', 't1']);
    // Posted: its reserved story is delivered to CA; b1's story stays reserved for CB, not delivered.
    await store.deliveries.markPosted('a1', await leased('a1'), []);
    expect((await store.deliveryLog.incomplete({ platform: 'slack', channelId: 'CA' })).map((d) => d.id)).toEqual([
      'a2',
    ]);
    expect(
      (await store.stories.undelivered({ platform: 'slack', channelId: 'CB', since: null, limit: 10 })).map(
        (s) => s.id,
      ),
    ).not.toContain('s-b1');
  });
});
