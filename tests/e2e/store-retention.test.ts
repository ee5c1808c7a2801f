import { afterEach, beforeEach, expect, it } from 'vitest';
import type { SourceConfig, Subscription } from '../../src/domain/types.js';
import { ingestSources } from '../../src/ingest/ingest-sources.js';
import { pruneStore, startRetention } from '../../src/schedule/prune-store.js';
import { runSubscription } from '../../src/schedule/run-subscription.js';
import { silentLogger } from '../../src/util/create-logger.js';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { createRecordingAdapter, type RecordingAdapter } from '../helpers/recording-adapter.js';
import { makeRunDeps } from '../helpers/schedule-harness.js';
import { makeSubscription } from '../helpers/factories.js';
import { describeOnEachStore, type OpenedStore } from '../helpers/store-backends.js';

const DAY = 86_400_000;
const RETENTION_DAYS = 180;
const log = silentLogger();

/** An RSS feed of items with no publication date: each sorts by when it was first seen, so a re-created one would be "new". */
function feed(items: Array<{ id: string; title: string }>): string {
  const body = items
    .map(
      (
        i,
      ) => `<item><title>${i.title}</title><link>https://news.example.org/${i.id}?utm_source=rss</link><guid isPermaLink="false">${i.id}</guid>
<description>${i.title}. The coast guard said 40 people were rescued and taken to the port on Monday.</description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Test</title><link>https://news.example.org/</link><description>t</description>${body}</channel></rss>`;
}

const OLD = [
  { id: 'boat-lampedusa', title: 'Boat with 40 migrants reaches Lampedusa' },
  { id: 'camp-fire', title: 'Fire destroys tents in a camp near Calais' },
  { id: 'border-report', title: 'Border report counts 1,200 crossings in March' },
];
const NEW = { id: 'rescue-crete', title: 'Rescue off Crete: 55 people brought ashore' };

describeOnEachStore('retention with the dedupe ledger', 'store-retention.test.ts', (backend) => {
  let store: OpenedStore;
  let server: FeedServer;
  let slack: RecordingAdapter;
  let source: SourceConfig;
  let sub: Subscription;
  const t0 = Date.now();
  const at = (days: number) => new Date(t0 + days * DAY);

  beforeEach(async () => {
    store = await backend.open();
    server = await startFeedServer({ '/feed.xml': { body: feed(OLD) } });
    source = {
      id: 'news-en',
      name: 'News',
      url: server.url('/feed.xml'),
      language: 'en',
      fullText: 'never',
      allowPrivateAddress: true,
    };
    slack = createRecordingAdapter('slack');
    sub = await store.subscriptions.upsert(
      makeSubscription({ channelId: 'C-RET', languages: ['en'], lastSlotAt: null, createdAt: at(0).toISOString() }),
    );
  });
  afterEach(async () => {
    await server.close();
    await store.close();
  });

  const ingest = (days: number) => ingestSources({ store, log, now: () => at(days) }, [source]);
  const deliver = (days: number) =>
    runSubscription(makeRunDeps(store, [slack], { sources: [source], now: () => at(days) }), sub, at(days));
  /** Serves the feed again with a fresh ETag, so the next poll reads every item (no 304). */
  const republish = (items: Array<{ id: string; title: string }>, etag: string) =>
    server.route('/feed.xml', { body: feed(items), etag: `"${etag}"` });

  it('never stores or posts a pruned story again when its feed is re-ingested, while a new item still goes through', async () => {
    const [first] = await ingest(0);
    expect(first).toMatchObject({ status: 'ok', new: 3 });
    expect((await deliver(0)).status).toBe('posted');
    expect(slack.storiesPosted('C-RET')).toHaveLength(3);

    const report = await pruneStore({ store, log, retentionDays: RETENTION_DAYS, now: () => at(RETENTION_DAYS + 1) });
    expect(report).toMatchObject({ stories: 3, editions: 3, deliveredStories: 3, deliveries: 1 });
    expect(await store.stories.count()).toBe(0);
    expect(await store.ledger.count()).toBe(9); // URL, guid and content hash of each item

    // The same feed, re-read in full: every item is a duplicate, nothing is stored.
    republish(OLD, 'same-items');
    const [again] = await ingest(RETENTION_DAYS + 1);
    expect(again).toMatchObject({ status: 'ok', new: 0, duplicate: 3, updated: 0 });
    expect(await store.stories.count()).toBe(0);
    expect((await deliver(RETENTION_DAYS + 1)).status).toBe('nothing_new');

    // A new item next to them is ingested and posted, and only it (the channel got 4 stories in all, none twice).
    republish([...OLD, NEW], 'plus-one');
    const [more] = await ingest(RETENTION_DAYS + 2);
    expect(more).toMatchObject({ new: 1, duplicate: 3 });
    expect((await deliver(RETENTION_DAYS + 2)).status).toBe('posted');
    const posted = slack.storiesPosted('C-RET');
    expect(posted).toHaveLength(4);
    expect(new Set(posted).size).toBe(4);
    expect(slack.posts.at(-1)?.digest.items.map((i) => i.url)).toEqual([`https://news.example.org/${NEW.id}`]);
  });

  it('keeps the ledger entry of an item its feed still carries, and forgets one no feed has shown for a retention period', async () => {
    await ingest(0);
    await pruneStore({ store, log, retentionDays: RETENTION_DAYS, now: () => at(RETENTION_DAYS + 1) });
    // Day 300: the feed still carries the first item only; polling it refreshes that item's ledger keys.
    republish([OLD[0]!], 'one-left');
    expect((await ingest(300))[0]).toMatchObject({ new: 0, duplicate: 1 });

    const later = await pruneStore({
      store,
      log,
      retentionDays: RETENTION_DAYS,
      now: () => at(2 * RETENTION_DAYS + 10),
    });
    expect(later?.ledgerExpired).toBe(6); // the two items last seen at the first prune
    expect(await store.ledger.count()).toBe(3);
    republish(OLD, 'all-again');
    const [back] = await ingest(2 * RETENTION_DAYS + 10);
    // The still-carried item stays a duplicate; the two forgotten ones are new stories after a year away.
    expect(back).toMatchObject({ new: 2, duplicate: 1 });
  });

  it("after pruning, an item with its own guid that shares a pruned item's link is still a new story (the guid wins)", async () => {
    await ingest(0);
    await pruneStore({ store, log, retentionDays: RETENTION_DAYS, now: () => at(RETENTION_DAYS + 1) });
    // A homepage-style feed: a new item, new guid and text, whose <link> is the pruned first item's.
    const sharedLink = feed(OLD).replace(
      '</channel>',
      `<item><title>Second boat reaches Lampedusa with 73 people</title><link>https://news.example.org/${OLD[0]?.id}?utm_source=rss</link><guid isPermaLink="false">boat-lampedusa-2</guid><description>A second boat with 73 people reached the island on Tuesday, the coast guard said.</description></item></channel>`,
    );
    server.route('/feed.xml', { body: sharedLink, etag: '"shared-link"' });
    expect((await ingest(RETENTION_DAYS + 2))[0]).toMatchObject({ new: 1, duplicate: 3 });
    expect(await store.stories.count()).toBe(1);
  });

  it('prunes summaries, deliveries, thread mappings, Q&A turns, processed events and LLM rows older than the window, and keeps newer ones', async () => {
    await ingest(0);
    await deliver(0);
    const [delivery] = await store.deliveryLog.recent({ channelId: 'C-RET', limit: 1 });
    const threadId = delivery?.messageRefs?.[0]?.threadId ?? '';
    await store.threads.addTurn('slack', 'C-RET', threadId, {
      question: 'q?',
      answer: 'a.',
      language: 'en',
      createdAt: at(0).toISOString(),
    });
    await store.events.firstSeen('slack', 'Ev-old');
    await store.llmCalls.record({
      purpose: 'summarise',
      model: 'm',
      storyId: null,
      promptTokens: 10,
      completionTokens: 5,
      ok: true,
    });
    await store.llmBudget.add(at(0).toISOString().slice(0, 10), 15);

    // A prune inside the window deletes nothing.
    const early = await pruneStore({ store, log, retentionDays: RETENTION_DAYS, now: () => at(30) });
    expect(Object.values(early ?? {}).every((n) => n === 0)).toBe(true);
    expect(await store.threads.stories('slack', 'C-RET', threadId)).toBeDefined();

    const report = await pruneStore({ store, log, retentionDays: RETENTION_DAYS, now: () => at(RETENTION_DAYS + 1) });
    expect(report).toMatchObject({
      stories: 3,
      deliveries: 1,
      threadMessages: 1,
      qaTurns: 1,
      processedEvents: 1,
      llmCalls: 1,
      tokenDays: 1,
    });
    expect(await store.threads.stories('slack', 'C-RET', threadId)).toBeUndefined();
    expect(await store.threads.turns('slack', 'C-RET', threadId)).toEqual([]);
    expect(await store.deliveryLog.recent({ channelId: 'C-RET', limit: 5 })).toEqual([]);
    expect(await store.llmCalls.usageSince(at(-1).toISOString())).toMatchObject({ calls: 0 });
    // The event id is forgotten, so it counts as first seen again.
    expect(await store.events.firstSeen('slack', 'Ev-old')).toBe(true);
  });

  it('does nothing with STORE_RETENTION_DAYS=0 (keep forever)', async () => {
    await ingest(0);
    expect(await pruneStore({ store, log, retentionDays: 0, now: () => at(10_000) })).toBeNull();
    expect(await store.stories.count()).toBe(3);
  });

  it('prunes once per UTC day across instances sharing the store (a lease per day)', async () => {
    await ingest(0);
    const other = await backend.openSecond(store);
    try {
      const day = at(RETENTION_DAYS + 1);
      const a = startRetention({
        store,
        log,
        retentionDays: RETENTION_DAYS,
        owner: 'instance-a',
        now: () => day,
        firstCheckMs: 3_600_000,
      });
      const b = startRetention({
        store: other,
        log,
        retentionDays: RETENTION_DAYS,
        owner: 'instance-b',
        now: () => day,
        firstCheckMs: 3_600_000,
      });
      const [ra, rb] = await Promise.all([a.runDue(), b.runDue()]);
      expect([ra, rb].filter(Boolean)).toHaveLength(1);
      expect((ra ?? rb)?.stories).toBe(3);
      expect(await a.runDue()).toBeNull();
      a.stop();
      b.stop();
    } finally {
      if (other !== store) await other.close();
    }
  });
});
