import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/create-slack-adapter.js';
import { createTeamsAdapter, type TeamsConfig } from '../../adapters/teams/create-teams-adapter.js';
import { ChatError, ConfigError } from '../../src/domain/errors.js';
import type { Platform } from '../../src/domain/types.js';
import type { ChatAdapter } from '../../src/ports/chat-adapter.js';
import { startAdapters } from '../../src/server/start-adapters.js';
import { silentLogger } from '../../src/util/create-logger.js';
import { startFakeSlackApi } from '../fakes/fake-slack-api.js';
import { type FakeTokenEndpoint, startFakeTokenEndpoint } from '../fakes/fake-token-endpoint.js';
import { makeTeamsConfig } from '../helpers/factories.js';
import { freePort } from '../helpers/serve-process.js';

/**
 * SPEC 7 "First start" for Teams: the real botbuilder credentials factory and MSAL ask a loopback fake of Azure AD
 * for the bot's token once at start. Refused credentials are a configuration error; an endpoint that is down, failing
 * or silent is retried in the background while the other platforms go on.
 */

const APP_ID = '11111111-2222-3333-4444-555555555555';
const PASSWORD = 'the-right-secret-value';
const TENANT = '99999999-8888-7777-6666-555555555555';

let aad: FakeTokenEndpoint;

beforeAll(async () => {
  aad = await startFakeTokenEndpoint({ appId: APP_ID, password: PASSWORD, tenants: ['botframework.com', TENANT] });
});
afterAll(async () => {
  await aad?.close();
});
beforeEach(() => {
  aad.requests.length = 0;
});

function teams(
  config: Partial<TeamsConfig> = {},
  deps: { tokenCa?: string; tokenTimeoutMs?: number } = { tokenCa: aad.certificate.cert },
): ChatAdapter {
  return createTeamsAdapter(
    makeTeamsConfig({ appId: APP_ID, appPassword: PASSWORD, unauthenticated: false, loginUrl: aad.url, ...config }),
    { log: silentLogger(), app: express(), ...deps },
  );
}

async function startError(adapter: ChatAdapter): Promise<ChatError> {
  const error = await adapter
    .start(async () => undefined)
    .then(
      () => null,
      (e: unknown) => e,
    );
  await adapter.stop();
  expect(error).toBeInstanceOf(ChatError);
  return error as ChatError;
}

describe('starting the Teams adapter with credentials', () => {
  it('asks Azure AD once for the Bot Framework token, with the app id, the secret and the Bot Framework scope', async () => {
    const adapter = teams();
    await adapter.start(async () => undefined);
    await adapter.stop();
    const [request, ...more] = aad.tokenRequests();
    expect(more).toEqual([]);
    expect(request?.status).toBe(200);
    expect(request?.tenant).toBe('botframework.com');
    expect(request?.form).toMatchObject({
      grant_type: 'client_credentials',
      client_id: APP_ID,
      client_secret: PASSWORD,
      scope: 'https://api.botframework.com/.default',
    });
  });

  it("asks a single-tenant bot's own tenant", async () => {
    const adapter = teams({ appType: 'SingleTenant', tenantId: TENANT });
    await adapter.start(async () => undefined);
    await adapter.stop();
    expect(aad.tokenRequests().map((r) => [r.tenant, r.status])).toEqual([[TENANT, 200]]);
  });

  it('fails start() with AUTH_FAILED naming MicrosoftAppPassword when Azure AD refuses the secret, never printing it', async () => {
    const error = await startError(teams({ appPassword: 'a-wrong-secret-value' }));
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toMatch(/invalid_client.*AADSTS7000215.*MicrosoftAppPassword/s);
    expect(error.message).not.toContain('a-wrong-secret-value');
    expect(aad.tokenRequests()).toHaveLength(1);
  });

  it('fails start() with AUTH_FAILED when Azure AD does not know the app id', async () => {
    const error = await startError(teams({ appId: '00000000-0000-0000-0000-000000000000' }));
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toMatch(/unauthorized_client.*AADSTS700016.*MicrosoftAppId/s);
  });

  it('fails start() with AUTH_FAILED naming MicrosoftAppTenantId when the tenant does not exist', async () => {
    const error = await startError(teams({ appType: 'SingleTenant', tenantId: 'no-such-tenant' }));
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toMatch(/AADSTS90002.*MicrosoftAppTenantId/s);
  });

  it('fails start() with UNAVAILABLE, not a credentials error, when nothing listens at TEAMS_LOGIN_URL', async () => {
    const closed = `https://127.0.0.1:${await freePort()}`;
    const error = await startError(teams({ loginUrl: closed }));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain(`TEAMS_LOGIN_URL (${closed})`);
    expect(error.message).not.toMatch(/MicrosoftAppPassword/);
  });

  it('fails start() with UNAVAILABLE when Azure AD answers 503', async () => {
    aad.failNext(1, 503, 'temporarily_unavailable');
    const error = await startError(teams());
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(/temporarily_unavailable/);
    expect(aad.tokenRequests().map((r) => r.status)).toEqual([503]);
  });

  it("fails start() with UNAVAILABLE when the endpoint's certificate is not trusted (it never sees the secret)", async () => {
    const error = await startError(teams({}, {}));
    expect(error.code).toBe('UNAVAILABLE');
    expect(aad.tokenRequests()).toEqual([]);
  });

  it('gives up after tokenTimeoutMs when the endpoint never answers', async () => {
    const silent = await startFakeTokenEndpoint({ appId: APP_ID, password: PASSWORD, certificate: aad.certificate });
    silent.stall();
    try {
      const started = Date.now();
      const error = await startError(
        teams({ loginUrl: silent.url }, { tokenCa: aad.certificate.cert, tokenTimeoutMs: 500 }),
      );
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(error.code).toBe('UNAVAILABLE');
      expect(error.message).toMatch(/did not answer within 0.5 s/);
      expect(silent.requests.length).toBeGreaterThan(0);
    } finally {
      await silent.close();
    }
  });

  it('asks for no token without MicrosoftAppId (unauthenticated local mode)', async () => {
    const adapter = teams({ appId: undefined, appPassword: undefined, unauthenticated: true });
    await adapter.start(async () => undefined);
    await adapter.stop();
    expect(aad.requests).toEqual([]);
  });
});

