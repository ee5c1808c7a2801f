import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, SIGNING_SECRET, type SlackHarness, startSlackHarness } from '../e2e/slack-harness.js';
import type { FakeMessage } from '../fakes/fake-slack-api.js';
import { eventCallbackBody, postToSlackEndpoint, signSlackRequest, slashCommandBody } from '../fakes/slack-signing.js';

/**
 * SPEC 7.1/8: Slack request verification on the real Bolt receiver: unsigned, wrongly signed, stale and
 * body-tampered slash commands; replays, which Slack's scheme cannot refuse (a captured request is valid for 5
 * minutes), so they must be harmless (each command and event acts once); forged events; a signature that does not
 * cover the timestamp header; and the signed URL verification handshake.
 */

let h: SlackHarness;
let tsCounter = 0;
const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(800_000 + ++tsCounter)}`;

beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => {
  await h?.stop();
});

/** POSTs exactly these bytes with exactly these headers (a captured request, sent again). */
async function raw(
  body: string,
  headers: Record<string, string>,
  contentType = 'application/x-www-form-urlencoded',
): Promise<number> {
  const response = await fetch(h.eventsUrl, {
    method: 'POST',
    headers: { 'content-type': contentType, ...headers },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

const digests = (channel: string) =>
  h.fake.posted({ channel, thread_ts: null }).filter((m) => m.metadata?.event_type === 'migration_news_digest');

async function digestIn(channel: string): Promise<FakeMessage> {
  const { responseUrl } = await h.command('latest', { channel });
  expect(responseUrl).toBeTruthy();
  const [message] = await h.fake.waitFor(
    () => (digests(channel).length ? digests(channel) : null),
    15_000,
    `a digest in ${channel}`,
  );
  if (!message) throw new Error('no digest');
  await eventually(() => h.core.store.threads.stories('slack', channel, message.ts), 15_000, 'the thread mapping');
  return message;
}

describe('SPEC 8 · an unsigned or forged Slack request: 401, nothing processed; a replayed one: processed once', () => {
  it('accepts a validly signed slash command sent twice within 5 minutes, and runs it once: one digest', async () => {
    const channel = 'CREPLAY';
    const body = slashCommandBody({
      text: 'latest',
      response_url: h.fake.responseUrl(),
      channel_id: channel,
      trigger_id: 'trigger-captured-1',
    });
    const headers = signSlackRequest(SIGNING_SECRET, body);
    expect(await raw(body, headers)).toBe(200);
    expect(await raw(body, headers)).toBe(200);
    // A later command in the same channel: handled after the replay (events are recorded in order), so by its reply
    // the replay has been seen and dropped.
    const sentinel = await h.command('help', { channel });
    await h.replyTo(sentinel.responseUrl);
    await h.fake.waitFor(() => digests(channel).length > 0, 15_000, 'the digest');
    expect(digests(channel)).toHaveLength(1);
    expect(await h.core.store.deliveryLog.recent({ platform: 'slack', channelId: channel, limit: 10 })).toHaveLength(1);
  });

  it('accepts a validly signed thread question sent twice (no retry header), and answers it once', async () => {
    const channel = 'CREPLAYQ';
    const digest = await digestIn(channel);
    const body = eventCallbackBody(
      { type: 'message', channel, user: 'U7', text: 'How many people died?', ts: nextTs(), thread_ts: digest.ts },
      { eventId: 'EvCAPTURED1' },
    );
    const headers = signSlackRequest(SIGNING_SECRET, body);
    expect(await raw(body, headers, 'application/json')).toBe(200);
    expect(await raw(body, headers, 'application/json')).toBe(200);
    await h.event({
      type: 'message',
      channel,
      user: 'U7',
      text: 'Where did it happen?',
      ts: nextTs(),
      thread_ts: digest.ts,
    });
    const turns = await eventually(async () => {
      const t = await h.core.store.threads.turns('slack', channel, digest.ts);
      return t.length >= 2 ? t : null;
    });
    expect(turns.map((t) => t.question)).toEqual(['How many people died?', 'Where did it happen?']);
    expect(h.fake.posted({ channel, thread_ts: digest.ts })).toHaveLength(2);
  });

  it('refuses unsigned, wrongly signed and stale events with 401 and answers none of them', async () => {
    const channel = 'CFORGEDQ';
    const digest = await digestIn(channel);
    const forged = (text: string) =>
      eventCallbackBody({ type: 'message', channel, user: 'U8', text, ts: nextTs(), thread_ts: digest.ts });
    const unsigned = forged('Unsigned: how many died?');
    const wrong = forged('Wrong secret: how many died?');
    const stale = forged('Stale: how many died?');
    expect(await raw(unsigned, {}, 'application/json')).toBe(401);
    expect(await raw(wrong, signSlackRequest('not-the-secret', wrong), 'application/json')).toBe(401);
    expect(
      await raw(
        stale,
        signSlackRequest(SIGNING_SECRET, stale, Math.floor(Date.now() / 1000) - 6 * 60),
        'application/json',
      ),
    ).toBe(401);
    // Sentinel: a signed question afterwards is the only one answered.
    await h.event({
      type: 'message',
      channel,
      user: 'U8',
      text: 'Signed: how many died?',
      ts: nextTs(),
      thread_ts: digest.ts,
    });
    const turns = await eventually(async () => {
      const t = await h.core.store.threads.turns('slack', channel, digest.ts);
      return t.length ? t : null;
    });
    expect(turns.map((t) => t.question)).toEqual(['Signed: how many died?']);
    expect(h.fake.posted({ channel, thread_ts: digest.ts })).toHaveLength(1);
  });

  it('refuses a signature whose timestamp is not the one in the header', async () => {
    const body = slashCommandBody({ text: 'latest', response_url: h.fake.responseUrl(), channel_id: 'CTSSWAP' });
    const now = Math.floor(Date.now() / 1000);
    const { 'x-slack-signature': signature } = signSlackRequest(SIGNING_SECRET, body, now - 10);
    expect(await raw(body, { 'x-slack-signature': signature ?? '', 'x-slack-request-timestamp': String(now) })).toBe(
      401,
    );
    expect(
      await raw(body, {
        'x-slack-signature': (signature ?? '').replace('v0=', 'v1='),
        'x-slack-request-timestamp': String(now - 10),
      }),
    ).toBe(401);
    expect(await h.core.store.deliveryLog.recent({ platform: 'slack', channelId: 'CTSSWAP', limit: 5 })).toEqual([]);
  });

  it('refuses an unsigned 5 MB body without reading it into a command, and keeps serving', async () => {
    const huge = `token=x&text=${'a'.repeat(5 * 1024 * 1024)}`;
    expect([401, 413]).toContain(await raw(huge, {}));
    const ok = await h.command('help', { channel: 'CAFTERHUGE' });
    expect(ok.status).toBe(200);
    expect(await h.replyTo(ok.responseUrl)).toContain('Commands:');
  });
});

describe('POST /slack/events request verification', () => {
  // Its own bot and fake Slack: these cases count every call the fake has seen, so the digests above must not show.
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const attempt = (secret: string | null, timestamp?: number) => {
    const responseUrl = h.fake.responseUrl();
    const body = slashCommandBody({ text: 'latest', response_url: responseUrl, channel_id: 'CFORGED' });
    return postToSlackEndpoint(h.eventsUrl, body, { secret, ...(timestamp ? { timestamp } : {}) });
  };

  it('refuses unsigned, wrongly signed and stale requests with 401, and processes none of them', async () => {
    const unsigned = await attempt(null);
    const forged = await attempt('not-the-secret');
    const stale = await attempt(SIGNING_SECRET, Math.floor(Date.now() / 1000) - 6 * 60);
    expect([unsigned.status, forged.status, stale.status]).toEqual([401, 401, 401]);

    // A correctly signed command afterwards is processed: anything the refused ones had started would show by then.
    const ok = await h.command('help', { channel: 'CFORGED' });
    expect(ok.status).toBe(200);
    await h.replyTo(ok.responseUrl);
    expect(h.fake.calls('response_url')).toHaveLength(1);
    expect(h.fake.calls('chat.postMessage')).toEqual([]);
    expect(await h.core.store.deliveryLog.recent({ platform: 'slack', channelId: 'CFORGED', limit: 5 })).toEqual([]);
  });

  it('refuses a signature made over a different body', async () => {
    const signed = slashCommandBody({ text: 'help', response_url: h.fake.responseUrl() });
    const tampered = signed.replace('help', 'latest');
    const response = await fetch(h.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(SIGNING_SECRET, signed) },
      body: tampered,
    });
    expect(response.status).toBe(401);
  });

  it('answers Slack URL verification when signed', async () => {
    const response = await postToSlackEndpoint(
      h.eventsUrl,
      JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' }),
      {
        secret: SIGNING_SECRET,
        contentType: 'application/json',
      },
    );
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ challenge: 'abc123' });
  });
});
