import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postToSlackEndpoint, slashCommandBody } from '../fakes/slack-signing.js';
import { digestMessages } from '../helpers/serve-setup.js';
import { SIGNING_SECRET, type SlackHarness, startSlackHarness } from './slack-harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => h?.stop());

describe('`latest` delivered twice by Slack (a retry of one request)', () => {
  it('posts one digest; a second request of its own posts a second one', { timeout: 30_000 }, async () => {
    const body = slashCommandBody({ text: 'latest', channel_id: 'CRETRY', response_url: h.fake.responseUrl() });
    expect((await postToSlackEndpoint(h.eventsUrl, body, { secret: SIGNING_SECRET })).status).toBe(200);
    const retry = await postToSlackEndpoint(h.eventsUrl, body, {
      secret: SIGNING_SECRET,
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    await h.fake.waitFor(() => digestMessages(h.fake, 'CRETRY').length >= 1, 10_000, 'the digest');
    // A second, explicit request (its own trigger_id) is a second digest.
    await h.command('latest', { channel: 'CRETRY' });
    await h.fake.waitFor(() => digestMessages(h.fake, 'CRETRY').length >= 2, 10_000, 'the second digest');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(digestMessages(h.fake, 'CRETRY').length).toBe(2);
  });
});
