import { afterEach, describe, expect, it, vi } from 'vitest';
import { createScheduler } from '../../../src/schedule/create-scheduler.js';
import { createStore } from '../../../src/store/create-store.js';
import { makeSubscription } from '../../helpers/factories.js';
import { createRecordingAdapter } from '../../helpers/recording-adapter.js';
import { addStories, makeRunDeps } from '../../helpers/schedule-harness.js';

// A start-up with many subscriptions takes a while between looking for missed slots and arming the timers: here,
// one second passes right after the first catch-up check (deterministic, on a fake clock).
const slow = vi.hoisted(() => ({ pending: false }));
vi.mock('../../../src/schedule/cron-slots.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/schedule/cron-slots.js')>();
  return {
    ...actual,
    latestSlot: (...args: Parameters<typeof actual.latestSlot>) => {
      const slot = actual.latestSlot(...args);
      if (slow.pending) {
        slow.pending = false;
        vi.setSystemTime(Date.now() + 1_000);
      }
      return slot;
    },
  };
});

afterEach(() => {
  vi.useRealTimers();
});

describe('a scheduler started just before a slot', () => {
  it('runs the slot that passes while it starts up, once', async () => {
    vi.useFakeTimers({ now: new Date('2026-05-04T07:59:59.500Z') });
    const store = await createStore('sqlite::memory:');
    try {
      await addStories(store, ['a']);
      const sub = await store.subscriptions.upsert(
        makeSubscription({
          cron: '0 8 * * *',
          timezone: 'UTC',
          createdAt: '2026-05-01T00:00:00.000Z',
          updatedAt: '2026-05-01T00:00:00.000Z',
          lastSlotAt: '2026-05-03T08:00:00.000Z',
        }),
      );
      const slack = createRecordingAdapter('slack');
      const runs: string[] = [];
      const scheduler = createScheduler(makeRunDeps(store, [slack]), {
        onRun: (_, slot) => runs.push(slot.toISOString()),
        syncIntervalMs: 86_400_000,
        sweepIntervalMs: 86_400_000,
      });
      slow.pending = true;
      await scheduler.start();
      await vi.advanceTimersByTimeAsync(3_600_000);
      await scheduler.stop();
      expect(runs).toEqual(['2026-05-04T08:00:00.000Z']);
      expect(slack.storiesPosted(sub.channelId)).toEqual(['a']);
    } finally {
      await store.close();
    }
  });
});
