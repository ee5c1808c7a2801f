import { afterEach, describe, expect, it } from 'vitest';
import type { Edition, Story } from '../../../src/domain/types.js';
import { EditionIndex, type TimeWindow } from '../../../src/editions/edition-index.js';
import { type EditionCandidate, findSameStory, toCandidate } from '../../../src/editions/find-same-story.js';
import { isRepublication } from '../../../src/editions/is-republication.js';
import { storyAnchors } from '../../../src/editions/story-anchors.js';
import type { Store } from '../../../src/ports/store.js';
import { createStore } from '../../../src/store/create-store.js';
import { prng } from '../../helpers/prng.js';

const WORDS = [
  'migrants',
  'boat',
  'coast',
  'guard',
  'rescued',
  'Libya',
  'Lampedusa',
  'UNHCR',
  'IOM',
  'Bodrum',
  'children',
  'camp',
  'Greece',
];
const SOURCES = ['s0', 's1', 's2', 's3', 's4'];
const publisherOf = (sourceId: string) => `P${Number(sourceId.slice(1)) % 2}`;

/** Editions drawn from a tiny vocabulary and a few figures: near-copies, shared anchors and ties are common. */
function edition(
  random: () => number,
  id: string,
  sourceId = SOURCES[Math.floor(random() * SOURCES.length)] as string,
): Edition {
  const pick = () => WORDS[Math.floor(random() * WORDS.length)] as string;
  const text = `${Array.from({ length: 6 + Math.floor(random() * 6) }, pick).join(' ')} ${12 + Math.floor(random() * 2) * 11} dead, 150 rescued`;
  const publishedAt =
    random() < 0.85 ? new Date(Date.UTC(2024, 0, 1) + Math.floor(random() * 60) * 4 * 3_600_000).toISOString() : null;
  return {
    id,
    storyId: `story-${id}`,
    sourceId,
    url: random() < 0.8 ? `https://x.example/${Math.floor(random() * 40)}` : null,
    guid: null,
    language: ['en', 'ar', 'fr'][Math.floor(random() * 3)] as string,
    title: `${pick()} ${pick()}`,
    text,
    publishedAt,
    contentHash: `hash-${id}`,
    firstSeenAt: new Date(Date.UTC(2024, 0, 2 + Math.floor(random() * 8))).toISOString(),
    updatedAt: '2024-01-20T00:00:00.000Z',
    version: 1,
  };
}

const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

describe('EditionIndex', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'answers as a scan of the stored window and the new editions would (seed %i)',
    async (seed) => {
      const random = prng(seed);
      const store = await createStore('sqlite::memory:');
      stores.push(store);
      const stored = Array.from({ length: 120 }, (_, i) => edition(random, `e${i}`));
      const stories: Story[] = stored.map((e) => ({
        id: e.storyId,
        primaryEditionId: e.id,
        firstSeenAt: e.firstSeenAt,
        updatedAt: e.updatedAt,
        publishedAt: e.publishedAt,
        editions: [e],
      }));
      await store.stories.write({ newStories: stories, addedEditions: [], updatedEditions: [] });

      const sourceId = 's1';
      const index = new EditionIndex(store, publisherOf, SOURCES);
      const window: TimeWindow = { from: '2024-01-05T00:00:00.000Z', to: '2024-01-25T00:00:00.000Z' };
      // The index is filled from two overlapping ranges, as successive sources would.
      await index.load({ from: '2024-01-12T00:00:00.000Z', to: '2024-02-20T00:00:00.000Z' });
      await index.load(window);
      const scope = index.scope(window, sourceId);
      // What ingest used to compare with: the store's rows for the window, in the store's order, then the new editions.
      const scan: EditionCandidate[] = (await store.stories.editionsBetween(window.from, window.to)).map((e) =>
        toCandidate(e, publisherOf(e.sourceId)),
      );

      let matched = 0;
      let republished = 0;
      for (let i = 0; i < 60; i++) {
        const item = edition(random, `n${i}`, sourceId);
        const probe = {
          ...item,
          publisher: publisherOf(sourceId),
          alternates: random() < 0.2 ? [{ url: `https://x.example/${Math.floor(random() * 40)}`, language: 'en' }] : [],
        };
        const anchors = storyAnchors(`${item.title}\n${item.text}`);
        const earlier = scan.find((c) => c.edition.sourceId === sourceId && isRepublication(c.edition, item))?.edition
          .id;
        expect(scope.republicationOf(item)?.id).toBe(earlier);
        if (earlier) republished++;
        const expected = findSameStory(probe, scan, anchors);
        expect(scope.sameStory(probe, anchors)).toBe(expected);
        if (expected) matched++;
        scope.add(item, anchors);
        scan.push(toCandidate(item, publisherOf(sourceId), anchors));
      }
      // The data is made to group often: the comparison is about real matches, not only "none".
      expect(matched).toBeGreaterThan(5);
      expect(republished).toBeGreaterThan(0);
    },
  );
});

/** An edition with two more figures from a small set: pairs share one figure but not another, so every figure list counts. */
function varied(random: () => number, id: string, sourceId?: string): Edition {
  const e = edition(random, id, sourceId);
  const figure = () => [31, 47, 65, 230, 150][Math.floor(random() * 5)];
  return { ...e, text: `${e.text}, ${figure()} arrived, ${figure()} missing` };
}

