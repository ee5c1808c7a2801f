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
  /** "im" for the DM with the bot (message.im), "channel", "group", "mpim". */
  channel_type?: string;
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
  /** A top-level message in the DM with the bot (its Messages tab): a command, as typed after /migration-news. */
  directCommand: boolean;
}

// Human messages: plain, a thread reply also sent to the channel, or one with a file attached.
const HUMAN_SUBTYPES = new Set([undefined, 'thread_broadcast', 'file_share']);

/**
 * A thread message or an app_mention as a question for the core, or a message typed in the DM with the bot as a
 * command; null when it is neither: bots (this one included), edits, joins and other subtypes, top-level messages
 * in channels, empty text.
 */
export function toQuestion(
  event: SlackMessageEvent,
  self: { botUserId: string | null; botId: string | null },
): IncomingQuestion | null {
  if (event.bot_id || !HUMAN_SUBTYPES.has(event.subtype)) return null;
  if (!event.user || event.user === self.botUserId || !event.channel || !event.ts) return null;
  const inThread = Boolean(event.thread_ts && event.thread_ts !== event.ts);
  const directCommand = event.type === 'message' && !inThread && event.channel_type === 'im';
  if (event.type === 'message' && !inThread && !directCommand) return null;
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
    directCommand,
  };
}
