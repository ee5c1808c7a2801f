import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.js';
import { createStore } from '../../src/store/create-store.js';
import { makeDigest, makeStory } from '../fixtures/factories.js';

describe('store (SQLite)', () => {
  let store: Store;
  beforeEach(async () => {
    store = await createStore('sqlite::memory:');
  });
  afterEach(async () => store.close());

  it('writes stories with editions and finds them by url, guid and content hash', async () => {
    const story = makeStory({ id: 'st1', url: 'https://example.org/a', guid: 'g1', contentHash: 'h1' });
    await store.stories.write({ newStories: [story], addedEditions: [], updatedEditions: [] });
    const byUrl = await store.stories.findEditions({ urls: ['https://example.org/a'], guids: [], hashes: [] });
    const byGuid = await store.stories.findEditions({ urls: [], guids: [{ sourceId: 'src', guid: 'g1' }], hashes: [] });
    const byHash = await store.stories.findEditions({ urls: [], guids: [], hashes: ['h1'] });
    expect([byUrl, byGuid, byHash].map((r) => r.map((e) => e.storyId))).toEqual([['st1'], ['st1'], ['st1']]);
    expect((await store.stories.get('st1'))?.editions[0]?.title).toBe(story.editions[0]?.title);
    expect(await store.stories.count()).toBe(1);
  });

  it('lists only stories not yet delivered to a channel', async () => {
    const a = makeStory({ id: 'a', url: 'https://e.org/a' });
    const b = makeStory({ id: 'b', url: 'https://e.org/b' });
    await store.stories.write({ newStories: [a, b], addedEditions: [], updatedEditions: [] });
    const { delivery } = await store.deliveries.create({
      id: 'd1', subscriptionId: null, platform: 'slack', channelId: 'C1', kind: 'on_demand', slotAt: null,
      digestId: 'dg1', digest: makeDigest(), storyIds: ['a'], status: 'pending', createdAt: new Date().toISOString(),
    });
    await store.deliveries.markPosted(delivery.id, [{ messageId: '1.1', threadId: '1.1', storyIds: ['a'] }]);
    const left = await store.stories.undelivered({ platform: 'slack', channelId: 'C1', since: null, limit: 10 });
    expect(left.map((s) => s.id)).toEqual(['b']);
    expect(await store.threads.stories('slack', 'C1', '1.1')).toEqual({ digestId: 'dg1', storyIds: ['a'] });
  });

  it('records a scheduled slot once: a second create returns the existing delivery', async () => {
    const base = {
      subscriptionId: 'sub1', platform: 'slack' as const, channelId: 'C1', kind: 'scheduled' as const, slotAt: '2026-01-01T08:00:00.000Z',
      digestId: 'dg', digest: makeDigest(), storyIds: [], status: 'pending' as const, createdAt: new Date().toISOString(),
    };
    const first = await store.deliveries.create({ ...base, id: 'x1' });
    const second = await store.deliveries.create({ ...base, id: 'x2' });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.delivery.id).toBe('x1');
  });

  it('lets one worker claim a delivery at a time', async () => {
    await store.deliveries.create({
      id: 'c1', subscriptionId: null, platform: 'teams', channelId: 'T', kind: 'on_demand', slotAt: null,
      digestId: 'd', digest: makeDigest(), storyIds: [], status: 'pending', createdAt: new Date().toISOString(),
    });
    expect(await store.deliveries.claim('c1', 'w1', 60_000)).toBe(true);
    expect(await store.deliveries.claim('c1', 'w2', 60_000)).toBe(false);
  });

  it('sees a platform event id once', async () => {
    expect(await store.events.firstSeen('slack', 'Ev1')).toBe(true);
    expect(await store.events.firstSeen('slack', 'Ev1')).toBe(false);
  });
});
