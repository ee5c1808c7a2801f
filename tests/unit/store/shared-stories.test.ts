import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeStory } from '../../helpers/factories.js';
import { describeOnEachStore, type OpenedStore } from '../../helpers/store-backends.js';

const channel = { platform: 'slack' as const, channelId: 'C1', since: null, limit: 10 };

describeOnEachStore('stories shared by the runs of one slot', 'store-shared-stories.test.ts', (backend) => {
  let store: OpenedStore;
  beforeEach(async () => {
    store = await backend.open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('never hands out a story older than what is stored: an updated edition or a new one is read again', async () => {
    const story = makeStory({ id: 's1', text: 'At least 12 people died.' });
    await store.stories.write({ newStories: [story], addedEditions: [], updatedEditions: [] });
    const first = await store.stories.undelivered(channel);
    expect(first[0]?.editions[0]?.text).toBe('At least 12 people died.');
    // Same rows: the same story again (shared, not read twice).
    expect((await store.stories.undelivered(channel))[0]).toBe(first[0]);

    const edition = story.editions[0];
    if (!edition) throw new Error('no edition');
    const later = new Date(Date.parse(edition.updatedAt) + 1_000).toISOString();
    await store.stories.write({
      newStories: [],
      addedEditions: [],
      updatedEditions: [{ ...edition, text: 'At least 14 people died.', updatedAt: later, version: 2 }],
    });
    expect((await store.stories.undelivered(channel))[0]?.editions[0]?.text).toBe('At least 14 people died.');

    const added = {
      ...edition,
      id: 's1-ar',
      language: 'ar',
      title: 'غرق قارب',
      text: 'لقي ١٤ شخصا حتفهم.',
      url: 'https://example.org/s1-ar',
      contentHash: 'h-ar',
      updatedAt: new Date(Date.parse(later) + 1_000).toISOString(),
    };
    await store.stories.write({ newStories: [], addedEditions: [added], updatedEditions: [] });
    expect((await store.stories.undelivered(channel))[0]?.editions.map((e) => e.id).sort()).toEqual(['s1-ar', 's1-e1']);
  });
});
