import { slackTextToPlain } from './slack-text-to-plain.js';

/** The fields of a Slack `message` / `app_mention` event this adapter reads (validated by shape, not trusted). */
export interface SlackMessageEvent {
  type: string;
  subtype?: string;
  channel?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
}

export interface IncomingQuestion {
  channelId: string;
  threadId: string;
  /** The message's own ts: with the channel, identifies it whichever event (message, app_mention) carried it. */
  ts: string;
  userId: string;
  text: string;
  /** An app_mention at the top of a channel (not in a thread). */
  topLevelMention: boolean;
}

// Human messages: plain, a thread reply also sent to the channel, or one with a file attached.
const HUMAN_SUBTYPES = new Set([undefined, 'thread_broadcast', 'file_share']);

/**
 * A thread message or an app_mention as a question for the core, or null when it is not one: bots (this
 * one included), edits, joins and other subtypes, top-level messages (not in a thread), empty text.
 */
export function toQuestion(
  event: SlackMessageEvent,
  self: { botUserId: string | null; botId: string | null },
): IncomingQuestion | null {
  if (event.bot_id || !HUMAN_SUBTYPES.has(event.subtype)) return null;
  if (!event.user || event.user === self.botUserId || !event.channel || !event.ts) return null;
  const inThread = Boolean(event.thread_ts && event.thread_ts !== event.ts);
  if (event.type === 'message' && !inThread) return null;
  if (event.type !== 'message' && event.type !== 'app_mention') return null;
  const text = slackTextToPlain(event.text ?? '', self.botUserId);
  if (!text) return null;
  return {
    channelId: event.channel,
    threadId: inThread ? (event.thread_ts as string) : event.ts,
    ts: event.ts,
    userId: event.user,
    text,
    topLevelMention: event.type === 'app_mention' && !inThread,
  };
}
