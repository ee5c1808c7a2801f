import type { ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../src/util/create-logger.js';

/** Seconds Slack is asked to wait before retrying an event the bot could not take yet. */
export const NOT_CONNECTED_RETRY_S = 60;

/** A signed request that came while the bot could not reach Slack's Web API (start-up, or reconnecting). */
export class NotConnectedYet extends Error {}

/**
 * What answers signed requests before the Bolt app exists (Slack's API unreachable at start: the core retries in the
 * background). Without it Bolt's receiver left them unanswered for 3 s and then answered 404. A slash command gets an
 * ephemeral answer that says so (Slack shows a command's HTTP answer to the user); an event or an interaction gets
 * 503 with Retry-After, so that Slack delivers events again later (an event is still answered once: its key is
 * remembered when it is handled, not when it is refused).
 */
export function notConnectedYet(log: Logger) {
  return {
    async processEvent(event: ReceiverEvent): Promise<void> {
      const body = event.body as { command?: unknown };
      log.warn('a Slack request came while Slack cannot be reached from here: answered "try again shortly"');
      if (typeof body.command === 'string') {
        await event.ack({
          response_type: 'ephemeral',
          text: 'Migration News cannot reach Slack right now (it is reconnecting). Please try again in a minute.',
        });
        return;
      }
      throw new NotConnectedYet('Slack is not connected yet');
    },
  };
}
