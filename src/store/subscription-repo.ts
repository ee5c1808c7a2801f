import type { Kysely } from 'kysely';
import type { Store } from '../ports/store.js';
import { fromSubscription, toSubscription } from './rows.js';
import type { Database } from './schema.js';

export function createSubscriptionRepo(db: Kysely<Database>): Store['subscriptions'] {
  const repo: Store['subscriptions'] = {
    async upsert(subscription) {
      const row = fromSubscription(subscription);
      // One subscription per channel: changing it keeps its id, creation data and last slot.
      const changes = {
        conversation_ref: row.conversation_ref,
        cron: row.cron,
        timezone: row.timezone,
        languages: row.languages,
        filter: row.filter,
        updated_at: row.updated_at,
        languages_only: row.languages_only,
      };
      await db
        .insertInto('subscriptions')
        .values(row)
        .onConflict((oc) => oc.columns(['platform', 'channel_id']).doUpdateSet(changes))
        .execute();
      const stored = await db
        .selectFrom('subscriptions')
        .selectAll()
        .where('platform', '=', subscription.platform)
        .where('channel_id', '=', subscription.channelId)
        .executeTakeFirstOrThrow();
      return toSubscription(stored);
    },
    async get(platform, channelId) {
      const row = await db
        .selectFrom('subscriptions')
        .selectAll()
        .where('platform', '=', platform)
        .where('channel_id', '=', channelId)
        .executeTakeFirst();
      return row ? toSubscription(row) : undefined;
    },
    async list() {
      return (await db.selectFrom('subscriptions').selectAll().orderBy('created_at').execute()).map(toSubscription);
    },
    async remove(platform, channelId) {
      const result = await db
        .deleteFrom('subscriptions')
        .where('platform', '=', platform)
        .where('channel_id', '=', channelId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async setLastSlot(id, slotAt) {
      // Instances may finish the same or an older slot later: the recorded slot only moves forward.
      await db
        .updateTable('subscriptions')
        .set({ last_slot_at: slotAt })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_slot_at', 'is', null), eb('last_slot_at', '<', slotAt)]))
        .execute();
    },
    async pause(platform, channelId, reason) {
      const at = new Date().toISOString();
      // Only a running one: the first removal's time and reason stay when the platform says it again.
      const result = await db
        .updateTable('subscriptions')
        .set({ paused_at: at, paused_reason: reason.slice(0, 500), conversation_ref: null })
        .where('platform', '=', platform)
        .where('channel_id', '=', channelId)
        .where('paused_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return undefined;
      return repo.get(platform, channelId);
    },
    async pauseAll(platform, reason) {
      const running = await db
        .selectFrom('subscriptions')
        .select('channel_id')
        .where('platform', '=', platform)
        .where('paused_at', 'is', null)
        .execute();
      // One by one through pause: a channel paused meanwhile keeps its own first reason and time.
      const paused = [];
      for (const { channel_id } of running) {
        const sub = await repo.pause(platform, channel_id, reason);
        if (sub) paused.push(sub);
      }
      return paused;
    },
    async resume(platform, channelId, conversationRef) {
      const result = await db
        .updateTable('subscriptions')
        .set({
          paused_at: null,
          paused_reason: null,
          conversation_ref: conversationRef == null ? null : JSON.stringify(conversationRef),
        })
        .where('platform', '=', platform)
        .where('channel_id', '=', channelId)
        .where('paused_at', 'is not', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return undefined;
      return repo.get(platform, channelId);
    },
  };
  return repo;
}

export function createChannelRepo(db: Kysely<Database>): Store['channels'] {
  return {
    async save(platform, channelId, conversationRef) {
      const row = {
        platform,
        channel_id: channelId,
        conversation_ref: JSON.stringify(conversationRef ?? null),
        languages: null,
        updated_at: new Date().toISOString(),
      };
      await db
        .insertInto('channels')
        .values(row)
        .onConflict((oc) =>
          oc
            .columns(['platform', 'channel_id'])
            .doUpdateSet({ conversation_ref: row.conversation_ref, updated_at: row.updated_at }),
        )
        .execute();
    },
    async setLanguages(platform, channelId, languages, only = false) {
      const now = new Date().toISOString();
      const languagesOnly = only ? 1 : 0;
      await db
        .insertInto('channels')
        .values({
          platform,
          channel_id: channelId,
          conversation_ref: null,
          languages: languages.join(','),
          updated_at: now,
          languages_only: languagesOnly,
        })
        .onConflict((oc) =>
          oc
            .columns(['platform', 'channel_id'])
            .doUpdateSet({ languages: languages.join(','), updated_at: now, languages_only: languagesOnly }),
        )
        .execute();
    },
    async setUpdates(platform, channelId, on) {
      const now = new Date().toISOString();
      const value = on ? 1 : 0;
      await db
        .insertInto('channels')
        .values({
          platform,
          channel_id: channelId,
          conversation_ref: null,
          languages: null,
          updated_at: now,
          updates_enabled: value,
        })
        .onConflict((oc) =>
          oc.columns(['platform', 'channel_id']).doUpdateSet({ updates_enabled: value, updated_at: now }),
        )
        .execute();
    },
    async get(platform, channelId) {
      const row = await db
        .selectFrom('channels')
        .selectAll()
        .where('platform', '=', platform)
        .where('channel_id', '=', channelId)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        conversationRef: row.conversation_ref ? (JSON.parse(row.conversation_ref) as unknown) : null,
        languages: row.languages ? row.languages.split(',') : null,
        updates: Number(row.updates_enabled) !== 0,
        languagesOnly: Number(row.languages_only ?? 0) === 1,
      };
    },
  };
}
