import { randomUUID } from 'node:crypto';
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { DeliveryLease, DeliveryLog, DeliveryOutbox, DeliveryStatus } from '../ports/delivery-outbox.js';
import { dbTime } from './db-clock.js';
import type { Dialect } from './migrations/migrations.js';
import { recordPosted } from './record-posted.js';
import { isUniqueViolation, toDelivery } from './rows.js';
import type { Database } from './schema.js';
import { StoreError } from './store-error.js';

type Now = Expression<string>;

/** A lease nobody holds: never taken, or expired by the database's clock (its worker crashed or stopped). */
const leaseFree =
  (now: Now) =>
  (eb: ExpressionBuilder<Database, 'deliveries'>): Expression<SqlBool> =>
    eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]);

/** The fence: this lease (owner and token of one acquisition) still holds, by the database's clock. */
const leaseHeld =
  (lease: DeliveryLease, now: Now) =>
  (eb: ExpressionBuilder<Database, 'deliveries'>): Expression<SqlBool> =>
    eb.and([eb('claimed_by', '=', lease.owner), eb('lease_token', '=', lease.token), eb('claimed_until', '>', now)]);

/** The outbox (writes, fenced by leases) and the delivery history (reads), on the `deliveries` table. */
export function createDeliveryRepo(
  db: Kysely<Database>,
  dialect: Dialect,
): { outbox: DeliveryOutbox; log: DeliveryLog } {
  const now = () => dbTime(dialect);
  const until = (leaseMs: number) => dbTime(dialect, leaseMs);
  const get = async (id: string) => {
    const row = await db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toDelivery(row) : undefined;
  };
  const findSlot = async (subscriptionId: string, slotAt: string) => {
    const row = await db
      .selectFrom('deliveries')
      .selectAll()
      .where('subscription_id', '=', subscriptionId)
      .where('slot_at', '=', slotAt)
      .executeTakeFirst();
    return row ? toDelivery(row) : undefined;
  };

  const outbox: DeliveryOutbox = {
    findSlot,

    async create(d, options = {}) {
      const nowIso = new Date().toISOString();
      const claim = options.claimFor;
      const token = randomUUID();
      // Scheduled digests reserve their stories for the channel, so two digests can never carry the same story
      // (the primary key of delivered_stories decides, whatever the number of instances).
      const reserve = d.kind === 'scheduled' && d.storyIds.length > 0;
      // An on-demand digest holds its stories too while it is posted, so that a slot's digest built meanwhile does
      // not carry them again; it may repeat stories already delivered here, so it takes only the free ones.
      const hold = d.kind === 'on_demand' && d.storyIds.length > 0;
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
              claimed_until: claim ? until(claim.leaseMs) : null,
              lease_token: claim ? token : null,
              payload: d.update ? JSON.stringify(d.update) : null,
              created_at: d.createdAt ?? now(),
              updated_at: nowIso,
              posted_at: null,
            })
            .execute();
          if (reserve || hold) {
            const insert = trx.insertInto('delivered_stories').values(
              d.storyIds.map((storyId) => ({
                platform: d.platform,
                channel_id: d.channelId,
                story_id: storyId,
                delivery_id: d.id,
                delivered_at: nowIso,
              })),
            );
            await (reserve
              ? insert
              : insert.onConflict((oc) => oc.columns(['platform', 'channel_id', 'story_id']).doNothing())
            ).execute();
          }
        });
        const delivery = (await get(d.id)) as NonNullable<Awaited<ReturnType<typeof get>>>;
        return { delivery, created: true, ...(claim ? { lease: { owner: claim.owner, token } } : {}) };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        if (d.subscriptionId && d.slotAt) {
          // This (subscription, slot) is already in the outbox: another run or instance owns it.
          const existing = await findSlot(d.subscriptionId, d.slotAt);
          if (existing) return { delivery: existing, created: false };
        }
        if (reserve)
          throw new StoreError(
            'STORIES_TAKEN',
            'another delivery to this channel already holds some of these stories',
            { cause: error },
          );
        throw error;
      }
    },

    async claim(id, owner, leaseMs) {
      // A new token per acquisition: whoever held it before can no longer change the row.
      const token = randomUUID();
      const result = await db
        .updateTable('deliveries')
        .set({
          claimed_by: owner,
          lease_token: token,
          claimed_until: until(leaseMs),
          updated_at: new Date().toISOString(),
        })
        .where('id', '=', id)
        .where('status', 'in', ['pending', 'failed'])
        .where(leaseFree(now()))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1 ? { owner, token } : null;
    },

    async renew(id, lease, leaseMs) {
      const result = await db
        .updateTable('deliveries')
        .set({ claimed_until: until(leaseMs) })
        .where('id', '=', id)
        .where('status', 'in', ['pending', 'failed'])
        .where(leaseHeld(lease, now()))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async claimAbandoned(owner, leaseMs, limit) {
      const token = randomUUID();
      let candidates = db
        .selectFrom('deliveries')
        .select('id')
        .where('status', '=', 'pending')
        .where(leaseFree(now()))
        .orderBy('created_at')
        .limit(limit);
      // Instances sweeping at the same moment skip each other's rows instead of waiting on them.
      if (dialect === 'postgres') candidates = candidates.forUpdate().skipLocked();
      const rows = await db
        .updateTable('deliveries')
        .set({
          claimed_by: owner,
          lease_token: token,
          claimed_until: until(leaseMs),
          updated_at: new Date().toISOString(),
        })
        .where('id', 'in', candidates)
        .where('status', '=', 'pending')
        .where(leaseFree(now()))
        .returningAll()
        .execute();
      return rows
        .map((row) => ({ delivery: toDelivery(row), lease: { owner, token } }))
        .sort((a, b) => a.delivery.createdAt.localeCompare(b.delivery.createdAt));
    },

    async markPosted(id, lease, messages) {
      return db.transaction().execute(async (trx) => {
        const at = new Date().toISOString();
        // Fenced: a worker whose lease was lost (expired, taken over) changes nothing.
        const updated = await trx
          .updateTable('deliveries')
          .set((eb) => ({
            status: 'posted',
            attempts: eb('attempts', '+', 1),
            error: null,
            message_refs: JSON.stringify(messages),
            posted_at: at,
            updated_at: at,
            claimed_until: null,
          }))
          .where('id', '=', id)
          .where('status', 'in', ['pending', 'failed'])
          .where(leaseHeld(lease, now()))
          .returningAll()
          .execute();
        const row = updated[0];
        if (!row) return false;
        await recordPosted(trx, row, messages, at);
        return true;
      });
    },

    async markFailed(id, lease, error) {
      const result = await db
        .updateTable('deliveries')
        .set((eb) => ({
          status: 'failed',
          attempts: eb('attempts', '+', 1),
          error: error.slice(0, 2000),
          updated_at: new Date().toISOString(),
          claimed_until: null,
        }))
        .where('id', '=', id)
        .where('status', 'in', ['pending', 'failed'])
        .where(leaseHeld(lease, now()))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async recordPart(id, lease, index, message) {
      // Written only while the lease holds, in one statement (the fence and the insert cannot be separated).
      const result = await db
        .insertInto('delivery_parts')
        .columns(['delivery_id', 'part_index', 'message_id', 'thread_id', 'story_ids', 'posted_at'])
        .expression((eb) =>
          eb
            .selectFrom('deliveries')
            .select((s) => [
              s.val(id).as('delivery_id'),
              s.val(index).as('part_index'),
              s.val(message.messageId).as('message_id'),
              s.val(message.threadId).as('thread_id'),
              s.val(JSON.stringify(message.storyIds)).as('story_ids'),
              s.val(new Date().toISOString()).as('posted_at'),
            ])
            .where('id', '=', id)
            .where('status', 'in', ['pending', 'failed'])
            .where(leaseHeld(lease, now())),
        )
        .onConflict((oc) => oc.columns(['delivery_id', 'part_index']).doNothing())
        .returning('part_index')
        .execute();
      return result.length === 1;
    },

    async parts(id) {
      const rows = await db
        .selectFrom('delivery_parts')
        .selectAll()
        .where('delivery_id', '=', id)
        .orderBy('part_index')
        .execute();
      return new Map(
        rows.map((r) => [
          Number(r.part_index),
          { messageId: r.message_id, threadId: r.thread_id, storyIds: JSON.parse(r.story_ids) as string[] },
        ]),
      );
    },

    async cancel(id, owner, reason) {
      return db.transaction().execute(async (trx) => {
        const nowIso = new Date().toISOString();
        const result = await trx
          .updateTable('deliveries')
          .set({
            status: 'cancelled',
            updated_at: nowIso,
            claimed_until: null,
            ...(reason ? { error: reason.slice(0, 2000) } : {}),
          })
          .where('id', '=', id)
          .where('status', 'in', ['pending', 'failed'])
          .where((eb) =>
            eb.or([leaseFree(now())(eb), eb.and([eb('claimed_by', '=', owner), eb('claimed_until', '>', now())])]),
          )
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) return false;
        await trx.deleteFrom('delivered_stories').where('delivery_id', '=', id).execute();
        return true;
      });
    },
  };

  const log: DeliveryLog = {
    get,
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

  return { outbox, log };
}
