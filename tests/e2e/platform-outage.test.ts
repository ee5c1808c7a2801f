import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/create-store.js';
import { type FakeBotConnector, isAccepted, startFakeBotConnector } from '../fakes/fake-bot-connector.js';
import { type FakeSlackApi, startFakeSlackApi } from '../fakes/fake-slack-api.js';
import { freePort, type ServeProcess, startServe } from '../helpers/serve-process.js';
import { seedOwedDigests, storiesPosted, writeSourcesFile } from '../helpers/serve-setup.js';
import { runCli } from './run-cli.js';

const CHANNEL = 'C0OUTAGE1';

describe('one platform down does not stop the others (SPEC 7 "First start")', () => {
  let dir: string;
  let serve: ServeProcess | undefined;
  let fake: FakeSlackApi | undefined;
  let connector: FakeBotConnector | undefined;

  afterEach(async () => {
    await serve?.stop();
    await fake?.close();
    await connector?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps Teams, the scheduler and the preview running while Slack is unreachable, and delivers the waiting digest once Slack is back', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mnb-outage-'));
    const databaseUrl = `sqlite:${join(dir, 'bot.db')}`;
    // Stored stories and a Slack subscription that owes a catch-up digest.
    await seedOwedDigests(databaseUrl, [{ id: 'sub-outage', channelId: CHANNEL }]);

    const slackPort = await freePort();
    connector = await startFakeBotConnector();
    serve = await startServe('outage', {
      DATABASE_URL: databaseUrl,
      SOURCES_FILE: await writeSourcesFile(dir),
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: 'test-signing-secret',
      // Nothing listens there yet: every call fails with a network error.
      SLACK_API_URL: `http://127.0.0.1:${slackPort}/api/`,
      TEAMS_ENABLED: 'true',
      DIGEST_LANGUAGES: 'en,ar',
      POLL_CRON: '0 0 1 1 *',
    });
    const base = `http://127.0.0.1:${serve.port}`;
    const warning = await serve.waitForLog(
      (l) => l.msg.startsWith('slack cannot be reached'),
      'the reconnecting warning',
      30_000,
    );
    expect(warning.level).toBe(40);
    expect(String(warning.err)).not.toMatch(/SLACK_BOT_TOKEN/);

    const health = (await (await fetch(`${base}/healthz`)).json()) as {
      status: string;
      platforms: Record<string, string>;
    };
    expect(health.status).toBe('ok');
    expect(health.platforms.slack).toMatch(/^reconnecting \(last error: .*cannot be reached/);
    expect(health.platforms.teams).toBe('connected');
    expect((await fetch(`${base}/`)).status).toBe(200);

    // Teams answers, and its `status` names Slack's state.
    const activity = {
      type: 'message',
      id: 'act-status-1',
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: connector.url,
      from: { id: '29:alice', name: 'Alice' },
      recipient: { id: '28:bot', name: 'Migration News' },
      conversation: { id: 'a:personal-alice', conversationType: 'personal', tenantId: 't1' },
      text: 'status',
      locale: 'en-US',
      channelData: { tenant: { id: 't1' } },
    };
    const sent = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    expect(sent.status).toBeLessThan(300);
    const [reply] = (
      await connector.waitFor((rs) => rs.some((r) => isAccepted(r) && r.activity?.type === 'message'), 20_000)
    ).filter((r) => isAccepted(r) && r.activity?.type === 'message');
    expect(JSON.stringify(reply?.activity)).toMatch(/slack: reconnecting \(last error/);

    // The catch-up digest waits in the outbox: pending, not failed.
    const check = await createStore(databaseUrl);
    try {
      let waiting: Awaited<ReturnType<typeof check.deliveryLog.incomplete>> = [];
      for (let i = 0; i < 200 && waiting.length === 0; i++) {
        waiting = (await check.deliveryLog.incomplete()).filter((d) => d.channelId === CHANNEL);
        if (waiting.length === 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect(waiting.map((d) => d.status)).toEqual(['pending']);
    } finally {
      await check.close();
    }

    // Slack comes back at the same address: the digest goes out, once.
    fake = await startFakeSlackApi({ port: slackPort });
    await serve.waitForLog((l) => l.msg.startsWith('slack reachable again'), 'Slack to be reachable again', 60_000);
    const ids = await fake.waitFor(
      () => (storiesPosted(fake as FakeSlackApi, CHANNEL).length ? storiesPosted(fake as FakeSlackApi, CHANNEL) : null),
      40_000,
      'the waiting digest',
    );
    expect(ids.sort()).toEqual(['bodrum', 'lampedusa']);
    const after = (await (await fetch(`${base}/healthz`)).json()) as { platforms: Record<string, string> };
    expect(after.platforms.slack).toBe('connected');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(storiesPosted(fake, CHANNEL)).toHaveLength(2);
  }, 150_000);

  it('exits 2 naming SLACK_BOT_TOKEN when Slack rejects the token (invalid_auth)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mnb-outage-'));
    fake = await startFakeSlackApi();
    const result = await runCli(
      ['serve'],
      {
        DATABASE_URL: `sqlite:${join(dir, 'bot.db')}`,
        SOURCES_FILE: await writeSourcesFile(dir),
        SLACK_BOT_TOKEN: 'xoxb-revoked',
        SLACK_SIGNING_SECRET: 'test-signing-secret',
        SLACK_API_URL: fake.apiUrl,
        PORT: String(await freePort()),
        POLL_CRON: '0 0 1 1 *',
      },
      { timeoutMs: 30_000 },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/SLACK_BOT_TOKEN: rejected by Slack.*invalid_auth/);
  }, 40_000);

  it('warns when no chat platform is configured', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mnb-outage-'));
    serve = await startServe('no-platform', {
      DATABASE_URL: `sqlite:${join(dir, 'bot.db')}`,
      SOURCES_FILE: await writeSourcesFile(dir),
      POLL_CRON: '0 0 1 1 *',
    });
    const line = await serve.waitForLog(
      (l) => l.msg.startsWith('no chat platform is configured'),
      'the warning',
      10_000,
    );
    expect(line.level).toBe(40);
  }, 40_000);
});
