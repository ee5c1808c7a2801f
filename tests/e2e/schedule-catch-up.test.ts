import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.js';
import { latestSlot } from '../../src/schedule/cron-slots.js';
import { createStore } from '../../src/store/create-store.js';
import { type FakeSlackApi, startFakeSlackApi } from '../fakes/fake-slack-api.js';
import { addStories, waitFor } from '../helpers/schedule-harness.js';
import { makeSubscription } from '../helpers/factories.js';
import { type ServeProcess, startServe } from '../helpers/serve-process.js';
import { digestMessages, slackServeEnv, storiesPosted, writeSourcesFile } from '../helpers/serve-setup.js';

const CHANNEL = 'CCATCHUP';
const CRON = '*/2 * * * * *';

describe('catch-up after downtime (real CLI, SQLite)', () => {
  let dir: string;
  let fake: FakeSlackApi;
  let store: Store;
  let env: Record<string, string>;
  const processes: ServeProcess[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mnb-catchup-'));
    fake = await startFakeSlackApi();
    const databaseUrl = `sqlite:${join(dir, 'bot.db')}`;
    store = await createStore(databaseUrl);
    env = slackServeEnv({ databaseUrl, sourcesFile: await writeSourcesFile(dir), fake });
  });
  afterAll(async () => {
    for (const p of processes) await p.kill();
    await store.close();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('delivers one digest for the slots missed while stopped, not one per slot', { timeout: 180_000 }, async () => {
    await addStories(store, ['a']);
    const sub = await store.subscriptions.upsert(makeSubscription({ channelId: CHANNEL, cron: CRON }));
    const first = await startServe('first', env);
    processes.push(first);
    await waitFor(() => digestMessages(fake, CHANNEL).length === 1, 'the first digest');
    await first.stop();
    expect((await first.exited).code).toBe(0);
    const stoppedAfter = (await store.subscriptions.get('slack', CHANNEL))?.lastSlotAt ?? '';

    // New stories while the bot is down, and at least two slots pass.
    await addStories(store, ['b', 'c']);
    await waitFor(
      () => (latestSlot(CRON, 'UTC')?.getTime() ?? 0) >= Date.parse(stoppedAfter) + 2 * 2000,
      'two missed slots',
      30_000,
    );

    const second = await startServe('second', env);
    processes.push(second);
    const catchUpLog = await second.waitForLog((l) => l.msg === 'catching up a missed slot', 'the start-up catch-up');
    await waitFor(() => digestMessages(fake, CHANNEL).length >= 2, 'the catch-up digest');
    // Later slots have nothing new: still exactly one digest after the restart.
    const afterCatchUp = (await store.subscriptions.get('slack', CHANNEL))?.lastSlotAt ?? '';
    await waitFor(
      async () => ((await store.subscriptions.get('slack', CHANNEL))?.lastSlotAt ?? '') > afterCatchUp,
      'a later slot',
    );
    expect(digestMessages(fake, CHANNEL)).toHaveLength(2);
    expect(storiesPosted(fake, CHANNEL).sort()).toEqual(['a', 'b', 'c']);

    // The digest is the start-up catch-up of the latest slot missed while the bot was down.
    const [catchUp] = await store.deliveryLog
      .recent({ platform: 'slack', channelId: CHANNEL, limit: 10 })
      .then((ds) => ds.filter((d) => d.storyIds.includes('b')));
    expect(catchUp?.subscriptionId).toBe(sub.id);
    expect(catchUp?.slotAt).toBe(catchUpLog.slot);
    expect(catchUp!.slotAt! > stoppedAfter).toBe(true);
    expect(second.logs.filter((l) => l.msg === 'catching up a missed slot')).toHaveLength(1);
    await second.stop();
  });
});
