import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { updateKey } from '../domain/story-update.js';
import type { Platform } from '../domain/types.js';
import type { Store } from '../ports/store.js';
import { dbTime } from './db-clock.js';
import type { Dialect } from './migrations/migrations.js';
import { toDelivery } from './rows.js';
import type { Database } from './schema.js';

/** Threaded updates of revised stories: revisions, where each story went, and the once-per-6-hours reservation. */
export function createUpdateRepo(db: Kysely<Database>, dialect: Dialect): Store['updates'] {
  return {
    async revisions(since) {
      const rows = await db
        .selectFrom('story_revisions')
        .selectAll()
        .where('revised_at', '>=', since)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: Number(r.id),
        storyId: r.story_id,
        editionId: r.edition_id,
        sourceId: r.source_id,
        version: Number(r.version),
        oldTitle: r.old_title,
        oldText: r.old_text,
        newTitle: r.new_title,
        newText: r.new_text,
        revisedAt: r.revised_at,
      }));
    },

    async recipients(storyId) {
      // story_ids is a JSON array of strings: the LIKE narrows, the parse decides.
      const rows = await db
        .selectFrom('thread_messages')
        .selectAll()
        .where('story_ids', 'like', `%${JSON.stringify(storyId)}%`)
        .orderBy('created_at')
        .execute();
      const first = new Map<
        string,
        { platform: Platform; channelId: string; threadId: string; messageId: string; at: string }
      >();
      for (const r of rows) {
        const key = `${r.platform}\u0000${r.channel_id}`;
        if (first.has(key) || !(JSON.parse(r.story_ids) as string[]).includes(storyId)) continue;
        first.set(key, {
          platform: r.platform as Platform,
          channelId: r.channel_id,
          threadId: r.thread_id,
          messageId: r.message_id,
          at: r.created_at,
        });
      }
      return [...first.values()];
    },

    async mark(platform, channelId, storyId) {
      const row = await db
        .selectFrom('story_update_marks')
        .selectAll()
        .where('platform', '=', platform)
        .where('channel_id', '=', channelId)
        .where('story_id', '=', storyId)
        .executeTakeFirst();
      return row ? { lastRevision: Number(row.last_revision), lastAt: row.last_at } : undefined;
    },

    async reserve(target, update, options) {
      const nowIso = new Date().toISOString();
      // The cooldown runs on the database's clock, as leases do: a host whose clock is hours off (or two hosts that
      // disagree) can neither shorten it into a second update nor lengthen it.
      const dbNow = dbTime(dialect);
      const cutoff = dbTime(dialect, -options.cooldownMs);
      return db.transaction().execute(async (trx) => {
        // The primary key (platform, channel, story) decides between instances; the WHERE keeps it once per cooldown.
        const moved = await trx
          .insertInto('story_update_marks')
          .values({
            platform: target.platform,
            channel_id: target.channelId,
            story_id: update.storyId,
            last_revision: update.revision,
            last_at: dbNow,
          })
          .onConflict((oc) =>
            oc
              .columns(['platform', 'channel_id', 'story_id'])
              .doUpdateSet((eb) => ({
                last_revision: eb.ref('excluded.last_revision'),
                last_at: eb.ref('excluded.last_at'),
              }))
              .where((eb) =>
                eb.and([
                  eb('story_update_marks.last_revision', '<', update.revision),
                  eb('story_update_marks.last_at', '<=', cutoff),
                ]),
              ),
          )
          .returning('story_id')
          .execute();
        if (moved.length === 0) return null;
        const token = randomUUID();
        const row = await trx
          .insertInto('deliveries')
          .values({
            id: target.deliveryId,
            subscription_id: null,
            platform: target.platform,
            channel_id: target.channelId,
            kind: 'update',
            slot_at: null,
            digest_id: updateKey(update),
            digest: JSON.stringify({
              id: updateKey(update),
              generatedAt: nowIso,
              languages: [update.language],
              items: [],
            }),
            story_ids: JSON.stringify([update.storyId]),
            status: 'pending',
            attempts: 0,
            error: null,
            message_refs: null,
            claimed_by: options.owner,
            claimed_until: dbTime(dialect, options.leaseMs),
            lease_token: token,
            payload: JSON.stringify(update),
            // By the database's clock too: the Slack history check of a lost update reads from it.
            created_at: dbNow,
            updated_at: nowIso,
            posted_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return { delivery: toDelivery(row), lease: { owner: options.owner, token } };
      });
    },
  };
}