describe('Azure AD unreachable at start: Teams is retried while the other platforms go on (startAdapters)', () => {
  async function slackAndTeams(teamsAdapter: ChatAdapter) {
    const slackApi = await startFakeSlackApi();
    const slack = createSlackAdapter(
      { botToken: slackApi.token, signingSecret: 'secret', appToken: undefined, apiUrl: slackApi.apiUrl },
      { log: silentLogger(), app: express() },
    );
    const adapters = new Map<Platform, ChatAdapter>([
      ['slack', slack],
      ['teams', teamsAdapter],
    ]);
    const close = async () => {
      await slack.stop();
      await teamsAdapter.stop();
      await slackApi.close();
    };
    return { adapters, close };
  }

  it('starts Slack without waiting longer than the token timeout for a silent Azure AD; Teams is reconnecting', async () => {
    const silent = await startFakeTokenEndpoint({ appId: APP_ID, password: PASSWORD, certificate: aad.certificate });
    silent.stall();
    const { adapters, close } = await slackAndTeams(
      teams({ loginUrl: silent.url }, { tokenCa: aad.certificate.cert, tokenTimeoutMs: 700 }),
    );
    try {
      const started = Date.now();
      const connections = await startAdapters(adapters, async () => undefined, {
        log: silentLogger(),
        backoffFirstMs: 60_000,
      });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(connections.isReady('slack')).toBe(true);
      expect(connections.isReady('teams')).toBe(false);
      expect(connections.describe().teams).toMatch(/^reconnecting \(last error: .*did not answer within 0.7 s/);
      connections.stop();
    } finally {
      await close();
      await silent.close();
    }
  });

  it('connects Teams in the background once the token endpoint comes up at the same address', async () => {
    const port = await freePort();
    const { adapters, close } = await slackAndTeams(teams({ loginUrl: `https://127.0.0.1:${port}` }));
    const connected: Platform[] = [];
    let later: FakeTokenEndpoint | undefined;
    try {
      const connections = await startAdapters(adapters, async () => undefined, {
        log: silentLogger(),
        backoffFirstMs: 200,
        onConnected: (platform) => void connected.push(platform),
      });
      expect(connections.describe()).toMatchObject({ slack: 'connected' });
      expect(connections.describe().teams).toMatch(/^reconnecting \(last error: .*cannot be reached/);
      expect(connections.isReady('teams')).toBe(false);

      later = await startFakeTokenEndpoint({ appId: APP_ID, password: PASSWORD, port, certificate: aad.certificate });
      const deadline = Date.now() + 15_000;
      while (!connected.includes('teams') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(connected).toEqual(['teams']);
      expect(connections.describe().teams).toBe('connected');
      expect(later.tokenRequests().map((r) => r.status)).toEqual([200]);
      connections.stop();
    } finally {
      await close();
      await later?.close();
    }
  });

  it('stops with a configuration error naming MicrosoftAppId / MicrosoftAppPassword when the secret is refused', async () => {
    const { adapters, close } = await slackAndTeams(teams({ appPassword: 'a-wrong-secret-value' }));
    try {
      const error = await startAdapters(adapters, async () => undefined, { log: silentLogger() }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        expect.stringMatching(/^MicrosoftAppId \/ MicrosoftAppPassword: Azure AD refused .*invalid_client/),
      ]);
    } finally {
      await close();
    }
  });
});
