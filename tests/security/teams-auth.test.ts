import { createHmac, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTeamsAdapter } from '../../adapters/teams/create-teams-adapter.js';
import type { ChatAdapter, ChatEvent } from '../../src/ports/chat-adapter.js';
import { PERSONAL_CHAT, type TeamsHarness, startTeamsHarness } from '../e2e/teams-harness.js';
import { createCaptureLogger } from '../helpers/capture-logger.js';
import { type FakeBotConnector, startFakeBotConnector } from '../fakes/fake-bot-connector.js';
import { type FakeTokenEndpoint, startFakeTokenEndpoint } from '../fakes/fake-token-endpoint.js';
import { makeTeamsConfig } from '../helpers/factories.js';
import { freePort } from '../helpers/serve-process.js';

/**
 * SPEC 7.2/8: with credentials configured, /api/messages accepts only Bot Framework tokens signed by a key the Bot
 * Framework publishes, issued for this bot, for the activity's serviceUrl. The adapter (real botbuilder CloudAdapter)
 * reads the signing keys from a loopback OpenID/JWKS fake instead of Microsoft's, so forged tokens are checked
 * all the way through the signature and claims, with no traffic off this machine. "No token" and "not a JWT" are
 * checked against the whole bot (the e2e Teams harness), at the end of this file.
 */

const APP_ID = '11111111-2222-3333-4444-555555555555';
const ISSUER = 'https://api.botframework.com';
const trusted = generateKeyPairSync('rsa', { modulusLength: 2048 });
const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });

function jwt(
  claims: Record<string, unknown>,
  sign:
    | { alg: 'RS256'; key: KeyObject; kid?: string }
    | { alg: 'HS256'; secret: string; kid?: string }
    | { alg: 'none'; kid?: string },
): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ alg: sign.alg, typ: 'JWT', ...(sign.kid ? { kid: sign.kid } : {}) })}.${encode(claims)}`;
  if (sign.alg === 'none') return `${input}.`;
  if (sign.alg === 'HS256') return `${input}.${createHmac('sha256', sign.secret).update(input).digest('base64url')}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(sign.key).toString('base64url')}`;
}

let keys: Server;
let keysOrigin: string;
let connector: FakeBotConnector;
let aad: FakeTokenEndpoint;
let adapter: ChatAdapter;
let bot: Server;
let endpoint: string;
let keyRequests = 0;
const events: ChatEvent[] = [];
const captured = createCaptureLogger('debug');

beforeAll(async () => {
  const jwk = trusted.publicKey.export({ format: 'jwk' });
  keys = createServer((req, res) => {
    keyRequests++;
    const body =
      req.url === '/openid'
        ? { issuer: ISSUER, jwks_uri: `${keysOrigin}/jwks` }
        : req.url === '/jwks'
          ? { keys: [{ ...jwk, kid: 'trusted-key', use: 'sig', endorsements: ['msteams'] }] }
          : null;
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => keys.listen(0, '127.0.0.1', resolve));
  keysOrigin = `http://127.0.0.1:${(keys.address() as AddressInfo).port}`;
  connector = await startFakeBotConnector();
  // start() asks Azure AD for the bot's own token: a loopback fake that knows these credentials.
  aad = await startFakeTokenEndpoint({ appId: APP_ID, password: 'not-a-real-secret' });

  const app = express();
  adapter = createTeamsAdapter(
    makeTeamsConfig({ appId: APP_ID, appPassword: 'not-a-real-secret', unauthenticated: false, loginUrl: aad.url }),
    { log: captured.log, app, openIdMetadataUrl: `${keysOrigin}/openid`, tokenCa: aad.certificate.cert },
  );
  await adapter.start(async (event) => void events.push(event));
  bot = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  endpoint = `http://127.0.0.1:${(bot.address() as AddressInfo).port}/api/messages`;
});

afterAll(async () => {
  await adapter?.stop();
  await new Promise<void>((resolve) => bot?.close(() => resolve()));
  await new Promise<void>((resolve) => keys?.close(() => resolve()));
  await connector?.close();
  await aad?.close();
});

beforeEach(() => {
  events.length = 0;
  connector.requests.length = 0;
});

