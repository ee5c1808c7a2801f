import { isValidSlackRequest } from '@slack/bolt';
import express from 'express';

/** The route Bolt's HTTP receiver serves (commands, events, interactivity). */
const SLACK_ROUTE = '/slack/events';

/** What a person who typed the command reads while the bot cannot reach its database. */
export const STARTING_REPLY =
  'migration-news is starting and cannot reach its database yet, so it cannot run this command now. ' +
  'Nothing was done; try again in a minute. (The operator sees why in /healthz and the log.)';

/**
 * While `serve` waits for its database (SPEC 8: the database unreachable at start), a signed slash command gets an
 * ephemeral reply saying so, instead of Slack's bare "dispatch_failed"; a request without a valid signature gets 401
 * as when the bot runs. Events and interactions go on to the waiting server's 503 with Retry-After (Slack retries
 * events; an interaction shows its own error). Nothing is processed.
 */
export function answerWhileStarting(signingSecret: string): express.Router {
  const router = express.Router();
  router.post(
    SLACK_ROUTE,
    express.text({ type: () => true, limit: '1mb' }),
    (req: express.Request, res: express.Response, next: express.NextFunction) => {
      const body = typeof req.body === 'string' ? req.body : '';
      const signed = isValidSlackRequest({
        signingSecret,
        body,
        headers: {
          'x-slack-signature': String(req.headers['x-slack-signature'] ?? ''),
          'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']),
        },
      });
      if (!signed) {
        res.status(401).json({ error: 'invalid Slack request signature' });
        return;
      }
      const isCommand = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
        ? new URLSearchParams(body).has('command')
        : false;
      if (!isCommand) {
        next();
        return;
      }
      res.status(200).json({ response_type: 'ephemeral', text: STARTING_REPLY });
    },
  );
  return router;
}