describe('EditionIndex across sources (commits, updated editions moving between figure lists)', () => {
  it.each([11, 12, 13, 14])('answers as a scan of the store would, source after source (seed %i)', async (seed) => {
    const random = prng(seed);
    const store = await createStore('sqlite::memory:');
    stores.push(store);
    const stored = Array.from({ length: 80 }, (_, i) => varied(random, `e${i}`));
    await store.stories.write({
      newStories: stored.map((e) => ({
        id: e.storyId,
        primaryEditionId: e.id,
        firstSeenAt: e.firstSeenAt,
        updatedAt: e.updatedAt,
        publishedAt: e.publishedAt,
        editions: [e],
      })),
      addedEditions: [],
      updatedEditions: [],
    });
    const index = new EditionIndex(store, publisherOf, SOURCES);
    const window: TimeWindow = { from: '2024-01-01T00:00:00.000Z', to: '2024-02-20T00:00:00.000Z' };
    let matched = 0;
    for (const [round, sourceId] of ['s1', 's2', 's3', 's4'].entries()) {
      await index.load(window);
      const scope = index.scope(window, sourceId);
      const scan: EditionCandidate[] = (await store.stories.editionsBetween(window.from, window.to)).map((e) =>
        toCandidate(e, publisherOf(e.sourceId)),
      );
      const newStories: Story[] = [];
      const addedEditions: Edition[] = [];
      for (let i = 0; i < 30; i++) {
        const item = varied(random, `r${round}n${i}`, sourceId);
        const probe = { ...item, publisher: publisherOf(sourceId), alternates: [] };
        const anchors = storyAnchors(`${item.title}\n${item.text}`);
        const expected = findSameStory(probe, scan, anchors);
        expect(scope.sameStory(probe, anchors)).toBe(expected);
        if (expected) matched++;
        const added = { ...item, storyId: expected ?? item.storyId };
        if (expected) addedEditions.push(added);
        else
          newStories.push({
            id: added.storyId,
            primaryEditionId: added.id,
            firstSeenAt: added.firstSeenAt,
            updatedAt: added.updatedAt,
            publishedAt: added.publishedAt,
            editions: [added],
          });
        scope.add(added, anchors);
        scan.push(toCandidate(added, publisherOf(sourceId), anchors));
      }
      // Some stored editions of this source change content (other figures): their anchors, and figure lists, change.
      const own = (await store.stories.editionsBetween(window.from, window.to))
        .filter((e) => e.sourceId === sourceId)
        .slice(0, 4);
      const updatedEditions = own.map((e) => ({
        ...e,
        text: `${e.text} ${31 + Math.floor(random() * 3) * 17} missing`,
        contentHash: `${e.contentHash}-v2`,
        version: e.version + 1,
      }));
      await store.stories.write({ newStories, addedEditions, updatedEditions });
      scope.commit(updatedEditions);
      index.finished(sourceId);
    }
    expect(matched).toBeGreaterThan(5);
  });
});

describe('EditionIndex hreflang alternates (SPEC 5.1: canonicalised like item URLs)', () => {
  it('finds a stored row whose URL was stored in another form (older rows: lower-case escapes, trailing slash)', async () => {
    const store = await createStore('sqlite::memory:');
    stores.push(store);
    const at = '2025-03-09T10:00:00.000Z';
    const stored: Edition = {
      id: 'ar1',
      storyId: 'story-ar',
      sourceId: 'pub-ar',
      url: 'https://news.example/ar/%d9%85%d9%87/',
      guid: null,
      language: 'ar',
      title: 'إنقاذ',
      text: 'نص',
      publishedAt: at,
      contentHash: 'h-ar',
      firstSeenAt: at,
      updatedAt: at,
      version: 1,
    };
    await store.stories.write({
      newStories: [
        {
          id: 'story-ar',
          primaryEditionId: 'ar1',
          firstSeenAt: at,
          updatedAt: at,
          publishedAt: at,
          editions: [stored],
        },
      ],
      addedEditions: [],
      updatedEditions: [],
    });
    const index = new EditionIndex(store, () => 'pub', ['pub-en']);
    const window = { from: '2025-03-01T00:00:00.000Z', to: '2025-03-20T00:00:00.000Z' };
    await index.load(window);
    const probe = {
      url: 'https://news.example/en/rescue',
      sourceId: 'pub-en',
      publisher: 'pub',
      language: 'en',
      publishedAt: at,
      firstSeenAt: at,
      title: 'Rescue',
      text: 'Rescue at sea.',
      alternates: [{ url: 'https://NEWS.example/ar/%D9%85%D9%87?utm_source=x&utm_medium=y', language: 'ar' }],
    };
    expect(index.scope(window, 'pub-en').sameStory(probe, storyAnchors('Rescue at sea.'))).toBe('story-ar');
    expect(findSameStory(probe, [toCandidate(stored, 'pub')])).toBe('story-ar');
    // A story that already has this publisher's edition in the probe's language takes no second one.
    const taken = { ...probe, language: 'ar' };
    expect(
      findSameStory(taken, [toCandidate({ ...stored, language: 'en' }, 'pub'), toCandidate(stored, 'pub')]),
    ).toBeNull();
  });
});
