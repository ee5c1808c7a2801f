import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.js';
import { createStore } from '../../src/store/create-store.js';
import { type FakeOpenAi, startFakeOpenAi } from '../fakes/fake-openai.js';
import { type FakeSlackApi, startFakeSlackApi } from '../fakes/fake-slack-api.js';
import { type FaultProxy, startFaultProxy } from '../helpers/fault-proxy.js';
import { addStories, waitFor } from '../helpers/schedule-harness.js';
import { makeSubscription } from '../helpers/factories.js';
import { type ServeProcess, startServe } from '../helpers/serve-process.js';
import { digestIdOf, digestMessages, slackServeEnv, storiesPosted, writeSourcesFile } from '../helpers/serve-setup.js';
import {
  announcePostgresSkip,
  createTestDatabase,
  POSTGRES_SKIP_REASON,
  skipPostgres,
  type TestDatabase,
} from '../helpers/test-postgres.js';

const CHANNELS = ['CPG1', 'CPG2', 'CPG3'];
const CRON = '*/2 * * * * *';

announcePostgresSkip('postgres-multi-instance.test.ts');

/**
 * Several `serve` processes (the real CLI) on one PostgreSQL database, with the same subscriptions firing every
 * 2 seconds: each slot is delivered once per channel across all of them, each story reaches each channel once,
 * each story is summarised once (fake OpenAI counts the calls), and killing one instance does not stop the others.
 */
