import { afterEach, describe, expect, it, vi } from 'vitest';
import { createScheduler } from '../../../src/schedule/create-scheduler.js';
import { createStore } from '../../../src/store/create-store.js';
import { makeSubscription } from '../../helpers/factories.js';
import { createRecordingAdapter } from '../../helpers/recording-adapter.js';
import { addStories, makeRunDeps } from '../../helpers/schedule-harness.js';

afterEach(() => {
  vi.useRealTimers();
});

/**
 * SPEC 7.4: a crash or restart never loses a digest. The database restarts right at a daily slot: the run fails
 * before anything is recorded in the outbox. The slot's digest must still go out once the database is back, not
 * a day later with the next slot.
 */
describe('a scheduled run that fails before its delivery is recorded (the database restarted)', () => {
  it('is run again for the same slot once the database is back, and delivered once', async () => {
    vi.useFakeTimers({ now: new Date('2026-05-04T07:59:00.000Z') });
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
      const outcomes: string[] = [];
      const scheduler = createScheduler(makeRunDeps(store, [slack]), {
        onRun: (_, slot, outcome) => outcomes.push(`${slot.toISOString()} ${outcome.status}`),
        syncIntervalMs: 86_400_000,
        sweepIntervalMs: 86_400_000,
      });
      await scheduler.start();
      // The database is down at 08:00 for a couple of tries.
      vi.spyOn(store.subscriptions, 'get')
        .mockRejectedValueOnce(new Error('Connection terminated unexpectedly'))
        .mockRejectedValueOnce(new Error('Connection terminated unexpectedly'));
      await vi.advanceTimersByTimeAsync(30 * 60_000);
      await scheduler.stop();
      expect(outcomes[0]).toBe('2026-05-04T08:00:00.000Z error');
      expect(outcomes.at(-1)).toBe('2026-05-04T08:00:00.000Z posted');
      expect(slack.storiesPosted(sub.channelId)).toEqual(['a']);
    } finally {
      await store.close();
    }
  });
});
