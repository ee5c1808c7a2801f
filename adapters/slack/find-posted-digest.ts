import { ChatError } from '../../src/domain/errors.js';
import type { PostedMessage } from '../../src/ports/chat-adapter.js';
import { DIGEST_EVENT_TYPE } from './blocks/render-digest.js';

/** The fields of a conversations.history message this lookup reads. */
export interface HistoryMessage {
  ts?: string;
  bot_id?: string;
  user?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

export interface HistoryPage {
  messages?: HistoryMessage[];
  has_more?: boolean;
  response_metadata?: { next_cursor?: string };
}

export type ReadHistory = (args: { channel: string; oldest: string; cursor?: string }) => Promise<HistoryPage>;

export interface FoundDigest {
  /** Parts found, by part number (1-based). */
  parts: Map<number, PostedMessage>;
  /** How many parts the digest has. */
  total: number;
}

/** Pages of 200 messages read at most (10,000 messages since the delivery was recorded). */
export const MAX_HISTORY_PAGES = 50;

/**
 * Looks through the channel's history since `since` for the messages of one digest, recognised by their
 * metadata (SPEC 7.4: a post whose result was lost is confirmed instead of being posted twice). Throws when the
 * history since then is longer than it reads: not found there is not "not posted", and the outbox waits.
 */
export async function findPostedDigest(
  readHistory: ReadHistory,
  args: { channelId: string; digestId: string; since: Date; botId: string | null },
): Promise<FoundDigest | null> {
  const parts = new Map<number, PostedMessage>();
  let total = 0;
  let cursor: string | undefined;
  for (let page = 0; ; page++) {
    if (page === MAX_HISTORY_PAGES) throw historyTooLong(args.channelId);
    const result = await readHistory({
      channel: args.channelId,
      oldest: (args.since.getTime() / 1000).toFixed(6),
      ...(cursor ? { cursor } : {}),
    });
    for (const message of result.messages ?? []) {
      const payload = message.metadata?.event_payload;
      if (
        message.metadata?.event_type !== DIGEST_EVENT_TYPE ||
        !payload ||
        payload.digest_id !== args.digestId ||
        !message.ts
      )
        continue;
      if (args.botId && message.bot_id && message.bot_id !== args.botId) continue;
      const part = Number(payload.part ?? 1);
      total = Math.max(total, Number(payload.parts ?? 1));
      const ids = payload.story_ids;
      const storyIds = Array.isArray(ids) ? ids.map(String) : typeof ids === 'string' && ids ? ids.split(',') : [];
      parts.set(part, { messageId: message.ts, threadId: message.ts, storyIds });
    }
    // Every part found: nothing older is needed.
    if (total > 0 && parts.size >= total) break;
    cursor = result.response_metadata?.next_cursor || undefined;
    if (!result.has_more || !cursor) break;
  }
  return parts.size > 0 ? { parts, total } : null;
}

/** The lookup gave up before the start of the history it had to read: whether the message is there is unknown. */
export function historyTooLong(channelId: string): ChatError {
  return new ChatError(
    'PLATFORM_ERROR',
    `Slack history of ${channelId} is longer than ${MAX_HISTORY_PAGES} pages since the delivery: cannot tell whether it was posted`,
  );
}
