import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/create-store.js';
import { type FakeBotConnector, isAccepted, startFakeBotConnector } from '../fakes/fake-bot-connector.js';
import { type FakeSlackApi, startFakeSlackApi } from '../fakes/fake-slack-api.js';
import { createLoopbackCertificate } from '../fakes/loopback-certificate.js';
import { type FakeTokenEndpoint, startFakeTokenEndpoint } from '../fakes/fake-token-endpoint.js';
import { freePort, type ServeProcess, startServe } from '../helpers/serve-process.js';
import { seedOwedDigests, slackServeEnv, storiesPosted, writeSourcesFile } from '../helpers/serve-setup.js';
import { runCli } from './run-cli.js';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const PASSWORD = 'the-right-secret-value';
const SLACK_CHANNEL = 'C0TEAMSAAD';
const TEAMS_CHAT = 'a:1personal-chat-aad';

/**
 * SPEC 7 "First start" for Teams, with the real `serve`: its MSAL client asks a loopback fake of Azure AD (HTTPS,
 * trusted through NODE_EXTRA_CA_CERTS, pointed at by TEAMS_LOGIN_URL) for the bot's token once at start.
 */
describe('Teams credentials are checked at start (SPEC 7 "First start")', () => {
  let dir: string;
  let serve: ServeProcess | undefined;
  let aad: FakeTokenEndpoint | undefined;
  let slack: FakeSlackApi | undefined;
  let connector: FakeBotConnector | undefined;

  afterEach(async () => {
    await serve?.stop();
    serve = undefined;
    await aad?.close();
    await slack?.close();
    await connector?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Stored stories, and a Slack and a Teams subscription that each owe a catch-up digest (last slot two days ago). */
  async function setUp(): Promise<{ databaseUrl: string; sourcesFile: string }> {
    dir = await mkdtemp(join(tmpdir(), 'mnb-aad-'));
    const databaseUrl = `sqlite:${join(dir, 'bot.db')}`;
    connector = await startFakeBotConnector();
    await seedOwedDigests(databaseUrl, [
      { id: 'sub-slack', channelId: SLACK_CHANNEL },
      {
        id: 'sub-teams',
        platform: 'teams',
        channelId: TEAMS_CHAT,
        conversationRef: {
          channelId: 'msteams',
          serviceUrl: connector.url,
          conversation: { id: TEAMS_CHAT, conversationType: 'personal', tenantId: 'tenant-1' },
          bot: { id: `28:${APP_ID}`, name: 'Migration News' },
        },
      },
    ]);
    return { databaseUrl, sourcesFile: await writeSourcesFile(dir) };
  }

  const teamsEnv = (loginUrl: string, certFile: string, password = PASSWORD) => ({
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: password,
    TEAMS_LOGIN_URL: loginUrl,
    NODE_EXTRA_CA_CERTS: certFile,
  });

  const teamsDigests = () =>
    (connector as FakeBotConnector).requests.filter(
      (r) => isAccepted(r) && r.conversationId === TEAMS_CHAT && r.activity?.type === 'message',
    );

  it('exits 2 naming MicrosoftAppId / MicrosoftAppPassword when Azure AD refuses the secret, and never prints it', async () => {
    const { databaseUrl, sourcesFile } = await setUp();
    aad = await startFakeTokenEndpoint({ appId: APP_ID, password: PASSWORD });
    const result = await runCli(
      ['serve'],
      {
        DATABASE_URL: databaseUrl,
        SOURCES_FILE: sourcesFile,
        PORT: String(await freePort()),
        POLL_CRON: '0 0 1 1 *',
        ...teamsEnv(aad.url, aad.certificate.certFile, 'a-wrong-secret-value'),
      },
      { timeoutMs: 30_000 },
    );
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/MicrosoftAppId \/ MicrosoftAppPassword: Azure AD refused .*invalid_client/);
    expect(result.stderr).not.toContain('a-wrong-secret-value');
    expect(aad.tokenRequests().map((r) => r.status)).toEqual([401]);
    // Nothing was posted before the process stopped.
    expect((connector as FakeBotConnector).requests).toEqual([]);
  }, 40_000);

  it('starts connected with good credentials and sends with the token it got at start', async () => {
    const { databaseUrl, sourcesFile } = await setUp();
    aad = await startFakeTokenEndpoint({ appId: APP_ID, password: PASSWORD });
    serve = await startServe('aad-good', {
      DATABASE_URL: databaseUrl,
      SOURCES_FILE: sourcesFile,
      POLL_CRON: '0 0 1 1 *',
      ...teamsEnv(aad.url, aad.certificate.certFile),
    });
    const health = (await (await fetch(`http://127.0.0.1:${serve.port}/healthz`)).json()) as {
      platforms: Record<string, string>;
    };
    expect(health.platforms.teams).toBe('connected');
    const [digest] = await (connector as FakeBotConnector).waitFor(() => teamsDigests().length > 0, 30_000);
    expect(digest).toBeDefined();
    expect(teamsDigests()[0]?.headers.authorization).toBe(`Bearer ${aad.accessToken}`);
    // One token for the check and the sends after it.
    expect(aad.tokenRequests().map((r) => r.status)).toEqual([200]);
  }, 60_000);

  it('keeps Slack, the scheduler and the preview running while Azure AD cannot be reached; Teams catches up once it can', async () => {
    const { databaseUrl, sourcesFile } = await setUp();
    const certificate = createLoopbackCertificate();
    const aadPort = await freePort();
    slack = await startFakeSlackApi();
    serve = await startServe(
      'aad-down',
      slackServeEnv({
        databaseUrl,
        sourcesFile,
        fake: slack,
        // Nothing listens at the login URL yet: every token request fails with a network error.
        extra: teamsEnv(`https://127.0.0.1:${aadPort}`, certificate.certFile),
      }),
    );
    const base = `http://127.0.0.1:${serve.port}`;
    const warning = await serve.waitForLog(
      (l) => l.msg.startsWith('teams cannot be reached'),
      'the reconnecting warning',
      30_000,
    );
    expect(warning.level).toBe(40);
    expect(String(warning.err)).toMatch(/TEAMS_LOGIN_URL/);
    expect(String(warning.err)).not.toMatch(/MicrosoftAppPassword/);

    const health = (await (await fetch(`${base}/healthz`)).json()) as { platforms: Record<string, string> };
    expect(health.platforms.slack).toBe('connected');
    expect(health.platforms.teams).toMatch(/^reconnecting \(last error: .*cannot be reached/);
    expect((await fetch(`${base}/`)).status).toBe(200);
    // The scheduler goes on: Slack's catch-up digest is posted while Teams' waits in the outbox.
    await slack.waitFor(
      () => (storiesPosted(slack as FakeSlackApi, SLACK_CHANNEL).length ? true : null),
      40_000,
      "Slack's catch-up digest",
    );
    const check = await createStore(databaseUrl);
    try {
      const waiting = (await check.deliveryLog.incomplete()).filter((d) => d.channelId === TEAMS_CHAT);
      expect(waiting.map((d) => d.status)).toEqual(['pending']);
    } finally {
      await check.close();
    }
    expect(teamsDigests()).toEqual([]);

    // Azure AD comes back at the same address: Teams connects and its digest goes out, with the token.
    aad = await startFakeTokenEndpoint({ appId: APP_ID, password: PASSWORD, port: aadPort, certificate });
    await serve.waitForLog((l) => l.msg.startsWith('teams reachable again'), 'Teams to be reachable again', 90_000);
    await (connector as FakeBotConnector).waitFor(() => teamsDigests().length > 0, 40_000);
    expect(teamsDigests()[0]?.headers.authorization).toBe(`Bearer ${aad.accessToken}`);
    const after = (await (await fetch(`${base}/healthz`)).json()) as { platforms: Record<string, string> };
    expect(after.platforms.teams).toBe('connected');
  }, 180_000);
});
