import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Subscription } from '../../../src/domain/types.js';
import { nextSlot } from '../../../src/schedule/cron-slots.js';
import { createScheduler, type Scheduler } from '../../../src/schedule/create-scheduler.js';
import type { RunOutcome } from '../../../src/schedule/run-subscription.js';
import { createStore } from '../../../src/store/create-store.js';
import { makeSubscription } from '../../helpers/factories.js';
import { createRecordingAdapter, type RecordingAdapter } from '../../helpers/recording-adapter.js';
import { addStories, makeRunDeps } from '../../helpers/schedule-harness.js';

type Run = { subscription: Subscription; slotAt: Date; outcome: RunOutcome | { status: 'error'; error: unknown } };

const HOUR = 3_600_000;

/**
 * SPEC 7.4: each subscription has its own cron and time zone. A daily slot at a time a DST change skips or repeats
 * in that zone runs once that day: not never, not twice. The slot it runs for is the one `status` announced and the
 * one a catch-up after a restart uses, so two instances (or a restart) agree on it.
 */
describe('scheduled slots at a daylight saving change (fake clock)', () => {
  let store: Awaited<ReturnType<typeof createStore>>;
  let slack: RecordingAdapter;
  let runs: Run[];
  let schedulers: Scheduler[];

  beforeEach(async () => {
    store = await createStore('sqlite::memory:');
    slack = createRecordingAdapter('slack');
    runs = [];
    schedulers = [];
  });
  afterEach(async () => {
    for (const s of schedulers) await s.stop();
    vi.useRealTimers();
    await store.close();
  });

  const start = async () => {
    const scheduler = createScheduler(makeRunDeps(store, [slack]), {
      onRun: (subscription, slotAt, outcome) => runs.push({ subscription, slotAt, outcome }),
      syncIntervalMs: 24 * HOUR,
      sweepIntervalMs: 24 * HOUR,
    });
    schedulers.push(scheduler);
    await scheduler.start();
    return scheduler;
  };

  it('runs a 02:30 New York digest once on the day 02:30 does not exist (clocks spring forward), when status said', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-08T05:00:00Z') });
    await addStories(store, ['spring-1']);
    const sub = await store.subscriptions.upsert(
      makeSubscription({
        cron: '30 2 * * *',
        timezone: 'America/New_York',
        createdAt: '2026-03-07T12:00:00.000Z',
        updatedAt: '2026-03-07T12:00:00.000Z',
        lastSlotAt: '2026-03-07T07:30:00.000Z',
      }),
    );
    await start();
    const announced = nextSlot(sub.cron, sub.timezone);
    await vi.advanceTimersByTimeAsync(6 * HOUR);
    expect(runs.map((r) => r.slotAt.toISOString())).toEqual(['2026-03-08T07:30:00.000Z']);
    expect(announced?.toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(slack.posts).toHaveLength(1);
  });

  it('runs a 02:30 Berlin digest once on the night 02:30 comes twice (clocks fall back), with an instance restarted in between', async () => {
    vi.useFakeTimers({ now: new Date('2026-10-24T23:00:00Z') });
    await addStories(store, ['fall-1']);
    await store.subscriptions.upsert(
      makeSubscription({
        cron: '30 2 * * *',
        timezone: 'Europe/Berlin',
        createdAt: '2026-10-20T12:00:00.000Z',
        updatedAt: '2026-10-20T12:00:00.000Z',
        lastSlotAt: '2026-10-24T00:30:00.000Z',
      }),
    );
    // One instance runs all night; another one (re)starts at 02:45 CEST, after the first 02:30, and catches up.
    await start();
    await vi.advanceTimersByTimeAsync(HOUR + 45 * 60_000);
    await start();
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(slack.posts).toHaveLength(1);
    // News that comes in before the second 02:30 belongs to the next day's digest.
    await addStories(store, ['fall-2']);
    await vi.advanceTimersByTimeAsync(3 * HOUR);
    expect(slack.posts).toHaveLength(1);
    expect(new Set(runs.map((r) => r.slotAt.toISOString()))).toEqual(new Set(['2026-10-25T00:30:00.000Z']));
  });
});
