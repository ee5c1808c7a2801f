import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { fenceIngestWrites } from '../../../src/schedule/fence-ingest-writes.js';
import { POLL_SLOT_LEASE, pollOnce } from '../../../src/schedule/poll-once.js';
import { silentLogger } from '../../../src/util/create-logger.js';
import { makeStory } from '../../helpers/factories.js';
import { describeOnEachStore, type OpenedStore } from '../../helpers/store-backends.js';

const log = silentLogger();
const FAR_CRON = '0 0 1 1 *';

/**
 * The poll lease guards ingest writes (SPEC 7.4, fenced leases): an instance that stalled mid-ingest past its lease,
 * while another took the poll over, writes nothing when it wakes up.
 */
describeOnEachStore('fenced poll lease', 'schedule-poll-fence.test.ts', (backend) => {
  let store: OpenedStore;
  beforeEach(async () => {
    store = await backend.open();
  });
  afterEach(async () => store.close());

  it('holds a lease that runs to a poll slot weeks away (the database clock adds it without overflow)', async () => {
    const token = await store.locks.acquireLease(POLL_SLOT_LEASE, 'far', new Date(Date.now() + 40 * 86_400_000));
    expect(token).toEqual(expect.any(String));
    expect(await store.locks.acquireLease(POLL_SLOT_LEASE, 'other', new Date(Date.now() + 1_000))).toBeNull();
    expect(await store.locks.renewLease(POLL_SLOT_LEASE, 'far', token!, new Date(Date.now() + 80 * 86_400_000))).toBe(
      true,
    );
  });

  it('refuses the writes of a poller whose lease expired and was taken over; the new holder writes', async () => {
    let resume!: () => void;
    const stalled = new Promise<void>((resolve) => {
      resume = resolve;
    });
    let started!: () => void;
    const inside = new Promise<void>((resolve) => {
      started = resolve;
    });
    let lateWrite: unknown = 'not attempted';
    const first = pollOnce(
      { store, log, worker: 'a' },
      {
        cron: FAR_CRON,
        ingest: async (lease) => {
          const fenced = fenceIngestWrites(store, lease);
          await fenced.stories.write({
            newStories: [makeStory({ id: 'early', url: 'https://e.org/early' })],
            addedEditions: [],
            updatedEditions: [],
          });
          started();
          await stalled;
          lateWrite = await fenced.stories
            .write({
              newStories: [makeStory({ id: 'late', url: 'https://e.org/late' })],
              addedEditions: [],
              updatedEditions: [],
            })
            .then(
              () => 'written',
              (error: { code?: string }) => error.code,
            );
        },
      },
      new Date(),
    );
    // A first ingest that ends early (its lease or its write failed) fails here instead of hanging.
    await Promise.race([
      inside,
      first.then(() => Promise.reject(new Error('the first ingest ended before its stall'))),
    ]);
    // The stall outlasts the lease and the slot (by the database's clock), and another instance polls the next slot.
    await sql`UPDATE locks SET expires_at = '2000-01-01T00:00:00.000Z'`.execute(store.db);
    let secondWrote = false;
    expect(
      await pollOnce(
        { store, log, worker: 'b' },
        {
          cron: FAR_CRON,
          ingest: async (lease) => {
            await fenceIngestWrites(store, lease).stories.write({
              newStories: [makeStory({ id: 'b-story', url: 'https://e.org/b' })],
              addedEditions: [],
              updatedEditions: [],
            });
            secondWrote = true;
          },
        },
        new Date(),
      ),
    ).toBe('ingested');
    resume();
    await first;
    expect(lateWrite).toBe('LEASE_LOST');
    expect(secondWrote).toBe(true);
    expect(await store.stories.get('late')).toBeUndefined();
    expect((await store.stories.get('early'))?.id).toBe('early');
    // The late poller took nothing back: the slot stays with the instance that took it over, no ingest lease is left.
    const owners = await store.db.selectFrom('locks').select(['name', 'owner']).execute();
    expect(owners.filter((r) => r.name.startsWith('poll:'))).toEqual([{ name: POLL_SLOT_LEASE, owner: 'b' }]);
  });
});
