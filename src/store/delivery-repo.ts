import type { Kysely } from 'kysely';
import type { Store } from '../ports/store.js';
import { isUniqueViolation, toDelivery } from './rows.js';
import type { Database } from './schema.js';

export function createDeliveryRepo(db: Kysely<Database>): Store['deliveries'] {
  const get = async (id: string) => {
    const row = await db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toDelivery(row) : undefined;
  };

  return {
    get,

    async create(d) {
      const now = new Date().toISOString();
      try {
        await db
          .insertInto('deliveries')
          .values({
            id: d.id,
            subscription_id: d.subscriptionId,
            platform: d.platform,
            channel_id: d.channelId,
            kind: d.kind,
            slot_at: d.slotAt,
            digest_id: d.digestId,
            digest: JSON.stringify(d.digest),
            story_ids: JSON.stringify(d.storyIds),
            status: d.status,
            attempts: 0,
            error: null,
            message_refs: null,
            claimed_by: null,
            claimed_until: null,
            created_at: d.createdAt ?? now,
            updated_at: now,
            posted_at: null,
          })
          .execute();
        return { delivery: (await get(d.id)) as NonNullable<Awaited<ReturnType<typeof get>>>, created: true };
      } catch (error) {
        if (!isUniqueViolation(error) || !d.subscriptionId || !d.slotAt) throw error;
        // This (subscription, slot) is already in the outbox: another run or instance owns it.
        const existing = await db
          .selectFrom('deliveries')
          .selectAll()
          .where('subscription_id', '=', d.subscriptionId)
          .where('slot_at', '=', d.slotAt)
          .executeTakeFirstOrThrow();
        return { delivery: toDelivery(existing), created: false };
      }
    },

    async claim(id, owner, leaseMs) {
      const now = new Date();
      const result = await db
        .updateTable('deliveries')
        .set({ claimed_by: owner, claimed_until: new Date(now.getTime() + leaseMs).toISOString(), updated_at: now.toISOString() })
        .where('id', '=', id)
        .where('status', 'in', ['pending', 'failed'])
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now.toISOString()), eb('claimed_by', '=', owner)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async markPosted(id, messages) {
      await db.transaction().execute(async (trx) => {
        const now = new Date().toISOString();
        const row = await trx.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        await trx
          .updateTable('deliveries')
          .set({
            status: 'posted',
            attempts: Number(row.attempts) + 1,
            error: null,
            message_refs: JSON.stringify(messages),
            posted_at: now,
            updated_at: now,
            claimed_until: null,
          })
          .where('id', '=', id)
          .execute();
        const storyIds = JSON.parse(row.story_ids) as string[];
        if (storyIds.length > 0) {
          await trx
            .insertInto('delivered_stories')
            .values(storyIds.map((storyId) => ({ platform: row.platform, channel_id: row.channel_id, story_id: storyId, delivery_id: id, delivered_at: now })))
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
                created_at: now,
              })),
            )
            .onConflict((oc) => oc.columns(['platform', 'channel_id', 'message_id']).doNothing())
            .execute();
        }
      });
    },

    async markFailed(id, error) {
      const row = await db.selectFrom('deliveries').select('attempts').where('id', '=', id).executeTakeFirstOrThrow();
      await db
        .updateTable('deliveries')
        .set({ status: 'failed', attempts: Number(row.attempts) + 1, error: error.slice(0, 2000), updated_at: new Date().toISOString(), claimed_until: null })
        .where('id', '=', id)
        .execute();
    },

    async incomplete() {
      const rows = await db.selectFrom('deliveries').selectAll().where('status', 'in', ['pending', 'failed']).orderBy('created_at').execute();
      return rows.map(toDelivery);
    },

    async recent({ platform, channelId, limit }) {
      let q = db.selectFrom('deliveries').selectAll();
      if (platform) q = q.where('platform', '=', platform);
      if (channelId) q = q.where('channel_id', '=', channelId);
      return (await q.orderBy('created_at', 'desc').limit(limit).execute()).map(toDelivery);
    },
  };
}
