import { afterEach, beforeEach, expect, it } from 'vitest';
import { createScheduler, type Scheduler } from '../../../src/schedule/create-scheduler.js';
import { POLL_LEASE, pollOnce } from '../../../src/schedule/poll-once.js';
import { silentLogger } from '../../../src/util/create-logger.js';
import { type CapturedLog, createCaptureLogger } from '../../helpers/capture-logger.js';
import { createRecordingAdapter } from '../../helpers/recording-adapter.js';
import { makeRunDeps, waitFor } from '../../helpers/schedule-harness.js';
import { describeOnEachStore, type OpenedStore } from '../../helpers/store-backends.js';

// No poll slot during the test: only the start-up fetch ingests.
const FAR_CRON = '0 0 1 1 *';

describeOnEachStore('poller across instances', 'schedule-poller.test.ts', (backend) => {
  let stores: OpenedStore[];
  let schedulers: Scheduler[];
  beforeEach(() => {
    stores = [];
    schedulers = [];
  });
  afterEach(async () => {
    for (const s of schedulers) await s.stop();
    for (const s of new Set(stores)) await s.close();
  });

  it('never ingests one poll slot in two of three instances', { timeout: 90_000 }, async () => {
    const first = await backend.open();
    stores.push(first, await backend.openSecond(first), await backend.openSecond(first));
    const ingestsBySlot = new Map<string, string[]>();
    const reports: string[] = [];
    for (const [i, store] of stores.entries()) {
      const name = `instance-${i}`;
      const scheduler = createScheduler(makeRunDeps(store, [createRecordingAdapter('slack')], { workerId: name }), {
        poll: {
          cron: '* * * * * *',
          ingest: async () => undefined,
        },
        onPoll: (slot, ingested) => {
          const key = slot.toISOString();
          reports.push(key);
          if (ingested) ingestsBySlot.set(key, [...(ingestsBySlot.get(key) ?? []), name]);
        },
      });
      schedulers.push(scheduler);
    }
    await Promise.all(schedulers.map((s) => s.start()));
    const slotsSeen = () => new Set(reports.filter((k) => k.endsWith('.000Z'))).size;
    await waitFor(() => slotsSeen() >= 6, 'six poll slots');
    for (const s of schedulers) await s.stop();
    const cronSlots = [...ingestsBySlot.entries()].filter(([k]) => k.endsWith('.000Z'));
    for (const [slot, who] of ingestsBySlot) expect({ slot, who: who.length }).toEqual({ slot, who: 1 });
    // The instances did ingest (a slot is only lost when all three are too late for it, on a very busy machine).
    expect(cronSlots.length).toBeGreaterThanOrEqual(1);
  });

  /** An instance (scheduler) whose ingest counts its runs, and waits for `gate` when given. */
  function instance(store: OpenedStore, name: string, options: { gate?: Promise<void> } = {}) {
    const { log, lines } = createCaptureLogger('info');
    const counts = { ingests: 0 };
    const scheduler = createScheduler(makeRunDeps(store, [], { workerId: name, log }), {
      poll: {
        cron: FAR_CRON,
        ingest: async () => {
          counts.ingests++;
          await options.gate;
        },
      },
    });
    schedulers.push(scheduler);
    return { scheduler, lines, counts };
  }

  it('fetches at start-up in a poll slot that an earlier run (a process now gone) already ingested', async () => {
    const store = await backend.open();
    stores.push(store);
    // The run before the restart ingested this slot, which lasts until next year.
    await pollOnce(
      { store, log: silentLogger(), worker: 'before-restart' },
      { cron: FAR_CRON, ingest: async () => undefined },
      new Date(),
    );
    const restarted = instance(store, 'restarted');
    await restarted.scheduler.start();
    expect(await restarted.scheduler.firstFetch()).toMatchObject({ ran: true, skipped: null });
    expect(restarted.counts.ingests).toBe(1);
  });

  it('two instances starting together fetch once: the second waits for the ingest of the first and says it did not fetch', async () => {
    const first = await backend.open();
    stores.push(first, await backend.openSecond(first));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const a = instance(first, 'a', { gate });
    const b = instance(stores[1]!, 'b');
    const aStarted = a.scheduler.start();
    await waitFor(() => a.counts.ingests === 1, 'the start-up fetch of the first instance');
    const bStarted = b.scheduler.start();
    let bFetched = false;
    const bFirst = b.scheduler.firstFetch().then((result) => {
      bFetched = true;
      return result;
    });
    const skipped = await waitForLine(b.lines, 'start-up fetch skipped: another instance is ingesting');
    expect(skipped.level).toBe(30);
    // The first instance's ingest still runs: `latest` and catch-up digests on the second wait for it.
    expect(bFetched).toBe(false);
    release();
    expect(await bFirst).toMatchObject({ ran: false, skipped: expect.stringContaining('another instance') });
    expect(await a.scheduler.firstFetch()).toMatchObject({ ran: true });
    await Promise.all([aStarted, bStarted]);
    expect([a.counts.ingests, b.counts.ingests]).toEqual([1, 0]);
  });

  it('fetches at start-up after all when the instance it waited for died in the middle of its ingest', async () => {
    const store = await backend.open();
    stores.push(store);
    // Left by a process killed while ingesting: live for a moment more, then lapsed (nobody renews it).
    expect(await store.locks.acquireLease(POLL_LEASE, 'killed', new Date(Date.now() + 1_500))).toEqual(
      expect.any(String),
    );
    const restarted = instance(store, 'restarted');
    await restarted.scheduler.start();
    expect(await restarted.scheduler.firstFetch()).toMatchObject({ ran: true, skipped: null });
    expect(restarted.counts.ingests).toBe(1);
    await waitForLine(restarted.lines, 'start-up fetch skipped: another instance is ingesting');
  });
});

async function waitForLine(lines: CapturedLog[], start: string): Promise<CapturedLog> {
  await waitFor(() => lines.some((l) => l.msg.startsWith(start)), `the log "${start}"`);
  return lines.find((l) => l.msg.startsWith(start))!;
}
