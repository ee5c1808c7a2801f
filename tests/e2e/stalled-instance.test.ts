import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/create-store.js';
import { type FakeSlackApi, startFakeSlackApi } from '../fakes/fake-slack-api.js';
import { type FaultProxy, type HoldMode, startFaultProxy } from '../helpers/fault-proxy.js';
import { addStories, waitFor } from '../helpers/schedule-harness.js';
import { makeSubscription } from '../helpers/factories.js';
import { type ServeProcess, startServe } from '../helpers/serve-process.js';
import { digestMessages, slackServeEnv, storiesPosted, writeSourcesFile } from '../helpers/serve-setup.js';
import {
  announcePostgresSkip,
  createTestDatabase,
  POSTGRES_SKIP_REASON,
  skipPostgres,
  type TestDatabase,
} from '../helpers/test-postgres.js';

const CHANNEL = 'CSTALL';
const LEASE_MS = 2_000;
const RUNS = Number(process.env.STALLED_RUNS ?? 4);

announcePostgresSkip('stalled-instance.test.ts');

const LEASE_WARNINGS = [
  'delivery lease lost while posting; this worker stops before its next post',
  'delivery lease lost; stopped before posting more (another worker finishes it)',
  'late markPosted refused: this worker lost the delivery lease; nothing recorded',
  'late markFailed refused: this worker lost the delivery lease',
];

interface RunResult {
  mode: HoldMode;
  part: number;
  stories: number;
  resumeAfterTakeoverMs: number;
  digestMessages: number;
  duplicates: number;
  missing: number;
  postsByStalledAfterResume: number;
}

/**
 * A stalled instance (SPEC 7.4, fenced leases): two real `serve` processes on one PostgreSQL database. The first
 * takes a scheduled delivery and is frozen with SIGSTOP in the middle of posting it (the proxy holds one of its
 * chat.postMessage calls: either Slack accepted it and the answer is held, or it never reached Slack), until
 * its lease has expired by the database's clock. The second takes the delivery over and finishes it (confirming
 * through message metadata what the first one posted). Then SIGCONT: the first one's late answer, post and
 * record change nothing, and it posts nothing more. Random pause points over several runs; each story exactly once.
 */
