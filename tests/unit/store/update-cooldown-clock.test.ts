import { randomUUID } from 'node:crypto';
import { afterEach, expect, it, vi } from 'vitest';
import type { StoryUpdate } from '../../../src/domain/story-update.js';
import { describeOnEachStore } from '../../helpers/store-backends.js';

const SIX_HOURS = 6 * 3_600_000;

const update = (revision: number): StoryUpdate => ({
  storyId: 'story-clock',
  revision,
  sourceName: 'IOM',
  revisedAt: new Date().toISOString(),
  language: 'en',
  figures: [{ before: '41', after: '62' }] as unknown as StoryUpdate['figures'],
  title: null,
  thread: { threadId: 'T1', messageId: 'M1' },
});

const reserve = (
  store: Awaited<ReturnType<Parameters<Parameters<typeof describeOnEachStore>[2]>[0]['open']>>,
  revision: number,
  cooldownMs = SIX_HOURS,
) =>
  store.updates.reserve({ platform: 'slack', channelId: 'CCLOCK', deliveryId: randomUUID() }, update(revision), {
    cooldownMs,
    owner: 'worker-a',
    leaseMs: 60_000,
  });

describeOnEachStore(
  'threaded-update cooldown on the database clock (SPEC 7.4)',
  'update-cooldown-clock.test.ts',
  (backend) => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('a host whose clock runs hours ahead cannot shorten the 6 h cooldown into a second update', async () => {
      const store = await backend.open();
      expect(await reserve(store, 1)).not.toBeNull();
      // This process's clock jumps 7 hours ahead (a skewed host, or another instance's); the database's clock does not.
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 7 * 3_600_000);
      expect(await reserve(store, 2)).toBeNull();
      vi.useRealTimers();
      // The cooldown does end by the database's clock (a short one here), and the next revision goes out once.
      await new Promise((r) => setTimeout(r, 50));
      expect(await reserve(store, 3, 10)).not.toBeNull();
      expect(await reserve(store, 3, 10)).toBeNull();
    });
  },
);