describe.skipIf(skipPostgres)(
  `several serve instances on one PostgreSQL${skipPostgres ? ` - ${POSTGRES_SKIP_REASON}` : ''}`,
  () => {
    let dir: string;
    let fake: FakeSlackApi;
    let openai: FakeOpenAi;
    let database: TestDatabase | undefined;
    let store: Store;
    let env: Record<string, string>;
    let processes: ServeProcess[] = [];
    let proxy: FaultProxy | undefined;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'mnb-pg-multi-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });
    afterEach(async () => {
      for (const p of processes) await p.kill();
      processes = [];
      await store?.close();
      await database?.drop();
      database = undefined;
      await proxy?.close();
      proxy = undefined;
      await fake?.close();
      await openai?.close();
    });

    /** A fresh database with the three subscriptions, and the environment of instances using it. */
    async function setUp(): Promise<void> {
      fake = await startFakeSlackApi();
      openai = await startFakeOpenAi();
      database = await createTestDatabase();
      store = await createStore(database.url);
      for (const channelId of CHANNELS) {
        await store.subscriptions.upsert(makeSubscription({ channelId, cron: CRON, languages: ['en', 'ar'] }));
      }
      env = slackServeEnv({
        databaseUrl: database.url,
        sourcesFile: await writeSourcesFile(dir),
        fake,
        extra: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseURL, OPENAI_MODEL: 'fake-model' },
      });
    }

    /** Adds stories one at a time; each must reach every channel before the next is added. */
    async function feed(ids: string[], between?: (index: number) => Promise<void>): Promise<void> {
      for (const [index, id] of ids.entries()) {
        await addStories(store, [id]);
        await waitFor(
          () => CHANNELS.every((c) => storiesPosted(fake, c).includes(id)),
          `story ${id} in every channel`,
          90_000,
        );
        await between?.(index);
      }
    }

    async function expectExactlyOnce(
      ids: string[],
    ): Promise<{ slots: number; slotsRun: number; duplicates: number; missing: number }> {
      let duplicates = 0;
      let missing = 0;
      let slots = 0;
      // The last posts are recorded just after Slack accepted them.
      await waitFor(
        async () => (await store.deliveryLog.incomplete()).length === 0,
        'every delivery recorded as posted',
        60_000,
      );
      const deliveries = (await store.deliveryLog.recent({ limit: 1000 })).filter((d) => d.kind === 'scheduled');
      const slotOfDigest = new Map(deliveries.map((d) => [d.digestId, `${d.subscriptionId}@${d.slotAt}`]));
      for (const channel of CHANNELS) {
        const posted = storiesPosted(fake, channel);
        duplicates += posted.length - new Set(posted).size;
        missing += ids.filter((id) => !posted.includes(id)).length;
        // One digest message per slot: no two messages belong to the same (subscription, slot).
        const messageSlots = digestMessages(fake, channel).map((m) => slotOfDigest.get(digestIdOf(m)));
        expect(messageSlots.every(Boolean)).toBe(true);
        expect(new Set(messageSlots).size).toBe(messageSlots.length);
        slots += messageSlots.length;
        expect(posted.sort()).toEqual([...ids].sort());
      }
      // Each story was summarised once, whatever the number of instances and channels.
      for (const id of ids) {
        const calls = openai.requests.filter((r) => openai.textOf(r, 'user').includes(`(${id})`)).length;
        expect({ id, calls }).toEqual({ id, calls: 1 });
      }
      // Slots run by the subscriptions, with or without something new (the latest run minus the first slot posted).
      const firstSlot = deliveries.map((d) => d.slotAt ?? '').sort()[0] ?? '';
      const lastSlots = (await store.subscriptions.list()).map((s) => s.lastSlotAt ?? '');
      const slotsRun = Math.max(
        ...lastSlots.map((l) => Math.round((Date.parse(l) - Date.parse(firstSlot)) / 2000) + 1),
      );
      return { slots, slotsRun, duplicates, missing };
    }

    it('two instances: every slot delivered once per channel, every story summarised once', {
      timeout: 240_000,
    }, async () => {
      await setUp();
      const ids = Array.from({ length: 6 }, (_, i) => `two-${i + 1}`);
      processes = await Promise.all(['pg-a', 'pg-b'].map((name) => startServe(name, env)));
      await feed(ids);
      // Two more slots with nothing new: nothing more is posted.
      const before = CHANNELS.map((c) => digestMessages(fake, c).length);
      const last = (await store.subscriptions.list()).map((s) => s.lastSlotAt ?? '');
      await waitFor(
        async () => (await store.subscriptions.list()).every((s, i) => (s.lastSlotAt ?? '') > (last[i] ?? '')),
        'a slot with nothing new',
      );
      expect(CHANNELS.map((c) => digestMessages(fake, c).length)).toEqual(before);
      const result = await expectExactlyOnce(ids);
      expect(result).toMatchObject({ duplicates: 0, missing: 0 });
      console.info(
        `[postgres-multi-instance] 2 processes, ${CHANNELS.length} channels, ~${result.slotsRun} slots: ${result.slots} slot deliveries, ${result.duplicates} duplicates, ${result.missing} missing`,
      );
    });

    it('three instances, one killed in the middle of a delivery: the others carry on, still exactly once', {
      timeout: 300_000,
    }, async () => {
      await setUp();
      const ids = Array.from({ length: 6 }, (_, i) => `three-${i + 1}`);
      // The victim reaches Slack through a proxy that holds its next accepted post: it is killed right there,
      // after Slack took the message and before the victim could record it.
      proxy = await startFaultProxy(fake.apiUrl);
      processes = await Promise.all([
        startServe('pg-1', env),
        startServe('pg-2', env),
        startServe('pg-3-victim', { ...env, SLACK_API_URL: proxy.url }),
      ]);
      const extra: string[] = [];
      await feed(ids, async (index) => {
        if (index !== 2) return;
        const hold = proxy!.holdNext('chat.postMessage', 'after-post');
        let held = false;
        void hold.arrived.then(() => {
          held = true;
        });
        // Stories until the victim wins one of the (subscription, slot) races and posts.
        while (!held) {
          const id = `three-extra-${extra.length + 1}`;
          extra.push(id);
          if (extra.length > 30) throw new Error('the victim never posted');
          await addStories(store, [id]);
          await waitFor(
            () => held || CHANNELS.every((c) => storiesPosted(fake, c).includes(id)),
            `story ${id}`,
            90_000,
          );
        }
        await processes[2]!.kill();
        // Its delivery is finished by another instance once the lease has run out (metadata check: no second post).
        // Slack already has the held post, so wait for a survivor to record it, not only for the story to be there.
        const last = extra[extra.length - 1]!;
        await waitFor(
          () =>
            CHANNELS.every((c) => storiesPosted(fake, c).includes(last)) &&
            processes
              .slice(0, 2)
              .some((p) => p.logs.some((l) => l.msg === 'delivery found already posted; recorded it')),
          'the interrupted delivery finished by another instance',
          90_000,
        );
      });
      const result = await expectExactlyOnce([...ids, ...extra]);
      expect(result).toMatchObject({ duplicates: 0, missing: 0 });
      const survivors = processes.slice(0, 2);
      expect(survivors.some((p) => p.logs.some((l) => l.msg === 'delivery found already posted; recorded it'))).toBe(
        true,
      );
      const delivering = processes.filter((p) => p.logs.some((l) => l.msg === 'digest delivered')).map((p) => p.name);
      console.info(
        `[postgres-multi-instance] 3 processes (1 killed mid-delivery), ${CHANNELS.length} channels, ~${result.slotsRun} slots: ${result.slots} slot deliveries, ${result.duplicates} duplicates, ${result.missing} missing; delivered by ${delivering.join(', ')}`,
      );
    });
  },
);
