import type { Kysely } from 'kysely';
import type { PruneReport, Store } from '../ports/store.js';
import { ledgerKeys } from './ledger-key.js';
import type { Database } from './schema.js';

// Stories per transaction: keeps each transaction (and the memory for its ledger keys) small.
const BATCH = 500;

/**
 * Deletes what is older than `before` (STORE_RETENTION_DAYS). A pruned story's dedupe keys go to the ledger in the
 * same transaction as its deletion, so no moment exists where re-ingesting its feed item would create it again.
 */
export function createRetentionRepo(db: Kysely<Database>): Store['retention'] {
  return {
    async prune({ before, now }) {
      const report: PruneReport = {
        stories: 0,
        editions: 0,
        summaries: 0,
        deliveredStories: 0,
        deliveries: 0,
        threadMessages: 0,
        qaTurns: 0,
        processedEvents: 0,
        llmCalls: 0,
        tokenDays: 0,
        ledgerAdded: 0,
        ledgerExpired: 0,
        revisions: 0,
        questionTranslations: 0,
      };
      for (;;) {
        const ids = (
          await db.selectFrom('stories').select('id').where('updated_at', '<', before).limit(BATCH).execute()
        ).map((r) => r.id);
        if (ids.length === 0) break;
        await db.transaction().execute(async (trx) => {
          const editions = await trx
            .selectFrom('editions')
            .select(['url', 'guid', 'source_id', 'content_hash'])
            .where('story_id', 'in', ids)
            .execute();
          const keys = [
            ...new Set(
              editions.flatMap((e) =>
                ledgerKeys({ url: e.url, guid: e.guid, sourceId: e.source_id, contentHash: e.content_hash }),
              ),
            ),
          ];
          for (let i = 0; i < keys.length; i += BATCH) {
            await trx
              .insertInto('dedupe_ledger')
              .values(keys.slice(i, i + BATCH).map((key) => ({ key, seen_at: now })))
              .onConflict((oc) => oc.column('key').doUpdateSet({ seen_at: now }))
              .execute();
          }
          report.ledgerAdded += keys.length;
          report.editions += count(await trx.deleteFrom('editions').where('story_id', 'in', ids).executeTakeFirst());
          report.summaries += count(await trx.deleteFrom('summaries').where('story_id', 'in', ids).executeTakeFirst());
          // A pruned story can never be selected again (the ledger keeps it out), so its per-channel marks go too.
          report.deliveredStories += count(
            await trx.deleteFrom('delivered_stories').where('story_id', 'in', ids).executeTakeFirst(),
          );
          report.revisions += count(
            await trx.deleteFrom('story_revisions').where('story_id', 'in', ids).executeTakeFirst(),
          );
          await trx.deleteFrom('story_update_marks').where('story_id', 'in', ids).execute();
          report.stories += count(await trx.deleteFrom('stories').where('id', 'in', ids).executeTakeFirst());
        });
      }
      report.summaries += count(await db.deleteFrom('summaries').where('created_at', '<', before).executeTakeFirst());
      // Pending deliveries are the outbox's unfinished work: never pruned, whatever their age.
      report.deliveries += count(
        await db
          .deleteFrom('deliveries')
          .where('status', '!=', 'pending')
          .where((eb) => eb(eb.fn.coalesce('posted_at', 'updated_at'), '<', before))
          .executeTakeFirst(),
      );
      // Part records belong to unfinished deliveries only: those of deleted deliveries go with them.
      await db
        .deleteFrom('delivery_parts')
        .where('delivery_id', 'not in', db.selectFrom('deliveries').select('id'))
        .execute();
      report.revisions += count(
        await db.deleteFrom('story_revisions').where('revised_at', '<', before).executeTakeFirst(),
      );
      await db.deleteFrom('story_update_marks').where('last_at', '<', before).execute();
      report.questionTranslations += count(
        await db.deleteFrom('question_translations').where('created_at', '<', before).executeTakeFirst(),
      );
      report.threadMessages += count(
        await db.deleteFrom('thread_messages').where('created_at', '<', before).executeTakeFirst(),
      );
      report.qaTurns += count(await db.deleteFrom('qa_turns').where('created_at', '<', before).executeTakeFirst());
      report.processedEvents += count(
        await db.deleteFrom('processed_events').where('created_at', '<', before).executeTakeFirst(),
      );
      report.llmCalls += count(await db.deleteFrom('llm_calls').where('at', '<', before).executeTakeFirst());
      report.tokenDays += count(
        await db.deleteFrom('llm_token_days').where('day', '<', before.slice(0, 10)).executeTakeFirst(),
      );
      // A ledger key lives a retention period after its story's pruning, or after a feed last carried the item.
      report.ledgerExpired += count(
        await db.deleteFrom('dedupe_ledger').where('seen_at', '<', before).executeTakeFirst(),
      );
      await db.deleteFrom('locks').where('name', 'like', 'retention:%').where('expires_at', '<', now).execute();
      return report;
    },
  };
}

function count(result: { numDeletedRows: bigint } | undefined): number {
  return Number(result?.numDeletedRows ?? 0n);
}
