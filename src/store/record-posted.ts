import type { Transaction } from 'kysely';
import type { PostedMessage } from '../ports/chat-adapter.js';
import type { Database, DeliveriesTable } from './schema.js';

/**
 * The rest of "posted", in the transaction that fenced it: the delivery's stories become delivered and its
 * messages are mapped to threads (for Q&A and threaded updates); its part records are no longer needed.
 */
export async function recordPosted(
  trx: Transaction<Database>,
  row: DeliveriesTable,
  messages: PostedMessage[],
  at: string,
): Promise<void> {
  const id = row.id;
  await trx.deleteFrom('delivery_parts').where('delivery_id', '=', id).execute();
  // A threaded update reports on stories already delivered: it maps nothing new.
  if (row.kind === 'update') return;
  // Stories reserved at creation (scheduled digests) become delivered now; on-demand ones are recorded here.
  await trx.updateTable('delivered_stories').set({ delivered_at: at }).where('delivery_id', '=', id).execute();
  const storyIds = JSON.parse(row.story_ids) as string[];
  if (storyIds.length > 0) {
    await trx
      .insertInto('delivered_stories')
      .values(
        storyIds.map((storyId) => ({
          platform: row.platform,
          channel_id: row.channel_id,
          story_id: storyId,
          delivery_id: id,
          delivered_at: at,
        })),
      )
      .onConflict((oc) => oc.columns(['platform', 'channel_id', 'story_id']).doNothing())
      .execute();
  }
  if (messages.length > 0) {
    await trx
      .insertInto('thread_messages')
      .values(
        messages.map((m) => ({
          platform: row.platform,
          channel_id: row.channel_id,
          thread_id: m.threadId,
          message_id: m.messageId,
          digest_id: row.digest_id,
          story_ids: JSON.stringify(m.storyIds),
          created_at: at,
        })),
      )
      .onConflict((oc) => oc.columns(['platform', 'channel_id', 'message_id']).doNothing())
      .execute();
  }
}
