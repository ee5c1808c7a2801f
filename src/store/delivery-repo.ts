import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { DeliveryStatus, Store } from '../ports/store.js';
import type { Dialect } from './migrations.js';
import { isUniqueViolation, toDelivery } from './rows.js';
import type { Database } from './schema.js';
import { StoreError } from './store-error.js';

/** A lease nobody holds: never taken, or expired (its worker crashed or stopped). */
const leaseFree = (nowIso: string) => (eb: ExpressionBuilder<Database, 'deliveries'>): Expression<SqlBool> =>
  eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', nowIso)]);

export function createDeliveryRepo(db: Kysely<Database>, dialect: Dialect): Store['deliveries'] {
  const get = async (id: string) => {
    const row = await db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toDelivery(row) : undefined;
  };
  const findSlot = async (subscriptionId: string, slotAt: string) => {
    const row = await db.selectFrom('deliveries').selectAll().where('subscription_id', '=', subscriptionId).where('slot_at', '=', slotAt).executeTakeFirst();
    return row ? toDelivery(row) : undefined;
  };

  return {
    get,
    findSlot,

    async create(d, options = {}) {
      const now = new Date();
      const nowIso = now.toISOString();
      const claim = options.claimFor;
      // Scheduled digests reserve their stories for the channel, so two digests can never carry the same story
      // (the primary key of delivered_stories decides, whatever the number of instances).
      const reserve = d.kind === 'scheduled' && d.storyIds.length > 0;
      try {
        await db.transaction().execute(async (trx) => {
          await trx
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
              claimed_by: claim?.owner ?? null,
              claimed_until: claim ? new Date(now.getTime() + claim.leaseMs).toISOString() : null,
              created_at: d.createdAt ?? nowIso,
              updated_at: nowIso,
              posted_at: null,
            })
            .execute();
          if (reserve) {
            await trx
              .insertInto('delivered_stories')
              .values(d.storyIds.map((storyId) => ({ platform: d.platform, channel_id: d.channelId, story_id: storyId, delivery_id: d.id, delivered_at: nowIso })))
              .execute();
          }
        });
        return { delivery: (await get(d.id)) as NonNullable<Awaited<ReturnType<typeof get>>>, created: true };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        if (d.subscriptionId && d.slotAt) {
          // This (subscription, slot) is already in the outbox: another run or instance owns it.
          const existing = await findSlot(d.subscriptionId, d.slotAt);
          if (existing) return { delivery: existing, created: false };
        }
        if (reserve) throw new StoreError('STORIES_TAKEN', 'another delivery to this channel already holds some of these stories', { cause: error });
        throw error;
      }
    },

    async claim(id, owner, leaseMs) {
      const now = new Date();
      const result = await db
        .updateTable('deliveries')
        .set({ claimed_by: owner, claimed_until: new Date(now.getTime() + leaseMs).toISOString(), updated_at: now.toISOString() })
        .where('id', '=', id)
        .where('status', 'in', ['pending', 'failed'])
        .where((eb) => eb.or([leaseFree(now.toISOString())(eb), eb('claimed_by', '=', owner)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async claimAbandoned(owner, leaseMs, limit) {
      const now = new Date();
      const nowIso = now.toISOString();
      let candidates = db
        .selectFrom('deliveries')
        .select('id')
        .where('status', '=', 'pending')
        .where(leaseFree(nowIso))
        .orderBy('created_at')
        .limit(limit);
      // Instances sweeping at the same moment skip each other's rows instead of waiting on them.
      if (dialect === 'postgres') candidates = candidates.forUpdate().skipLocked();
      const rows = await db
        .updateTable('deliveries')
        .set({ claimed_by: owner, claimed_until: new Date(now.getTime() + leaseMs).toISOString(), updated_at: nowIso })
        .where('id', 'in', candidates)
        .where('status', '=', 'pending')
        .where(leaseFree(nowIso))
        .returningAll()
        .execute();
      return rows.map(toDelivery).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },

    async markPosted(id, messages) {
      await db.transaction().execute(async (trx) => {
        const now = new Date().toISOString();
        const row = await trx.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        await trx
          .updateTable('deliveries')
          .set((eb) => ({
            status: 'posted',
            attempts: eb('attempts', '+', 1),
            error: null,
            message_refs: JSON.stringify(messages),
            posted_at: now,
            updated_at: now,
            claimed_until: null,
          }))
          .where('id', '=', id)
          .execute();
        // Stories reserved at creation (scheduled digests) become delivered now; on-demand ones are recorded here.
        await trx.updateTable('delivered_stories').set({ delivered_at: now }).where('delivery_id', '=', id).execute();
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
      await db
        .updateTable('deliveries')
        .set((eb) => ({ status: 'failed', attempts: eb('attempts', '+', 1), error: error.slice(0, 2000), updated_at: new Date().toISOString(), claimed_until: null }))
        .where('id', '=', id)
        .where('status', '!=', 'posted')
        .execute();
    },

    async cancel(id, owner) {
      return db.transaction().execute(async (trx) => {
        const nowIso = new Date().toISOString();
        const result = await trx
          .updateTable('deliveries')
          .set({ status: 'cancelled', updated_at: nowIso, claimed_until: null })
          .where('id', '=', id)
          .where('status', 'in', ['pending', 'failed'])
          .where((eb) => eb.or([leaseFree(nowIso)(eb), eb('claimed_by', '=', owner)]))
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) return false;
        await trx.deleteFrom('delivered_stories').where('delivery_id', '=', id).execute();
        return true;
      });
    },

    async incomplete(channel) {
      let q = db.selectFrom('deliveries').selectAll().where('status', 'in', ['pending', 'failed']);
      // One channel's (a scheduled run): with many channels on one slot, reading every channel's rows each run is quadratic.
      if (channel) q = q.where('platform', '=', channel.platform).where('channel_id', '=', channel.channelId);
      const rows = await q.orderBy('created_at').execute();
      return rows.map(toDelivery);
    },

    async recent({ platform, channelId, limit }) {
      let q = db.selectFrom('deliveries').selectAll();
      if (platform) q = q.where('platform', '=', platform);
      if (channelId) q = q.where('channel_id', '=', channelId);
      return (await q.orderBy('created_at', 'desc').limit(limit).execute()).map(toDelivery);
    },

    async countSince({ platform, channelId, since }) {
      let q = db
        .selectFrom('deliveries')
        .select((eb) => ['status', eb.fn.countAll().as('n')])
        .where((eb) => eb(eb.fn.coalesce('posted_at', 'updated_at'), '>=', since));
      if (platform) q = q.where('platform', '=', platform);
      if (channelId) q = q.where('channel_id', '=', channelId);
      const rows = await q.groupBy('status').execute();
      // PostgreSQL returns count(*) as a string.
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Partial<Record<DeliveryStatus, number>>;
    },
  };
}
