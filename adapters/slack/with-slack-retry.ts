import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../src/util/create-logger.js';
import { retryAfterSeconds, toChatError } from './to-chat-error.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** A Retry-After longer than this fails the call instead of waiting (the outbox retries on the next run). */
  maxWaitMs: number;
  /** Backoff before retrying a 5xx or network failure (doubled each time); only for calls safe to repeat. */
  backoffMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, maxWaitMs: 60_000, backoffMs: 1_000 };

/**
 * Runs one Web API call with bounded retries. A 429 means Slack did nothing, so it is retried, never before
 * Retry-After. A 5xx or a lost response may hide a message that was posted, so chat.postMessage
 * (`repeatable: false`) is not retried then: the outbox confirms through message metadata and retries later.
 * Retries live here, per call, rather than in the WebClient, whose 429 handling pauses every channel's queue
 * and whose retry of failed posts can post a message twice.
 */
export async function withSlackRetry<T>(
  method: string,
  call: () => Promise<T>,
  options: { policy: RetryPolicy; repeatable: boolean; log: Logger },
): Promise<T> {
  const { policy, repeatable, log } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const chatError = toChatError(error, method);
      const retryAfter = retryAfterSeconds(error);
      const last = attempt >= policy.maxAttempts;
      if (retryAfter !== null && !last && retryAfter * 1000 <= policy.maxWaitMs) {
        log.warn({ method, retryAfter, attempt }, 'Slack rate limit: waiting Retry-After before retrying');
        // Slack's Retry-After is whole seconds; a small margin keeps us clear of its window edge.
        await sleep(retryAfter * 1000 + 50);
        continue;
      }
      if (chatError.code === 'UNAVAILABLE' && repeatable && !last) {
        const delay = policy.backoffMs * 2 ** (attempt - 1);
        log.warn({ method, attempt, delay, err: chatError.message }, 'Slack call failed; retrying');
        await sleep(delay);
        continue;
      }
      throw chatError;
    }
  }
}
