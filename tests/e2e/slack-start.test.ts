import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/create-slack-adapter.js';
import { createTeamsAdapter } from '../../adapters/teams/create-teams-adapter.js';
import { startAdapters } from '../../src/server/start-adapters.js';
import { ChatError } from '../../src/domain/errors.js';
import type { ChatEvent } from '../../src/ports/chat-adapter.js';
import { freePort } from '../helpers/serve-process.js';
import { silentLogger } from '../../src/util/create-logger.js';
import { type FakeSlackApi, startFakeSlackApi } from '../fakes/fake-slack-api.js';
import { eventCallbackBody, postToSlackEndpoint, slashCommandBody } from '../fakes/slack-signing.js';
import { makeTeamsConfig } from '../helpers/factories.js';

let fake: FakeSlackApi;

beforeAll(async () => {
  fake = await startFakeSlackApi();
});
afterAll(async () => {
  await fake?.close();
});

const config = (overrides: Partial<Parameters<typeof createSlackAdapter>[0]> = {}) => ({
  botToken: fake.token,
  signingSecret: 'secret',
  appToken: undefined,
  apiUrl: fake.apiUrl,
  ...overrides,
});

describe('starting the Slack adapter', () => {
  it('learns its own ids from one auth.test call', async () => {
    const before = fake.calls('auth.test').length;
    const adapter = createSlackAdapter(config(), { log: silentLogger(), app: express() });
    expect(adapter.identity()).toBeNull();
    await adapter.start(async () => undefined);
    expect(adapter.identity()).toEqual({ botUserId: fake.botUserId, botId: fake.botId, teamId: fake.teamId });
    expect(fake.calls('auth.test').length - before).toBe(1);
    await adapter.stop();
  });

  it('fails start() with a clear error naming SLACK_BOT_TOKEN when the token is refused, instead of crashing', async () => {
    const adapter = createSlackAdapter(config({ botToken: 'xoxb-revoked' }), { log: silentLogger(), app: express() });
    const error = await adapter.start(async () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatError);
    expect(error).toMatchObject({ code: 'AUTH_FAILED' });
    expect((error as Error).message).toMatch(/invalid_auth.*SLACK_BOT_TOKEN/);
  });

  it('fails start() with a clear error naming SLACK_API_URL when the API cannot be reached', async () => {
    const closed = await startFakeSlackApi();
    const url = closed.apiUrl;
    await closed.close();
    const adapter = createSlackAdapter(config({ apiUrl: url }), {
      log: silentLogger(),
      app: express(),
      retry: { maxAttempts: 1 },
    });
    const error = await adapter.start(async () => undefined).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNAVAILABLE' });
    expect((error as Error).message).toContain('SLACK_API_URL');
  });

  it('tries auth.test once when Slack does not answer, leaving the retries to the background reconnect loop', async () => {
    const slow = await startFakeSlackApi();
    slow.delay('auth.test', 1_000);
    try {
      // The default retry policy (4 attempts) would call auth.test four times before start() gave up.
      const adapter = createSlackAdapter(config({ apiUrl: slow.apiUrl }), {
        log: silentLogger(),
        app: express(),
        timeoutMs: 300,
      });
      const error = await adapter.start(async () => undefined).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'UNAVAILABLE' });
      // The fake records a call once it has answered: wait out its delay.
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      expect(slow.calls('auth.test')).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });

  it('starts Teams without waiting for a slow Slack; both connected once Slack answers', async () => {
    const slow = await startFakeSlackApi();
    slow.delay('auth.test', 1_500);
    const order: string[] = [];
    const slack = createSlackAdapter(config({ apiUrl: slow.apiUrl }), { log: silentLogger(), app: express() });
    const teams = createTeamsAdapter(makeTeamsConfig(), { log: silentLogger(), app: express() });
    const startSlack = slack.start.bind(slack);
    const startTeams = teams.start.bind(teams);
    slack.start = (handler) => startSlack(handler).then(() => void order.push('slack connected'));
    teams.start = (handler) => startTeams(handler).then(() => void order.push('teams connected'));
    try {
      const started = await startAdapters(
        new Map([
          ['slack', slack],
          ['teams', teams],
        ] as const),
        async () => undefined,
        { log: silentLogger() },
      );
      // Slack comes first in the map, yet Teams was connected while Slack's auth.test was still on its way.
      expect(order).toEqual(['teams connected', 'slack connected']);
      expect(started.describe()).toEqual({ slack: 'connected', teams: 'connected' });
      started.stop();
    } finally {
      await slack.stop();
      await teams.stop();
      await slow.close();
    }
  });

  it('while Slack cannot be reached, answers a signed slash command with a short "try again" and an event with 503 + Retry-After; forged requests still 401; once connected, the event Slack sends again is handled', async () => {
    const slackPort = await freePort();
    const app = express();
    const handled: string[] = [];
    const adapter = createSlackAdapter(config({ apiUrl: `http://127.0.0.1:${slackPort}/api/` }), {
      log: silentLogger(),
      app,
      retry: { maxAttempts: 1 },
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    let back: FakeSlackApi | undefined;
    try {
      const onEvent = async (event: ChatEvent) => void handled.push(event.type);
      expect(await adapter.start(onEvent).catch((e: unknown) => e)).toMatchObject({ code: 'UNAVAILABLE' });

      // Before: Bolt's receiver answered nothing for 3 s, then 404.
      const command = slashCommandBody({ text: 'latest', response_url: 'http://127.0.0.1:9/respond' });
      const answer = await postToSlackEndpoint(url, command, { secret: 'secret' });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({
        response_type: 'ephemeral',
        text: expect.stringMatching(/cannot reach Slack.*try again/i),
      });

      const mention = eventCallbackBody(
        {
          type: 'app_mention',
          user: 'U0001',
          text: `<@${fake.botUserId}> how many?`,
          ts: '1700000001.000200',
          channel: 'C1',
          thread_ts: '1700000000.000100',
        },
        { eventId: 'EvDOWN1' },
      );
      const refused = await postToSlackEndpoint(url, mention, { secret: 'secret', contentType: 'application/json' });
      expect(refused.status).toBe(503);
      expect(handled).toEqual([]);

      // The signature is still checked first: a forged request is refused, not told to come back.
      expect((await postToSlackEndpoint(url, command, { secret: 'not-the-secret' })).status).toBe(401);

      // Slack is reachable again (the core's reconnect loop calls start() again): Slack's retry of the event is handled.
      back = await startFakeSlackApi({ port: slackPort });
      await adapter.start(onEvent);
      const retried = await postToSlackEndpoint(url, mention, {
        secret: 'secret',
        contentType: 'application/json',
        headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_error' },
      });
      expect(retried.status).toBe(200);
      await vi.waitFor(() => expect(handled).toEqual(['question']));
    } finally {
      await adapter.stop();
      await back?.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('in Socket Mode (app token set) serves no /slack/events route', async () => {
    const app = express();
    const adapter = createSlackAdapter(config({ appToken: 'xapp-1-test', signingSecret: undefined }), {
      log: silentLogger(),
      app,
    });
    expect(adapter.mode).toBe('socket');
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    await new Promise((resolve) => server.close(resolve));
  });

  it('in HTTP mode refuses to start without the express app to mount on', () => {
    expect(() => createSlackAdapter(config(), { log: silentLogger() })).toThrow(/express app/);
  });
});
