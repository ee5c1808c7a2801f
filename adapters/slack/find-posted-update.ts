import type { PostedMessage } from '../../src/ports/chat-adapter.js';
import { UPDATE_EVENT_TYPE } from './blocks/render-message.js';
import { type HistoryPage, historyTooLong, MAX_HISTORY_PAGES } from './find-posted-digest.js';

export type ReadReplies = (args: {
  channel: string;
  ts: string;
  oldest?: string;
  cursor?: string;
}) => Promise<HistoryPage>;

/**
 * Looks through one thread's replies (conversations.replies: a threaded reply is not in the channel's history) for
 * the bot's story update with this key, recognised by its message metadata (SPEC 7.4: a post whose result was lost
 * is confirmed instead of being posted twice). Only the bot's own message counts: a person quoting the update, or
 * another app's message with the same metadata, is not it. Null when absent; throws when the thread cannot be read.
 */
export async function findPostedUpdate(
  readReplies: ReadReplies,
  args: {
    channelId: string;
    threadTs: string;
    updateId: string;
    /** Only replies posted since then (a failed post's own check); all of them when absent (outbox recovery). */
    since?: Date;
    bot: { botId: string | null; botUserId: string } | null;
  },
): Promise<PostedMessage | null> {
  let cursor: string | undefined;
  for (let page = 0; ; page++) {
    if (page === MAX_HISTORY_PAGES) throw historyTooLong(args.channelId);
    const result = await readReplies({
      channel: args.channelId,
      ts: args.threadTs,
      ...(args.since ? { oldest: (args.since.getTime() / 1000).toFixed(6) } : {}),
      ...(cursor ? { cursor } : {}),
    });
    for (const message of result.messages ?? []) {
      const payload = message.metadata?.event_payload;
      if (message.metadata?.event_type !== UPDATE_EVENT_TYPE || payload?.update_id !== args.updateId || !message.ts)
        continue;
      // Posted with the bot token: Slack stamps the bot's bot_id and user on it; anything else is someone else's.
      const { bot } = args;
      if (bot && !((bot.botId && message.bot_id === bot.botId) || message.user === bot.botUserId)) continue;
      return { messageId: message.ts, threadId: args.threadTs, storyIds: [String(payload.story_id ?? '')] };
    }
    cursor = result.response_metadata?.next_cursor || undefined;
    if (!result.has_more || !cursor) break;
  }
  return null;
}
