import { setTimeout as sleep } from 'node:timers/promises';
import { ChatError } from '../../src/domain/errors.js';
import type { Logger } from '../../src/util/create-logger.js';
import type { RetryPolicy } from './with-slack-retry.js';

/** How far back the history is read, for a Slack clock (message ts) behind ours. */
const CLOCK_MARGIN_MS = 60_000;

export interface PostOnceOptions {
  policy: RetryPolicy;
  log: Logger;
  /** The message's ts if the channel's history (a thread's replies, for a reply) has it since `since`, else null; throws when it cannot tell. */
  find: (since: Date) => Promise<string | null>;
  /** Awaited before each new try; throws to stop (the delivery's lease was lost). */
  beforeRetry?: () => Promise<void>;
  /** The message cannot be older than this (its delivery's record, by the database's clock): our clock may run ahead. */
  since?: Date;
}

/**
 * Posts one message that Slack can show back by its metadata (a digest part in the channel's history, a threaded story
 * update in its thread's replies), exactly once. A 5xx,
 * an internal or fatal error, or a lost answer may hide a message Slack did post, so it is not simply sent again:
 * after a back-off the history is read, and only a message that is not there is posted again, a bounded number of
 * times in all (SPEC 8). When the history cannot be read, the failure is thrown as it is: the outbox then waits
 * for a confirmation instead of posting blindly (SPEC 7.4).
 */
export async function postOnce(post: () => Promise<string>, options: PostOnceOptions): Promise<string> {
  const { policy, log } = options;
  // From the earlier of our clock and the database's, each less a margin: Slack's clock may be behind either.
  const since = new Date(Math.min(Date.now(), options.since?.getTime() ?? Date.now()) - CLOCK_MARGIN_MS);
  for (let attempt = 1; ; attempt++) {
    try {
      return await post();
    } catch (error) {
      if (!(error instanceof ChatError) || error.code !== 'UNAVAILABLE' || attempt >= policy.maxAttempts) throw error;
      // Not before the history can show the failed post: a look too soon misses it, and it would go out twice.
      const delay = Math.max(policy.backoffMs * 2 ** (attempt - 1), policy.historyLagMs ?? 0);
      log.warn(
        { attempt, delay, err: error.message },
        'Slack post failed; checking the channel history before retrying',
      );
      await sleep(delay);
      const found = await options.find(since).catch((lookup: unknown) => {
        log.warn(
          { err: lookup instanceof Error ? lookup.message : String(lookup) },
          'cannot tell whether the failed post went through: not posting it again now',
        );
        throw error;
      });
      if (found) {
        log.info({ ts: found, attempt }, 'the failed post had gone through (found in the channel history)');
        return found;
      }
      await options.beforeRetry?.();
    }
  }
}
