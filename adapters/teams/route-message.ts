import { parseCommand } from '../../src/chat/parse-command.js';
import { isThreadConversationId, threadRootId } from './conversation-ids.js';

/** What an incoming Teams message means for the bot. */
export type MessageRoute =
  | { kind: 'command'; text: string }
  | { kind: 'question'; threadId: string; text: string }
  | { kind: 'ignore' };

export interface IncomingMessage {
  /** Message text with the bot's own <at> mention already removed. */
  text: string;
  conversationId: string;
  conversationType: string | undefined;
  activityId: string | undefined;
  /** The message this one replies to (replyToId, or the message quoted with Teams' "Reply"). */
  replyToMessageId: string | null;
  /** Whether the bot was @mentioned. */
  mentioned: boolean;
}

/** The first words of the command grammar (SPEC 7.3): a reply starting with one is a command, not a question. */
export const COMMAND_WORDS = new Set([
  'latest',
  'search',
  'subscribe',
  'unsubscribe',
  'status',
  'sources',
  'lang',
  'updates',
  'help',
]);

const PREFIX = /^\/?migration-news\b[:,]?/i;

/** Removes `migration-news` / `/migration-news` in front of a command; returns null when there was none. */
export function stripCommandPrefix(text: string): string | null {
  const match = PREFIX.exec(text);
  return match ? text.slice(match[0].length).trim() : null;
}

/**
 * Decides between a command (SPEC 7.3) and a thread question (SPEC 5.5).
 * - Channel: a reply in a thread (conversation id with `;messageid=` naming another message) that @mentions the bot
 *   is a question about that thread unless it reads as a command (replyIsCommand); everything else is a command.
 * - Personal and group chats have no threads: a reply to (or quote of) one of the bot's messages is a question about
 *   that message unless it reads as a command; everything else is a command (`latest` alone works in a personal chat).
 */
export function routeMessage(message: IncomingMessage): MessageRoute {
  const cleaned = normaliseText(message.text);
  const afterPrefix = stripCommandPrefix(cleaned);
  const text = afterPrefix ?? cleaned;
  const firstWord = (text.split(/\s+/)[0] ?? '').toLowerCase();
  const looksLikeCommand =
    afterPrefix !== null || text === '' || (COMMAND_WORDS.has(firstWord) && readsAsCommand(text));
  const isChannel = message.conversationType === 'channel' || isThreadConversationId(message.conversationId);

  if (isChannel) {
    // In channels the bot only acts when addressed (with RSC permissions it could see every message).
    if (!message.mentioned && afterPrefix === null) return { kind: 'ignore' };
    const root = threadRootId(message.conversationId);
    const isReply = root !== null && root !== message.activityId;
    if (isReply && !looksLikeCommand) return { kind: 'question', threadId: message.conversationId, text };
    return { kind: 'command', text };
  }
  if (message.replyToMessageId && !looksLikeCommand)
    return { kind: 'question', threadId: message.replyToMessageId, text };
  return { kind: 'command', text };
}

/**
 * A reply that starts with a command word is a command only when it is one: it parses (SPEC 7.3) and is not asked as a
 * question. "Latest figures: how many arrived?", "Search and rescue: who ran it?", "Status of the survivors" and
 * "Help for survivors: where were they taken?" are questions about the story; "latest 5" and "status" are commands.
 * (`migration-news latest ...` is always a command.)
 */
function readsAsCommand(text: string): boolean {
  if (/[?\u061f]\s*$/.test(text)) return false;
  try {
    parseCommand(text);
    return true;
  } catch {
    return false;
  }
}

/** Teams sends &nbsp; and stray line breaks around mentions; commands are one line. */
function normaliseText(text: string): string {
  return text
    .replace(/&nbsp;|\u00a0/g, ' ')
    .replace(/<\/?at[^>]*>/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
}
