import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Delivery } from '../../../src/ports/store.js';
import { buildMigrations } from '../../../src/store/migrations/migrations.js';
import { makeDigest, makeNewDelivery, makeStory, makeSubscription } from '../../helpers/factories.js';
import { describeOnEachStore, type OpenedStore } from '../../helpers/store-backends.js';

const scheduled = (overrides: Partial<Delivery> & { id: string }) => ({
  subscriptionId: 'sub1',
  platform: 'slack' as const,
  channelId: 'C1',
  kind: 'scheduled' as const,
  slotAt: '2026-01-01T08:00:00.000Z',
  digestId: `dg-${overrides.id}`,
  digest: makeDigest(),
  storyIds: [] as string[],
  status: 'pending' as const,
  createdAt: new Date().toISOString(),
  ...overrides,
});

describeOnEachStore('store', 'store.test.ts', (backend) => {
  const dialect = backend.dialect;
  let store: OpenedStore;
  const others: OpenedStore[] = [];
  const second = async () => {
    const s = await backend.openSecond(store);
    if (s !== store) others.push(s);
    return s;
  };
  beforeEach(async () => {
    store = await backend.open();
  });
  afterEach(async () => {
    for (const s of others.splice(0)) await s.close();
    await store.close();
  });

  /** Takes the lease of a delivery nobody holds (as a worker does before posting). */
  const leased = async (id: string) => {
    const lease = await store.deliveries.claim(id, 'test-worker', 60_000);
    if (!lease) throw new Error(`delivery ${id} could not be leased`);
    return lease;
  };

  it('reports its dialect', () => {
    expect(store.dialect).toBe(dialect);
  });

  it('writes every row exactly across many writes of different sizes (SQLite row writer; PostgreSQL multi-row INSERTs)', async () => {
    // PostgreSQL: 450 rows = chunks of 200, 200 and 50; then 50 again (the kept 50-row INSERT, other values), 201, 1, 0.
    const sizes = [450, 50, 201, 1, 0, 450];
    let n = 0;
    const written: ReturnType<typeof makeStory>[] = [];
    for (const size of sizes) {
      const batch = Array.from({ length: size }, () => {
        n++;
        return makeStory({
          id: `bulk${n}`,
          guid: n % 3 === 0 ? null : `g${n}`,
          contentHash: `h${n}`,
          title: `Title ${n}`,
          text: `Text ${n} ${'x'.repeat(n % 7)}`,
          publishedAt: n % 5 === 0 ? null : new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
        });
      });
      await store.stories.write({ newStories: batch, addedEditions: [], updatedEditions: [] });
      written.push(...batch);
    }
    expect(await store.stories.count()).toBe(written.length);
    const read = await store.stories.getMany(written.map((s) => s.id));
    expect(read.map((s) => ({ ...s, editions: s.editions.map((e) => ({ ...e })) }))).toEqual(written);
  });

  it('writes a batch all or nothing: a duplicate id in the batch leaves no row of it behind', async () => {
    const batch = Array.from({ length: 300 }, (_, i) => makeStory({ id: `atomic${i}`, contentHash: `ha${i}` }));
    batch.push(makeStory({ id: 'atomic7', contentHash: 'ha-dup' })); // same story id, and same edition id, again
    await expect(store.stories.write({ newStories: batch, addedEditions: [], updatedEditions: [] })).rejects.toThrow();
    expect(await store.stories.count()).toBe(0);
    expect(await store.stories.findEditions({ urls: [], guids: [], hashes: ['ha0', 'ha299'] })).toEqual([]);
    // The store is usable afterwards, and the same rows go in once the duplicate is gone.
    await store.stories.write({ newStories: batch.slice(0, 300), addedEditions: [], updatedEditions: [] });
    expect(await store.stories.count()).toBe(300);
  });

  it("lists a source's latest content hashes, newest first, up to the limit (no page fetch for those items)", async () => {
    const at = (day: number) => `2025-03-0${day}T10:00:00.000Z`;
    const stories = [1, 2, 3].map((day) => {
      const story = makeStory({ id: `rh${day}`, contentHash: `h${day}` });
      story.editions = story.editions.map((e) => ({ ...e, firstSeenAt: at(day) }));
      return story;
    });
    const other = makeStory({ id: 'rh-other', contentHash: 'h-other' });
    other.editions = other.editions.map((e) => ({ ...e, sourceId: 'another-source' }));
    await store.stories.write({ newStories: [...stories, other], addedEditions: [], updatedEditions: [] });
    const sourceId = stories[0]?.editions[0]?.sourceId as string;
    expect(await store.stories.recentHashes(sourceId, 2)).toEqual(['h3', 'h2']);
    expect(await store.stories.recentHashes('another-source', 10)).toEqual(['h-other']);
    expect(await store.stories.recentHashes('nobody', 10)).toEqual([]);
  });

  it('returns counts and token sums as numbers', async () => {
    await store.llmCalls.record({
      purpose: 'summarise',
      model: 'm',
      storyId: null,
      promptTokens: 120,
      completionTokens: 30,
      ok: true,
    });
    await store.llmCalls.record({
      purpose: 'summarise',
      model: 'm',
      storyId: null,
      promptTokens: 80,
      completionTokens: 20,
      ok: true,
    });
    const usage = await store.llmCalls.usageSince('2000-01-01T00:00:00.000Z');
    expect(usage).toEqual({ calls: 2, promptTokens: 200, completionTokens: 50 });
    expect(typeof (await store.stories.count())).toBe('number');
  });

  it('keeps Q&A turns of a thread in order', async () => {
    for (const q of ['first?', 'second?']) {
      await store.threads.addTurn('slack', 'C1', '1.1', {
        question: q,
        answer: 'a',
        language: 'en',
        createdAt: new Date().toISOString(),
      });
    }
    expect((await store.threads.turns('slack', 'C1', '1.1')).map((t) => t.question)).toEqual(['first?', 'second?']);
  });

  it('lists only stories not yet delivered to a channel', async () => {
    const a = makeStory({ id: 'a', url: 'https://e.org/a' });
    const b = makeStory({ id: 'b', url: 'https://e.org/b' });
    await store.stories.write({ newStories: [a, b], addedEditions: [], updatedEditions: [] });
    const { delivery } = await store.deliveries.create(makeNewDelivery({ id: 'd1', storyIds: ['a'] }));
    await store.deliveries.markPosted(delivery.id, await leased(delivery.id), [
      { messageId: '1.1', threadId: '1.1', storyIds: ['a'] },
    ]);
    const left = await store.stories.undelivered({ platform: 'slack', channelId: 'C1', since: null, limit: 10 });
    expect(left.map((s) => s.id)).toEqual(['b']);
    expect(await store.threads.stories('slack', 'C1', '1.1')).toEqual({
      digestId: 'dg1',
      storyIds: ['a'],
      firstNumber: 1,
    });
    expect((await store.deliveryLog.get('d1'))?.attempts).toBe(1);
  });

  it('records a scheduled slot once: a second create returns the existing delivery', async () => {
    const first = await store.deliveries.create(scheduled({ id: 'x1' }));
    const second = await store.deliveries.create(scheduled({ id: 'x2' }));
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.delivery.id).toBe('x1');
    expect(await store.deliveries.findSlot('sub1', '2026-01-01T08:00:00.000Z')).toMatchObject({ id: 'x1' });
    expect(await store.deliveries.findSlot('sub1', '2026-01-02T08:00:00.000Z')).toBeUndefined();
  });

  it('records a slot once when two instances create it at the same moment', async () => {
    const other = await second();
    const results = await Promise.all([
      store.deliveries.create(scheduled({ id: 'r1', storyIds: [] })),
      other.deliveries.create(scheduled({ id: 'r2', storyIds: [] })),
    ]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.delivery.id)).size).toBe(1);
  });

  it('reserves the stories of a scheduled delivery: no second digest can carry them', async () => {
    await store.stories.write({
      newStories: ['a', 'b', 'c'].map((id) => makeStory({ id })),
      addedEditions: [],
      updatedEditions: [],
    });
    await store.deliveries.create(scheduled({ id: 's1', slotAt: '2026-01-01T08:00:00.000Z', storyIds: ['a', 'b'] }));
    // Pending, not posted yet: the stories are already out of the channel's undelivered list.
    expect(
      (await store.stories.undelivered({ platform: 'slack', channelId: 'C1', since: null, limit: 10 })).map(
        (s) => s.id,
      ),
    ).toEqual(['c']);
    const clash = store.deliveries.create(
      scheduled({ id: 's2', slotAt: '2026-01-01T09:00:00.000Z', storyIds: ['b', 'c'] }),
    );
    await expect(clash).rejects.toMatchObject({ code: 'STORIES_TAKEN' });
    expect(await store.deliveryLog.get('s2')).toBeUndefined();
    // Another channel is not affected.
    await expect(
      store.deliveries.create(scheduled({ id: 's3', channelId: 'C2', subscriptionId: 'sub2', storyIds: ['b'] })),
    ).resolves.toMatchObject({ created: true });
  });

  it('lets only one of two concurrent scheduled deliveries take a story', async () => {
    await store.stories.write({ newStories: [makeStory({ id: 'a' })], addedEditions: [], updatedEditions: [] });
    const other = await second();
    const results = await Promise.allSettled([
      store.deliveries.create(scheduled({ id: 'p1', slotAt: '2026-01-01T08:00:00.000Z', storyIds: ['a'] })),
      other.deliveries.create(scheduled({ id: 'p2', slotAt: '2026-01-01T09:00:00.000Z', storyIds: ['a'] })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(
      ['STORIES_TAKEN'],
    );
  });

  it('lets one worker claim a delivery at a time', async () => {
    await store.deliveries.create(makeNewDelivery({ id: 'c1', platform: 'teams', channelId: 'T', digestId: 'd' }));
    const lease = await store.deliveries.claim('c1', 'w1', 60_000);
    expect(lease).toMatchObject({ owner: 'w1', token: expect.any(String) });
    expect(await store.deliveries.claim('c1', 'w2', 60_000)).toBeNull();
    // Held: not even its own owner acquires it again (renewal is a separate, token-checked step).
    expect(await store.deliveries.claim('c1', 'w1', 60_000)).toBeNull();
    expect(await store.deliveries.renew('c1', lease!, 60_000)).toBe(true);
  });

  it('writes a delivery already leased when asked, and lets another worker take it once the lease expired', async () => {
    await store.deliveries.create(scheduled({ id: 'l1' }), { claimFor: { owner: 'w1', leaseMs: 60_000 } });
    expect(await store.deliveries.claim('l1', 'w2', 60_000)).toBeNull();
    await store.deliveries.create(scheduled({ id: 'l2', slotAt: '2026-01-02T08:00:00.000Z' }), {
      claimFor: { owner: 'w1', leaseMs: -1000 },
    });
    expect(await store.deliveries.claim('l2', 'w2', 60_000)).toMatchObject({ owner: 'w2' });
  });

  it('sweeps abandoned pending deliveries: never leased or lease expired, not held, not finished', async () => {
    await store.deliveries.create(scheduled({ id: 'free', slotAt: '2026-01-01T01:00:00.000Z' }));
    await store.deliveries.create(scheduled({ id: 'expired', slotAt: '2026-01-01T02:00:00.000Z' }), {
      claimFor: { owner: 'dead', leaseMs: -1000 },
    });
    await store.deliveries.create(scheduled({ id: 'held', slotAt: '2026-01-01T03:00:00.000Z' }), {
      claimFor: { owner: 'alive', leaseMs: 60_000 },
    });
    await store.deliveries.create(scheduled({ id: 'failed', slotAt: '2026-01-01T04:00:00.000Z' }));
    await store.deliveries.markFailed('failed', await leased('failed'), 'boom');
    await store.deliveries.create(scheduled({ id: 'done', slotAt: '2026-01-01T05:00:00.000Z' }));
    await store.deliveries.markPosted('done', await leased('done'), []);
    const swept = await store.deliveries.claimAbandoned('me', 60_000, 10);
    expect(swept.map((d) => d.delivery.id).sort()).toEqual(['expired', 'free']);
    expect(await store.deliveries.claimAbandoned('someone-else', 60_000, 10)).toEqual([]);
  });

  it('never hands the same abandoned delivery to two sweeping instances', async () => {
    for (let i = 0; i < 20; i++)
      await store.deliveries.create(
        scheduled({ id: `a${i}`, slotAt: `2026-01-01T00:00:${String(i).padStart(2, '0')}.000Z` }),
      );
    const other = await second();
    const [mine, theirs] = await Promise.all([
      store.deliveries.claimAbandoned('w1', 60_000, 15),
      other.deliveries.claimAbandoned('w2', 60_000, 15),
    ]);
    const ids = [...mine, ...theirs].map((d) => d.delivery.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(20);
  });

  it('cancels an unfinished delivery nobody holds and releases its stories', async () => {
    await store.stories.write({ newStories: [makeStory({ id: 'a' })], addedEditions: [], updatedEditions: [] });
    await store.deliveries.create(scheduled({ id: 'held', storyIds: ['a'] }), {
      claimFor: { owner: 'w1', leaseMs: 60_000 },
    });
    expect(await store.deliveries.cancel('held', 'w2')).toBe(false);
    expect(await store.deliveries.cancel('held', 'w1')).toBe(true);
    expect(await store.deliveryLog.get('held')).toMatchObject({ status: 'cancelled' });
    expect(
      (await store.stories.undelivered({ platform: 'slack', channelId: 'C1', since: null, limit: 10 })).map(
        (s) => s.id,
      ),
    ).toEqual(['a']);
    expect(await store.deliveryLog.incomplete()).toEqual([]);
    await store.deliveries.create(scheduled({ id: 'done', slotAt: '2026-01-02T08:00:00.000Z', storyIds: ['a'] }));
    await store.deliveries.markPosted('done', await leased('done'), []);
    expect(await store.deliveries.cancel('done', 'w1')).toBe(false);
  });

  it('counts attempts and keeps the error of a failed delivery', async () => {
    await store.deliveries.create(scheduled({ id: 'f1' }));
    await store.deliveries.markFailed('f1', await leased('f1'), 'RATE_LIMITED: 429');
    await store.deliveries.markFailed('f1', await leased('f1'), 'RATE_LIMITED: 429 again');
    expect(await store.deliveryLog.get('f1')).toMatchObject({
      status: 'failed',
      attempts: 2,
      error: 'RATE_LIMITED: 429 again',
    });
    expect((await store.deliveryLog.incomplete()).map((d) => d.id)).toEqual(['f1']);
  });

  it('counts deliveries by status since a time, per channel, as numbers', async () => {
    const before = new Date(Date.now() - 60_000).toISOString();
    await store.deliveries.create(scheduled({ id: 'n1', slotAt: '2026-01-01T08:00:00.000Z' }));
    await store.deliveries.create(scheduled({ id: 'n2', slotAt: '2026-01-02T08:00:00.000Z' }));
    await store.deliveries.create(scheduled({ id: 'n3', slotAt: '2026-01-03T08:00:00.000Z', channelId: 'C2' }));
    await store.deliveries.markPosted('n1', await leased('n1'), []);
    await store.deliveries.markFailed('n2', await leased('n2'), 'UNAVAILABLE');
    expect(await store.deliveryLog.countSince({ since: before })).toEqual({ posted: 1, failed: 1, pending: 1 });
    expect(await store.deliveryLog.countSince({ platform: 'slack', channelId: 'C1', since: before })).toEqual({
      posted: 1,
      failed: 1,
    });
    expect(await store.deliveryLog.countSince({ since: new Date(Date.now() + 60_000).toISOString() })).toEqual({});
  });

  it('moves a subscription last slot forward only', async () => {
    await store.subscriptions.upsert(makeSubscription({ id: 'sub1', channelId: 'C1', lastSlotAt: null }));
    await store.subscriptions.setLastSlot('sub1', '2026-01-02T08:00:00.000Z');
    await store.subscriptions.setLastSlot('sub1', '2026-01-01T08:00:00.000Z');
    expect((await store.subscriptions.get('slack', 'C1'))?.lastSlotAt).toBe('2026-01-02T08:00:00.000Z');
  });

  it('sees a platform event id once', async () => {
    expect(await store.events.firstSeen('slack', 'Ev1')).toBe(true);
    expect(await store.events.firstSeen('slack', 'Ev1')).toBe(false);
  });

  it('gives a lease to one owner until it expires; the owner may renew or release it', async () => {
    const later = new Date(Date.now() + 60_000);
    expect(await store.locks.acquireLease('poll', 'w1', later)).toEqual(expect.any(String));
    expect(await store.locks.acquireLease('poll', 'w2', later)).toBeNull();
    expect(await store.locks.acquireLease('poll', 'w1', new Date(Date.now() + 120_000))).toEqual(expect.any(String));
    await store.locks.releaseLease('poll', 'w2');
    expect(await store.locks.acquireLease('poll', 'w2', later)).toBeNull();
    await store.locks.releaseLease('poll', 'w1');
    expect(await store.locks.acquireLease('poll', 'w2', new Date(Date.now() - 1))).toEqual(expect.any(String));
    // w2's lease is already expired: anyone may take it over.
    expect(await store.locks.acquireLease('poll', 'w3', later)).toEqual(expect.any(String));
  });

  it('runs critical sections of one lock name one at a time, across instances', async () => {
    const other = await second();
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const first = store.locks.withLock('summary:k1', async () => {
      events.push('a-in');
      entered();
      await gate;
      events.push('a-out');
      return 'a';
    });
    await inside;
    const secondRun = other.locks.withLock('summary:k1', async () => {
      events.push('b-in');
      return 'b';
    });
    // Another name is not blocked.
    await expect(other.locks.withLock('summary:k2', async () => 'free')).resolves.toBe('free');
    await backend.waitForLockWaiters(store, 1);
    expect(events).toEqual(['a-in']);
    release();
    expect(await Promise.all([first, secondRun])).toEqual(['a', 'b']);
    expect(events).toEqual(['a-in', 'a-out', 'b-in']);
  });

  it('releases a lock when the critical section throws', async () => {
    await expect(store.locks.withLock('x', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(store.locks.withLock('x', async () => 'again')).resolves.toBe('again');
  });

  if (dialect === 'postgres') {
    it('gives up waiting for a lock after the timeout, with LOCK_TIMEOUT', async () => {
      const other = await second();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => {
        entered = resolve;
      });
      const holder = store.locks.withLock('slow', async () => {
        entered();
        await gate;
      });
      await inside;
      await expect(other.locks.withLock('slow', async () => 'never', { timeoutMs: 100 })).rejects.toMatchObject({
        code: 'LOCK_TIMEOUT',
      });
      release();
      await holder;
    });

    it('frees a lock at once when the session holding it dies (a killed instance)', async () => {
      const other = await second();
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => {
        entered = resolve;
      });
      const doomed = store.locks.withLock('k', async () => {
        entered();
        // Simulates the holder being killed: its database session is terminated while it holds the lock.
        await sql`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid() AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`.execute(
          other.db,
        );
        return 'unreachable';
      });
      await inside;
      await expect(other.locks.withLock('k', async () => 'taken over', { timeoutMs: 30_000 })).resolves.toBe(
        'taken over',
      );
      await doomed.catch(() => undefined);
    });

    it('applies migrations once when several instances start together', async () => {
      const stores = await Promise.all([second(), second(), second()]);
      for (const s of stores) await s.ping();
      const rows = await sql<{ n: string }>`SELECT count(*) AS n FROM kysely_migration`.execute(store.db);
      // Each migration once, however many there are.
      expect(Number(rows.rows[0]?.n)).toBe(Object.keys(buildMigrations('postgres')).length);
    });
  }
});

describeOnEachStore('channel mutes (005_chat_native)', 'store-mutes', (backend) => {
  let store: OpenedStore;
  beforeEach(async () => {
    store = await backend.open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('mutes a source in one channel only, once, and unmutes it', async () => {
    expect(await store.mutes.add('slack', 'C1', 'iom-en', 'U1')).toBe(true);
    expect(await store.mutes.add('slack', 'C1', 'iom-en', 'U2')).toBe(false);
    expect(await store.mutes.list('slack', 'C1')).toEqual(['iom-en']);
    expect(await store.mutes.list('slack', 'C2')).toEqual([]);
    expect(await store.mutes.list('teams', 'C1')).toEqual([]);
    expect(await store.mutes.remove('slack', 'C1', 'iom-en')).toBe(true);
    expect(await store.mutes.remove('slack', 'C1', 'iom-en')).toBe(false);
    expect(await store.mutes.list('slack', 'C1')).toEqual([]);
  });
});
