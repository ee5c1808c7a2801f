import { setTimeout as sleep } from 'node:timers/promises';
import { ChatError } from '../../src/domain/errors.js';
import type { Logger } from '../../src/util/create-logger.js';
import { retryAfterSeconds, toChatError } from './to-chat-error.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** A Retry-After longer than this fails the call instead of waiting (the outbox retries on the next run). */
  maxWaitMs: number;
  /**
   * Backoff before retrying a 5xx or network failure (doubled each time): for calls safe to repeat, and for a digest
   * post once the history shows it did not go through (post-once.ts).
   */
  backoffMs: number;
  /**
   * How long Slack's history may take to show a message just posted: a failed post is looked for there no sooner
   * (post-once.ts), so a post that went through is not missed and sent again. Default 5 s.
   */
  historyLagMs?: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  maxWaitMs: 60_000,
  backoffMs: 1_000,
  historyLagMs: 5_000,
};

/** Scopes remembered at most (a channel's entry goes once its wait is over and it is asked again). */
const MAX_GATED = 10_000;

/**
 * When each rate-limited scope may be called again, as Slack's Retry-After said: a method, or a method in one channel
 * (chat.postMessage is limited per channel). It spans calls, so a later call (the next part, a retry by the outbox,
 * another digest) is not sent before a Retry-After that an earlier call was given, even one too long to wait for.
 */
export class RetryAfterGate {
  private readonly until = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds left before `key` may be called (0: now). */
  waitMs(key: string): number {
    const until = this.until.get(key);
    if (until === undefined) return 0;
    const left = until - this.now();
    if (left > 0) return left;
    this.until.delete(key);
    return 0;
  }

  /** `key` was answered 429 with Retry-After `ms`: nothing for it before then. */
  block(key: string, ms: number): void {
    const until = this.now() + ms;
    if ((this.until.get(key) ?? 0) >= until) return;
    if (this.until.size >= MAX_GATED) for (const k of [...this.until.keys()]) this.waitMs(k);
    this.until.set(key, until);
  }
}

/**
 * Runs one Web API call with bounded retries. A 429 means Slack did nothing, so it is retried, never before
 * Retry-After. A 5xx or a lost response may hide a message that was posted, so chat.postMessage
 * (`repeatable: false`) is not retried here: a digest part is confirmed through its metadata first (post-once.ts).
 * Retries live here, per call, rather than in the WebClient, whose 429 handling pauses every channel's queue
 * and whose retry of failed posts can post a message twice.
 */
export async function withSlackRetry<T>(
  method: string,
  call: () => Promise<T>,
  options: {
    policy: RetryPolicy;
    repeatable: boolean;
    log: Logger;
    /** Shared by the calls of one adapter; `scope` (a channel id) narrows the limit to a method in one channel. */
    gate?: RetryAfterGate;
    scope?: string;
    /**
     * Awaited after any wait (a Retry-After, a back-off) right before the call it delayed; throws to stop. A digest
     * post passes its lease check: a process frozen during the wait may have lost the delivery to another worker.
     */
    beforeDelayedCall?: () => Promise<void>;
  },
): Promise<T> {
  const { policy, repeatable, log, gate } = options;
  const key = options.scope ? `${method} ${options.scope}` : method;
  for (let attempt = 1; ; attempt++) {
    const wait = gate?.waitMs(key) ?? 0;
    if (wait > policy.maxWaitMs)
      throw new ChatError(
        'RATE_LIMITED',
        `Slack ${method} is rate limited for ${Math.ceil(wait / 1000)} s more (an earlier Retry-After): not sent`,
      );
    if (wait > 0) await sleep(wait);
    if (wait > 0 || attempt > 1) await options.beforeDelayedCall?.();
    try {
      return await call();
    } catch (error) {
      const chatError = toChatError(error, method, options.scope);
      const retryAfter = retryAfterSeconds(error);
      if (retryAfter !== null) gate?.block(key, retryAfter * 1000 + 50);
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