function activity(type = 'message', text = 'latest'): Record<string, unknown> {
  return {
    type,
    id: `act-${Date.now()}-${Math.random()}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: connector.url,
    from: { id: '29:mallory', name: 'Mallory' },
    recipient: { id: `28:${APP_ID}`, name: 'Migration News' },
    conversation: { id: 'a:1forged', conversationType: 'personal', tenantId: 'tenant-1' },
    text,
    channelData: { tenant: { id: 'tenant-1' } },
  };
}

const now = () => Math.floor(Date.now() / 1000);
const claims = (overrides: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  aud: APP_ID,
  serviceurl: connector.url,
  nbf: now() - 60,
  exp: now() + 3_600,
  ...overrides,
});

async function send(token: string, body = activity()): Promise<number> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

describe('SPEC 8 · an unauthenticated Teams request when credentials are configured: 401, nothing processed, no outbound call', () => {
  it('accepts a token signed by the published key, for this bot and this serviceUrl (the control: the checks below are not vacuous)', async () => {
    // A typing activity: authenticated and run, but it asks nothing of the bot, so nothing goes out (no token fetch).
    expect(
      await send(jwt(claims(), { alg: 'RS256', key: trusted.privateKey, kid: 'trusted-key' }), activity('typing')),
      JSON.stringify(captured.lines),
    ).toBe(200);
    expect(keyRequests, JSON.stringify(captured.lines)).toBeGreaterThan(0);
  });

  it.each([
    [
      'signed with a random key, unknown key id, wrong audience',
      () => jwt(claims({ aud: 'someone-else' }), { alg: 'RS256', key: attacker.privateKey, kid: 'attacker-key' }),
    ],
    [
      'signed with a random key under the published key id',
      () => jwt(claims(), { alg: 'RS256', key: attacker.privateKey, kid: 'trusted-key' }),
    ],
    [
      'signed with the published key, for another bot (wrong audience)',
      () =>
        jwt(claims({ aud: '99999999-2222-3333-4444-555555555555' }), {
          alg: 'RS256',
          key: trusted.privateKey,
          kid: 'trusted-key',
        }),
    ],
    [
      'signed with the published key, for another serviceUrl',
      () =>
        jwt(claims({ serviceurl: 'https://smba.evil.example/' }), {
          alg: 'RS256',
          key: trusted.privateKey,
          kid: 'trusted-key',
        }),
    ],
    [
      'signed with the published key, from another issuer',
      () => jwt(claims({ iss: 'https://evil.example' }), { alg: 'RS256', key: trusted.privateKey, kid: 'trusted-key' }),
    ],
    [
      'signed with the published key, expired',
      () =>
        jwt(claims({ nbf: now() - 7_200, exp: now() - 3_600 }), {
          alg: 'RS256',
          key: trusted.privateKey,
          kid: 'trusted-key',
        }),
    ],
    ['unsigned (alg none)', () => jwt(claims(), { alg: 'none', kid: 'trusted-key' })],
    [
      'HMAC-signed with the app password (algorithm confusion)',
      () => jwt(claims(), { alg: 'HS256', secret: 'not-a-real-secret', kid: 'trusted-key' }),
    ],
  ])('refuses a token %s', async (_name, token) => {
    expect(await send(token()), JSON.stringify(captured.lines.slice(-1))).toBe(401);
    // A refused request never reaches the turn, where events are handed over and replies sent.
    expect(events).toEqual([]);
    expect(connector.requests).toEqual([]);
  });
});

describe('Teams endpoint with credentials configured', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness({
      env: {
        MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
        MicrosoftAppPassword: 'not-a-real-secret',
        // Nothing listens there: Teams waits for its own token in the background, and inbound checks go on without it.
        TEAMS_LOGIN_URL: `https://127.0.0.1:${await freePort()}`,
      },
    });
  });
  afterAll(async () => h?.stop());

  it('refuses an activity without a token with 401 and processes nothing', async () => {
    expect(await h.send(h.personal('latest'))).toBe(401);
    expect(await h.send(h.installedInTeam())).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.connector.requests).toHaveLength(0);
    expect(await h.core.store.channels.get('teams', PERSONAL_CHAT)).toBeUndefined();
    expect(await h.core.store.deliveryLog.recent({ limit: 10 })).toHaveLength(0);
  });

  it('refuses a malformed bearer token with 401', async () => {
    expect(await h.send(h.personal('latest'), { authorization: 'Bearer not-a-jwt' })).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.connector.requests).toHaveLength(0);
  });
});
