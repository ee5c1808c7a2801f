import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postToSlackEndpoint, slashCommandBody } from '../fakes/slack-signing.js';
import { SIGNING_SECRET, type SlackHarness, startSlackHarness } from './slack-harness.js';

let h: SlackHarness;

beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => {
  await h?.stop();
});

describe('POST /slack/events request verification', () => {
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
    const { signSlackRequest } = await import('../fakes/slack-signing.js');
    const response = await fetch(h.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(SIGNING_SECRET, signed) },
      body: tampered,
    });
    expect(response.status).toBe(401);
  });

  it('answers Slack URL verification when signed', async () => {
    const response = await postToSlackEndpoint(h.eventsUrl, JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' }), {
      secret: SIGNING_SECRET,
      contentType: 'application/json',
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ challenge: 'abc123' });
  });
});
