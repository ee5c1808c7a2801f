import { describe, expect, it } from 'vitest';
import { postOnce } from '../../../../adapters/slack/post-once.js';
import { ChatError } from '../../../../src/domain/errors.js';
import { silentLogger } from '../../../../src/util/create-logger.js';
import { failingCall } from '../../../helpers/failing-call.js';

const policy = { maxAttempts: 3, maxWaitMs: 2_000, backoffMs: 1 };
const log = silentLogger();
const unavailable = () => new ChatError('UNAVAILABLE', 'Slack chat.postMessage failed: internal_error');

describe('postOnce (the edges the e2e suites do not reach)', () => {
  it('stops before a new try when the delivery lost its lease during the back-off', async () => {
    const { fn: post, calls: tries } = failingCall(unavailable());
    const lost = new Error('lease lost');
    await expect(
      postOnce(post, { policy, log, find: async () => null, beforeRetry: () => Promise.reject(lost) }),
    ).rejects.toBe(lost);
    expect(tries()).toBe(1);
  });

  it('throws a failure that is not a server or network error at once, without looking', async () => {
    const { fn: post, calls: tries } = failingCall(new ChatError('NOT_IN_CHANNEL', 'not_in_channel'));
    let looked = 0;
    const find = async () => {
      looked++;
      return null;
    };
    await expect(postOnce(post, { policy, log, find })).rejects.toMatchObject({ code: 'NOT_IN_CHANNEL' });
    expect([tries(), looked]).toEqual([1, 0]);
  });

  it('throws the post failure, not the history one, when the history cannot be read', async () => {
    const failure = unavailable();
    const { fn: post, calls: tries } = failingCall(failure);
    const find = () => Promise.reject(new ChatError('AUTH_FAILED', 'missing_scope'));
    await expect(postOnce(post, { policy, log, find })).rejects.toBe(failure);
    expect(tries()).toBe(1);
  });

  it('looks back a minute before the first try, for a Slack clock behind ours', async () => {
    const { fn: post } = failingCall(unavailable());
    const started = Date.now();
    let since = new Date(0);
    const ts = await postOnce(post, {
      policy,
      log,
      find: async (s) => {
        since = s;
        return '1.0';
      },
    });
    const ended = Date.now();
    expect(ts).toBe('1.0');
    // A minute before the first try, which falls between `started` and `ended` (a millisecond may pass in between).
    expect(since.getTime()).toBeLessThanOrEqual(ended - 60_000);
    expect(since.getTime()).toBeGreaterThanOrEqual(started - 60_000);
  });
});
