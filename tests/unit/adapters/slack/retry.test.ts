import { describe, expect, it } from 'vitest';
import { toChatError } from '../../../../adapters/slack/to-chat-error.js';
import { withSlackRetry } from '../../../../adapters/slack/with-slack-retry.js';
import { silentLogger } from '../../../../src/util/create-logger.js';

// The shapes @slack/web-api throws (matched by their documented `code`).
const platform = (error: string) =>
  Object.assign(new Error(error), { code: 'slack_webapi_platform_error', data: { ok: false, error } });
const rateLimited = (retryAfter: number) =>
  Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter });
const network = () =>
  Object.assign(new Error('request failed'), { code: 'slack_webapi_request_error', original: new Error('ECONNRESET') });
const policy = { maxAttempts: 3, maxWaitMs: 2_000, backoffMs: 1 };
const log = silentLogger();

/** A call that fails with the given errors, in order, then succeeds. */
function failing(...errors: Error[]) {
  let calls = 0;
  const fn = async () => {
    const error = errors[calls++];
    if (error) throw error;
    return 'ok';
  };
  return { fn, calls: () => calls };
}

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
    const call = failing(rateLimited(1));
    const started = Date.now();
    await expect(withSlackRetry('chat.postMessage', call.fn, { policy, repeatable: false, log })).resolves.toBe('ok');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(call.calls()).toBe(2);
  });

  it('fails at once when Retry-After is beyond its bound, or after the last attempt', async () => {
    const long = failing(rateLimited(60));
    await expect(withSlackRetry('chat.postMessage', long.fn, { policy, repeatable: false, log })).rejects.toMatchObject(
      { code: 'RATE_LIMITED' },
    );
    expect(long.calls()).toBe(1);
    const many = failing(rateLimited(0), rateLimited(0), rateLimited(0), rateLimited(0));
    await expect(withSlackRetry('chat.postMessage', many.fn, { policy, repeatable: false, log })).rejects.toMatchObject(
      { code: 'RATE_LIMITED' },
    );
    expect(many.calls()).toBe(3);
  });

  it('retries network failures only for calls safe to repeat (never a post that may have gone through)', async () => {
    const read = failing(network(), network());
    await expect(withSlackRetry('conversations.history', read.fn, { policy, repeatable: true, log })).resolves.toBe(
      'ok',
    );
    const post = failing(network());
    await expect(withSlackRetry('chat.postMessage', post.fn, { policy, repeatable: false, log })).rejects.toMatchObject(
      { code: 'UNAVAILABLE' },
    );
    expect(post.calls()).toBe(1);
  });

  it('does not retry platform errors', async () => {
    const call = failing(platform('not_in_channel'));
    await expect(withSlackRetry('chat.postMessage', call.fn, { policy, repeatable: true, log })).rejects.toMatchObject({
      code: 'NOT_IN_CHANNEL',
    });
    expect(call.calls()).toBe(1);
  });
});
