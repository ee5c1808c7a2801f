import type { Kysely } from 'kysely';
import type { Store } from '../ports/store.js';
import type { Database } from './schema.js';

export function createMuteRepo(db: Kysely<Database>): Store['mutes'] {
  return {
    async add(platform, channelId, sourceId, by) {
      const result = await db
        .insertInto('channel_mutes')
        .values({
          platform,
          channel_id: channelId,
          source_id: sourceId,
          created_by: by,
          created_at: new Date().toISOString(),
        })
        .onConflict((oc) => oc.columns(['platform', 'channel_id', 'source_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async remove(platform, channelId, sourceId) {
      const result = await db
        .deleteFrom('channel_mutes')
        .where('platform', '=', platform)
        .where('channel_id', '=', channelId)
        .where('source_id', '=', sourceId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async list(platform, channelId) {
      const rows = await db
        .selectFrom('channel_mutes')
        .select('source_id')
        .where('platform', '=', platform)
        .where('channel_id', '=', channelId)
        .orderBy('source_id')
        .execute();
      return rows.map((r) => r.source_id);
    },
  };
}