describe.skipIf(skipPostgres)(
  `a stalled instance on PostgreSQL${skipPostgres ? ` - ${POSTGRES_SKIP_REASON}` : ''}`,
  () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    });

    async function runOnce(run: number): Promise<RunResult> {
      const dir = await mkdtemp(join(tmpdir(), 'mnb-stall-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      const fake: FakeSlackApi = await startFakeSlackApi();
      cleanups.push(() => fake.close());
      const proxy: FaultProxy = await startFaultProxy(fake.apiUrl);
      cleanups.push(() => proxy.close());
      const database: TestDatabase = await createTestDatabase();
      cleanups.push(() => database.drop());
      const store = await createStore(database.url);
      cleanups.push(() => store.close());

      // Random pause point: which kind of hold, which part of a multi-part digest, how long after the takeover.
      // 'after-post' is the case where an unfenced worker would go on posting the later parts: two runs in three.
      const mode: HoldMode =
        (process.env.STALLED_MODE as HoldMode | undefined) ?? (Math.random() < 2 / 3 ? 'after-post' : 'before-post');
      const stories = 30 + Math.floor(Math.random() * 15);
      const part = Math.floor(Math.random() * 2);
      const resumeAfterTakeoverMs = Math.floor(Math.random() * 3_000);
      const ids = Array.from({ length: stories }, (_, i) => `r${run}-s${i + 1}`);
      await addStories(store, ids);
      await store.subscriptions.upsert(
        makeSubscription({ channelId: CHANNEL, cron: '*/2 * * * * *', languages: ['en', 'ar'] }),
      );
      const base = slackServeEnv({
        databaseUrl: database.url,
        sourcesFile: await writeSourcesFile(dir),
        fake,
        extra: { DELIVERY_LEASE_MS: String(LEASE_MS), DIGEST_MAX_ITEMS: '50' },
      });

      const hold = proxy.holdNext('chat.postMessage', mode, { skip: part });
      const stalled: ServeProcess = await startServe(`stalled-${run}`, { ...base, SLACK_API_URL: proxy.url });
      cleanups.push(async () => {
        stalled.child.kill('SIGCONT');
        await stalled.kill();
      });
      await hold.arrived;
      stalled.child.kill('SIGSTOP');
      const [row] = (
        await sql<{ id: string; lease_token: string }>`SELECT id, lease_token FROM deliveries`.execute(store.db)
      ).rows;
      expect(row?.lease_token).toBeTruthy();

      const other: ServeProcess = await startServe(`other-${run}`, base);
      cleanups.push(() => other.kill());
      // The other instance takes the delivery over (a new lease token) once the stalled one's lease has expired.
      await waitFor(
        async () => {
          const now = (
            await sql<{
              lease_token: string | null;
              status: string;
            }>`SELECT lease_token, status FROM deliveries WHERE id = ${row!.id}`.execute(store.db)
          ).rows[0];
          return now?.status === 'posted' || (now?.lease_token !== row!.lease_token && now?.lease_token !== null);
        },
        'the other instance to take the delivery over',
        90_000,
      );
      await new Promise((resolve) => setTimeout(resolve, resumeAfterTakeoverMs));
      const seenByProxy = proxy.paths.filter((p) => p.endsWith('chat.postMessage')).length;
      stalled.child.kill('SIGCONT');
      hold.release();

      await waitFor(
        async () => (await store.deliveryLog.get(row!.id))?.status === 'posted',
        'the delivery recorded as posted',
        90_000,
      );
      await stalled.waitForLog(
        (l) => LEASE_WARNINGS.includes(l.msg),
        'the stalled instance to find its lease lost',
        60_000,
      );
      // A few more slots: nothing new to deliver, and the stalled instance must not post again.
      const lastSlot = (await store.subscriptions.list())[0]?.lastSlotAt ?? '';
      await waitFor(
        async () => ((await store.subscriptions.list())[0]?.lastSlotAt ?? '') > lastSlot,
        'a later slot',
        30_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 2_500));

      const posted = storiesPosted(fake, CHANNEL);
      const stale = await sql<{ n: string }>`SELECT count(*) AS n FROM deliveries WHERE status <> 'posted'`.execute(
        store.db,
      );
      expect(Number(stale.rows[0]?.n)).toBe(0);
      expect(stalled.logs.filter((l) => l.level >= 40 && LEASE_WARNINGS.includes(l.msg)).length).toBeGreaterThan(0);
      return {
        mode,
        part: part + 1,
        stories,
        resumeAfterTakeoverMs,
        digestMessages: digestMessages(fake, CHANNEL).length,
        duplicates: posted.length - new Set(posted).size,
        missing: ids.filter((id) => !posted.includes(id)).length,
        postsByStalledAfterResume: proxy.paths.filter((p) => p.endsWith('chat.postMessage')).length - seenByProxy,
      };
    }

    it(`freezes the posting instance past its lease, ${RUNS} randomised runs: each story delivered exactly once`, {
      timeout: 150_000 * RUNS,
    }, async () => {
      const results: RunResult[] = [];
      for (let run = 1; run <= RUNS; run++) {
        const result = await runOnce(run);
        results.push(result);
        console.info(`[stalled-instance] run ${run}: ${JSON.stringify(result)}`);
        for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
      }
      const total = results.reduce(
        (t, r) => ({
          deliveries: t.deliveries + r.stories,
          duplicates: t.duplicates + r.duplicates,
          missing: t.missing + r.missing,
          late: t.late + r.postsByStalledAfterResume,
        }),
        { deliveries: 0, duplicates: 0, missing: 0, late: 0 },
      );
      console.info(
        `[stalled-instance] ${RUNS} runs, ${total.deliveries} story deliveries: ${total.duplicates} duplicates, ${total.missing} missing, ${total.late} posts by the stalled instance after SIGCONT`,
      );
      expect(total).toMatchObject({ duplicates: 0, missing: 0, late: 0 });
    });
  },
);
