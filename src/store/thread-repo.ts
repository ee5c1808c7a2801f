import type { Kysely } from 'kysely';
import type { Store } from '../ports/store.js';
import { isUniqueViolation } from './rows.js';
import type { Database } from './schema.js';

export function createThreadRepo(db: Kysely<Database>): Store['threads'] {
  return {
    async saveMessage(platform, channelId, message, digestId) {
      await db
        .insertInto('thread_messages')
        .values({
          platform,
          channel_id: channelId,
          thread_id: message.threadId,
          message_id: message.messageId,
          digest_id: digestId,
          story_ids: JSON.stringify(message.storyIds),
          created_at: new Date().toISOString(),
        })
        .onConflict((oc) => oc.columns(['platform', 'channel_id', 'message_id']).doNothing())
        .execute();
    },
    async stories(platform, channelId, threadId) {
      const rows = await db
        .selectFrom('thread_messages')
        .selectAll()
        .where('platform', '=', platform)
        .where('channel_id', '=', channelId)
        .where('thread_id', '=', threadId)
        .orderBy('created_at')
        .execute();
      const first = rows[0];
      if (!first) return undefined;
      const storyIds = [...new Set(rows.flatMap((r) => JSON.parse(r.story_ids) as string[]))];
      // The digest's messages posted before this one (its earlier parts) hold the stories numbered before its own.
      const parts = await db
        .selectFrom('thread_messages')
        .select(['message_id', 'story_ids'])
        .where('platform', '=', platform)
        .where('channel_id', '=', channelId)
        .where('digest_id', '=', first.digest_id)
        .orderBy('created_at')
        .orderBy('message_id')
        .execute();
      let before = 0;
      for (const part of parts) {
        if (part.message_id === first.message_id) break;
        before += (JSON.parse(part.story_ids) as string[]).length;
      }
      return { digestId: first.digest_id, storyIds, firstNumber: before + 1 };
    },
    async addTurn(platform, channelId, threadId, turn) {
      await db
        .insertInto('qa_turns')
        .values({
          platform,
          channel_id: channelId,
          thread_id: threadId,
          question: turn.question,
          answer: turn.answer,
          language: turn.language,
          created_at: turn.createdAt,
        })
        .execute();
    },
    async turns(platform, channelId, threadId) {
      const rows = await db
        .selectFrom('qa_turns')
        .selectAll()
        .where('platform', '=', platform)
        .where('channel_id', '=', channelId)
        .where('thread_id', '=', threadId)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        question: r.question,
        answer: r.answer,
        language: r.language,
        createdAt: r.created_at,
      }));
    },
  };
}

export function createEventRepo(db: Kysely<Database>): Store['events'] {
  return {
    async firstSeen(platform, eventId) {
      try {
        await db
          .insertInto('processed_events')
          .values({ platform, event_id: eventId, created_at: new Date().toISOString() })
          .execute();
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
  };
}
