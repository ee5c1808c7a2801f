import { describe, expect, it } from 'vitest';
import { toChatError } from '../../../../adapters/slack/to-chat-error.js';
import { RetryAfterGate, withSlackRetry } from '../../../../adapters/slack/with-slack-retry.js';
import { silentLogger } from '../../../../src/util/create-logger.js';
import { failingCall } from '../../../helpers/failing-call.js';

// The shapes @slack/web-api throws (matched by their documented `code`).
const platform = (error: string) =>
  Object.assign(new Error(error), { code: 'slack_webapi_platform_error', data: { ok: false, error } });
const rateLimited = (retryAfter: number) =>
  Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter });
const network = () =>
  Object.assign(new Error('request failed'), { code: 'slack_webapi_request_error', original: new Error('ECONNRESET') });
const policy = { maxAttempts: 3, maxWaitMs: 2_000, backoffMs: 1 };
const log = silentLogger();

describe('toChatError', () => {
  it.each([
    ['not_in_channel', 'NOT_IN_CHANNEL'],
    ['channel_not_found', 'NOT_IN_CHANNEL'],
    ['is_archived', 'CHANNEL_ARCHIVED'],
    ['invalid_auth', 'AUTH_FAILED'],
    ['missing_scope', 'AUTH_FAILED'],
    ['invalid_blocks', 'INVALID_PAYLOAD'],
    ['something_new', 'PLATFORM_ERROR'],
  ])('maps %s to %s', (slackError, code) => {
    const error = toChatError(platform(slackError), 'chat.postMessage');
    expect(error.code).toBe(code);
    expect(error.message).toContain(slackError);
  });

  it('maps rate limits, HTTP 5xx and network failures', () => {
    expect(toChatError(rateLimited(3), 'x').code).toBe('RATE_LIMITED');
    expect(
      toChatError(Object.assign(new Error(), { code: 'slack_webapi_http_error', statusCode: 503 }), 'x').code,
    ).toBe('UNAVAILABLE');
    expect(toChatError(network(), 'x').code).toBe('UNAVAILABLE');
  });
});

describe('withSlackRetry', () => {
  it('waits Retry-After after a 429, then succeeds', async () => {
    const call = failingCall(rateLimited(1));
    const started = Date.now();
    await expect(withSlackRetry('chat.postMessage', call.fn, { policy, repeatable: false, log })).resolves.toBe('ok');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(call.calls()).toBe(2);
  });

  it('fails at once when Retry-After is beyond its bound, or after the last attempt', async () => {
    const long = failingCall(rateLimited(60));
    await expect(withSlackRetry('chat.postMessage', long.fn, { policy, repeatable: false, log })).rejects.toMatchObject(
      { code: 'RATE_LIMITED' },
    );
    expect(long.calls()).toBe(1);
    const many = failingCall(rateLimited(0), rateLimited(0), rateLimited(0), rateLimited(0));
    await expect(withSlackRetry('chat.postMessage', many.fn, { policy, repeatable: false, log })).rejects.toMatchObject(
      { code: 'RATE_LIMITED' },
    );
    expect(many.calls()).toBe(3);
  });

  it('retries network failures only for calls safe to repeat (never a post that may have gone through)', async () => {
    const read = failingCall(network(), network());
    await expect(withSlackRetry('conversations.history', read.fn, { policy, repeatable: true, log })).resolves.toBe(
      'ok',
    );
    const post = failingCall(network());
    await expect(withSlackRetry('chat.postMessage', post.fn, { policy, repeatable: false, log })).rejects.toMatchObject(
      { code: 'UNAVAILABLE' },
    );
    expect(post.calls()).toBe(1);
  });

  it('does not retry platform errors', async () => {
    const call = failingCall(platform('not_in_channel'));
    await expect(withSlackRetry('chat.postMessage', call.fn, { policy, repeatable: true, log })).rejects.toMatchObject({
      code: 'NOT_IN_CHANNEL',
    });
    expect(call.calls()).toBe(1);
  });

  it('remembers a Retry-After too long to wait for: a later call of that scope is refused unsent, others go', async () => {
    let clock = 1_000_000;
    const gate = new RetryAfterGate(() => clock);
    const first = failingCall(rateLimited(120));
    const options = { policy, repeatable: false, log, gate, scope: 'C1' };
    await expect(withSlackRetry('chat.postMessage', first.fn, options)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(first.calls()).toBe(1);

    // 65 s later (the outbox's next sweep): refused without a request, naming the wait left.
    clock += 65_000;
    const again = failingCall();
    const refused = await withSlackRetry('chat.postMessage', again.fn, options).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'RATE_LIMITED' });
    expect((refused as Error).message).toMatch(/56 s more/);
    expect(again.calls()).toBe(0);

    // Another channel, and another method, are not held by it.
    const other = failingCall();
    await expect(withSlackRetry('chat.postMessage', other.fn, { ...options, scope: 'C2' })).resolves.toBe('ok');
    await expect(withSlackRetry('conversations.history', other.fn, options)).resolves.toBe('ok');
    expect(other.calls()).toBe(2);

    // Once the Retry-After is over, the same channel is called again.
    clock += 56_000;
    const later = failingCall();
    await expect(withSlackRetry('chat.postMessage', later.fn, options)).resolves.toBe('ok');
    expect(later.calls()).toBe(1);
  });

  it('waits out a remembered Retry-After within its bound before calling', async () => {
    const gate = new RetryAfterGate();
    const options = { policy, repeatable: false, log, gate, scope: 'C1' };
    await expect(
      withSlackRetry('chat.postMessage', failingCall(rateLimited(1), rateLimited(1), rateLimited(1)).fn, options),
    ).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    // The last 429 was given 1 s ago at most: this call waits for the rest of it before it is sent.
    const next = failingCall();
    let sentAt = 0;
    const blockedAt = Date.now();
    await withSlackRetry(
      'chat.postMessage',
      async () => {
        sentAt = Date.now();
        return next.fn();
      },
      options,
    );
    expect(sentAt - blockedAt).toBeGreaterThanOrEqual(500);
  });
});
