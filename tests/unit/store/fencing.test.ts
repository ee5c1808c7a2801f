import { afterEach, beforeEach, expect, it } from 'vitest';
import { createStore } from '../../../src/store/create-store.js';
import { makeNewDelivery, makeStory } from '../../helpers/factories.js';
import { describeOnEachStore, type OpenedStore } from '../../helpers/store-backends.js';

const delivery = (id: string, storyIds: string[] = ['a']) => makeNewDelivery({ id, digestId: `dg-${id}`, storyIds });
const message = (ts: string) => ({ messageId: ts, threadId: ts, storyIds: ['a'] });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Fenced leases (SPEC 7.4): every state change of a delivery presents the lease owner and the token of its
 * acquisition, and is refused once the lease expired by the database's clock or was taken over.
 */
describeOnEachStore('fenced delivery leases', 'store-fencing.test.ts', (backend) => {
  let store: OpenedStore;
  const opened: OpenedStore[] = [];
  beforeEach(async () => {
    store = await backend.open();
    await store.stories.write({ newStories: [makeStory({ id: 'a' })], addedEditions: [], updatedEditions: [] });
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    await store.close();
  });

  it('a late markPosted with a stale token (the lease was taken over) changes nothing; the new holder records it', async () => {
    const { lease: first } = await store.deliveries.create(delivery('d1'), { claimFor: { owner: 'w1', leaseMs: 300 } });
    expect(first).toBeDefined();
    await sleep(450);
    const second = await store.deliveries.claim('d1', 'w2', 60_000);
    expect(second).not.toBeNull();
    expect(second?.token).not.toBe(first?.token);
    // The stalled worker wakes up: nothing it writes lands.
    expect(await store.deliveries.renew('d1', first!, 60_000)).toBe(false);
    expect(await store.deliveries.recordPart('d1', first!, 0, message('1.1'))).toBe(false);
    expect(await store.deliveries.markPosted('d1', first!, [message('1.1')])).toBe(false);
    expect(await store.deliveries.markFailed('d1', first!, 'late')).toBe(false);
    expect(await store.deliveryLog.get('d1')).toMatchObject({ status: 'pending', attempts: 0, error: null });
    expect(await store.deliveries.parts('d1')).toEqual(new Map());
    expect(await store.threads.stories('slack', 'C1', '1.1')).toBeUndefined();
    // Its story stays held for the pending delivery (no other digest carries it meanwhile), neither released nor posted.
    expect(
      (await store.stories.undelivered({ platform: 'slack', channelId: 'C1', since: null, limit: 10 })).map(
        (s) => s.id,
      ),
    ).toEqual([]);
    // Same owner name, old token: still refused (a restarted worker reusing its id cannot write either).
    expect(await store.deliveries.markPosted('d1', { owner: 'w2', token: first!.token }, [message('1.1')])).toBe(false);
    expect(await store.deliveries.markPosted('d1', second!, [message('2.2')])).toBe(true);
    expect(await store.deliveryLog.get('d1')).toMatchObject({ status: 'posted', messageRefs: [message('2.2')] });
  });

  it('markPosted after the lease expired by the database clock changes nothing, even when nobody took over', async () => {
    const { lease } = await store.deliveries.create(delivery('d2'), { claimFor: { owner: 'w1', leaseMs: 200 } });
    expect(await store.deliveries.renew('d2', lease!, 200)).toBe(true);
    await sleep(350);
    expect(await store.deliveries.markPosted('d2', lease!, [message('1.1')])).toBe(false);
    expect(await store.deliveryLog.get('d2')).toMatchObject({ status: 'pending' });
    // Expired means free: a sweep takes it over with a new token.
    const swept = await store.deliveries.claimAbandoned('w3', 60_000, 10);
    expect(swept.map((s) => [s.delivery.id, s.lease.owner])).toEqual([['d2', 'w3']]);
    expect(swept[0]?.lease.token).not.toBe(lease?.token);
  });

  it('records posted parts durably under the lease; a new store handle on the same database reads them', async () => {
    const { lease } = await store.deliveries.create(delivery('d3'), { claimFor: { owner: 'w1', leaseMs: 60_000 } });
    expect(await store.deliveries.recordPart('d3', lease!, 0, message('p1'))).toBe(true);
    // Recording the same part twice keeps the first record.
    expect(await store.deliveries.recordPart('d3', lease!, 0, message('p1-again'))).toBe(false);
    const other = await createStore(backend.url());
    opened.push(other);
    expect([...(await other.deliveries.parts('d3')).entries()]).toEqual([[0, message('p1')]]);
    expect(await store.deliveries.markPosted('d3', lease!, [message('p1'), message('p2')])).toBe(true);
    expect(await other.deliveries.parts('d3')).toEqual(new Map());
  });

  it('named leases (the poll lease): a new token per acquisition, renewals refused once taken over', async () => {
    const soon = () => new Date(Date.now() + 200);
    const t1 = await store.locks.acquireLease('poll', 'w1', soon());
    expect(t1).toEqual(expect.any(String));
    // Renewing through acquire keeps the token; another owner is refused while it holds.
    expect(await store.locks.acquireLease('poll', 'w1', soon())).toBe(t1);
    expect(await store.locks.acquireLease('poll', 'w2', soon())).toBeNull();
    expect(await store.locks.renewLease('poll', 'w1', t1!, soon())).toBe(true);
    await sleep(350);
    const t2 = await store.locks.acquireLease('poll', 'w2', new Date(Date.now() + 60_000));
    expect(t2).toEqual(expect.any(String));
    expect(t2).not.toBe(t1);
    expect(await store.locks.renewLease('poll', 'w1', t1!, new Date(Date.now() + 60_000))).toBe(false);
    expect(await store.locks.acquireLease('poll', 'w1', new Date(Date.now() + 60_000))).toBeNull();
  });
});
