import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/create-store.js';
import { startFakeSlackApi } from '../fakes/fake-slack-api.js';
import { makeSubscription } from '../helpers/factories.js';
import { addStories, waitFor } from '../helpers/schedule-harness.js';
import { startServe } from '../helpers/serve-process.js';
import { slackServeEnv, storiesPosted, writeSourcesFile } from '../helpers/serve-setup.js';
import {
  announcePostgresSkip,
  createTestDatabase,
  POSTGRES_SKIP_REASON,
  skipPostgres,
} from '../helpers/test-postgres.js';

const CHANNEL = 'CRATE';
const LEASE_MS = 2_000;
const RETRY_AFTER_S = 5;

announcePostgresSkip('stalled-rate-limit.test.ts');

/**
 * SPEC 7.4 (fenced leases) with a 429: the instance posting a digest is told to wait Retry-After, and is frozen
 * (SIGSTOP) during that wait past its lease. Another instance takes the delivery over and posts it. When the first
 * wakes up, its wait is over: it must not send the post it was waiting to retry (its lease is gone).
 */
describe.skipIf(skipPostgres)(
  `an instance frozen while it waits out a Retry-After, on PostgreSQL${skipPostgres ? ` - ${POSTGRES_SKIP_REASON}` : ''}`,
  () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    });

    it('posts nothing when it wakes after another instance took the delivery over: each story once', {
      timeout: 180_000,
    }, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'mnb-rate-stall-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      const fake = await startFakeSlackApi();
      cleanups.push(() => fake.close());
      const database = await createTestDatabase();
      cleanups.push(() => database.drop());
      const store = await createStore(database.url);
      cleanups.push(() => store.close());

      const ids = Array.from({ length: 36 }, (_, i) => `rl-s${i + 1}`);
      await addStories(store, ids);
      await store.subscriptions.upsert(
        makeSubscription({ channelId: CHANNEL, cron: '*/2 * * * * *', languages: ['en', 'ar'] }),
      );
      const env = slackServeEnv({
        databaseUrl: database.url,
        sourcesFile: await writeSourcesFile(dir),
        fake,
        extra: { DELIVERY_LEASE_MS: String(LEASE_MS), DIGEST_MAX_ITEMS: '50' },
      });

      // The first post of the digest is answered 429: the instance waits Retry-After before sending it again.
      fake.rateLimit('chat.postMessage', { times: 1, retryAfter: RETRY_AFTER_S });
      const stalled = await startServe('rate-stalled', env);
      cleanups.push(async () => {
        stalled.child.kill('SIGCONT');
        await stalled.kill();
      });
      await stalled.waitForLog(
        (l) => l.msg === 'Slack rate limit: waiting Retry-After before retrying',
        'the 429 wait',
        60_000,
      );
      stalled.child.kill('SIGSTOP');
      const [row] = (await sql<{ id: string }>`SELECT id FROM deliveries`.execute(store.db)).rows;
      expect(row).toBeTruthy();

      const other = await startServe('rate-other', env);
      cleanups.push(() => other.kill());
      await waitFor(
        async () => (await store.deliveryLog.get(row!.id))?.status === 'posted',
        'the other instance to post the delivery',
        90_000,
      );
      const postsBefore = fake.calls('chat.postMessage').length;
      // Its Retry-After is long over when it wakes up.
      stalled.child.kill('SIGCONT');
      await stalled.waitForLog(
        (l) => typeof l.msg === 'string' && l.msg.includes('lease lost'),
        'the frozen instance to find its lease lost',
        30_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 3_000));

      const posted = storiesPosted(fake, CHANNEL);
      expect(posted.length - new Set(posted).size).toBe(0);
      expect(ids.filter((id) => !posted.includes(id))).toEqual([]);
      const late = fake.calls('chat.postMessage').slice(postsBefore);
      expect(late.filter((r) => r.status === 200 && !r.error)).toHaveLength(0);
    });
  },
);
