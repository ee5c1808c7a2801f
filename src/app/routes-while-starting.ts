import type express from 'express';
import { answerWhileStarting } from '../../adapters/slack/answer-while-starting.js';
import type { Config } from '../config/load-config.js';

/**
 * The platform routes `serve` answers while it waits for its database (src/server/serve-while-waiting.ts): Slack over
 * HTTP tells a person's slash command that the bot is starting. Teams has no such answer: without the bot's
 * credentials checked by the adapter nothing may be sent, so /api/messages gets the waiting server's 503.
 */
export function routesWhileStarting(config: Config): express.Router[] {
  const slack = config.slack;
  return slack?.signingSecret && !slack.appToken ? [answerWhileStarting(slack.signingSecret)] : [];
}
