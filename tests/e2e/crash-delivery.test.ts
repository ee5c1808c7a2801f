import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.js';
import { createStore } from '../../src/store/create-store.js';
import { startFakeOpenAi } from '../fakes/fake-openai.js';
import { type FakeSlackApi, startFakeSlackApi } from '../fakes/fake-slack-api.js';
import { type FaultProxy, type HoldMode, startFaultProxy } from '../helpers/fault-proxy.js';
import { addStories, waitFor } from '../helpers/schedule-harness.js';
import { makeSubscription } from '../helpers/factories.js';
import { type ServeProcess, startServe } from '../helpers/serve-process.js';
import { digestMessages, slackServeEnv, storiesPosted, writeSourcesFile } from '../helpers/serve-setup.js';

const CHANNEL = 'CCRASH';

/**
 * SIGKILL in the middle of a delivery (SPEC 7.4, 8): the real CLI in a child process, SQLite, the real Slack
 * adapter against the fake Web API. A proxy holds chat.postMessage at the crash point, so the kill lands there
 * every time, without any test hook in the bot.
 */
describe('killed during a scheduled delivery (SIGKILL, SQLite)', () => {
  let dir: string;
  let fake: FakeSlackApi;
  let proxy: FaultProxy;
  let store: Store;
  let env: Record<string, string>;
  const processes: ServeProcess[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mnb-crash-'));
    fake = await startFakeSlackApi();
    proxy = await startFaultProxy(fake.apiUrl);
    const databaseUrl = `sqlite:${join(dir, 'bot.db')}`;
    store = await createStore(databaseUrl);
    await addStories(store, ['a', 'b']);
    await store.subscriptions.upsert(
      makeSubscription({ channelId: CHANNEL, cron: '*/2 * * * * *', languages: ['en', 'ar'] }),
    );
    env = slackServeEnv({ databaseUrl, sourcesFile: await writeSourcesFile(dir), fake, apiUrl: proxy.url });
  });
  afterEach(async () => {
    for (const p of processes.splice(0)) await p.kill();
    await store.close();
    await proxy.close();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  const serve = async (name: string) => {
    const p = await startServe(name, env);
    processes.push(p);
    return p;
  };

  const crashAt = async (mode: HoldMode) => {
    const hold = proxy.holdNext('chat.postMessage', mode);
    const first = await serve('first');
    await hold.arrived;
    await first.kill();
    // The outbox recorded the delivery before posting, and nothing recorded it as posted.
    const [pending] = await store.deliveryLog.incomplete();
    expect(pending).toMatchObject({
      status: 'pending',
      channelId: CHANNEL,
      storyIds: expect.arrayContaining(['a', 'b']),
    });
    return pending!;
  };

  const restartAndRecover = async (deliveryId: string) => {
    const second = await serve('second');
    // Once the dead worker's lease runs out, the restarted bot finishes the delivery.
    await waitFor(
      async () => (await store.deliveryLog.get(deliveryId))?.status === 'posted',
      'the interrupted delivery to be finished',
      90_000,
    );
    // It goes on working: a new story arrives in the next digest, once.
    await addStories(store, ['c']);
    await waitFor(() => storiesPosted(fake, CHANNEL).includes('c'), 'the next digest', 60_000);
    return second;
  };

  it('killed while summarising, before anything was recorded: after restart the missed slot is delivered once', {
    timeout: 240_000,
  }, async () => {
    const openai = await startFakeOpenAi();
    try {
      // The first summary request never gets an answer: the bot is killed waiting for the model.
      openai.enqueue(openai.hang());
      env = {
        ...env,
        SLACK_API_URL: fake.apiUrl,
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: openai.baseURL,
        OPENAI_MODEL: 'fake-model',
      };
      const first = await serve('first');
      await waitFor(() => openai.requests.length > 0, 'the first summary request', 60_000);
      await first.kill();
      expect(await store.deliveryLog.incomplete()).toEqual([]);
      expect(digestMessages(fake, CHANNEL)).toHaveLength(0);
      await serve('second');
      await waitFor(() => digestMessages(fake, CHANNEL).length > 0, 'the digest after restart', 60_000);
      await waitFor(async () => (await store.deliveryLog.incomplete()).length === 0, 'the delivery recorded');
      expect(storiesPosted(fake, CHANNEL).sort()).toEqual(['a', 'b']);
      expect(digestMessages(fake, CHANNEL)).toHaveLength(1);
    } finally {
      for (const p of processes.splice(0)) await p.kill();
      await openai.close();
    }
  });

  it('killed before the post reached Slack: after restart the digest is posted once', {
    timeout: 240_000,
  }, async () => {
    const pending = await crashAt('before-post');
    expect(digestMessages(fake, CHANNEL)).toHaveLength(0);
    const second = await restartAndRecover(pending.id);
    expect(storiesPosted(fake, CHANNEL).sort()).toEqual(['a', 'b', 'c']);
    expect(digestMessages(fake, CHANNEL)).toHaveLength(2);
    // It asked Slack first (nothing there), then posted. Its log lines may reach this process after the fake saw the
    // post (a pipe and a socket, read in no fixed order), so wait for the line instead of checking at once.
    await second.waitForLog(
      (l) => l.msg === 'finishing an interrupted delivery' || l.msg === 'digest delivered',
      'the recovery logged',
      10_000,
    );
  });

  it('killed after Slack accepted the post, before it was recorded: found through message metadata, not posted again', {
    timeout: 240_000,
  }, async () => {
    const pending = await crashAt('after-post');
    expect(storiesPosted(fake, CHANNEL).sort()).toEqual(['a', 'b']);
    const second = await restartAndRecover(pending.id);
    expect(storiesPosted(fake, CHANNEL).sort()).toEqual(['a', 'b', 'c']);
    expect(digestMessages(fake, CHANNEL)).toHaveLength(2);
    await second.waitForLog((l) => l.msg === 'delivery found already posted; recorded it', 'the confirmation', 10_000);
    expect(fake.calls('conversations.history').length).toBeGreaterThan(0);
    // The recovered message is mapped to its stories, for thread Q&A.
    const recovered = digestMessages(fake, CHANNEL)[0]!;
    expect(await store.threads.stories('slack', CHANNEL, recovered.ts)).toMatchObject({
      storyIds: expect.arrayContaining(['a', 'b']),
    });
  });
});
