import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely';
import { pausedMigration } from './migration-010-paused.js';
import { firstSuccessMigration } from './migration-011-first-success.js';
import { speedMigration } from './migration-009-speed.js';

export type Dialect = 'sqlite' | 'postgres';

/** Versioned migrations, applied in order by Kysely's Migrator; the same tables on SQLite and PostgreSQL. */
export function buildMigrations(dialect: Dialect): Record<string, Migration> {
  // The only dialect difference: how an auto-increment key is spelled.
  const serialType = dialect === 'postgres' ? 'serial' : 'integer';
  const serialKey = (c: ColumnDefinitionBuilder) =>
    dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement();
  return {
    // Kysely applies migrations in name order, wherever they stand here.
    '009_speed': speedMigration,
    '010_paused': pausedMigration,
    '011_first_success': firstSuccessMigration,
    '001_initial': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('sources')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('url', 'text', (c) => c.notNull())
          .addColumn('etag', 'text')
          .addColumn('last_modified', 'text')
          .addColumn('last_fetch_at', 'text')
          .addColumn('last_success_at', 'text')
          .addColumn('last_status', 'text')
          .addColumn('last_error', 'text')
          .addColumn('items_new', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('items_duplicate', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('items_updated', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();

        await db.schema
          .createTable('stories')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('primary_edition_id', 'text', (c) => c.notNull())
          .addColumn('first_seen_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('published_at', 'text')
          .addColumn('sort_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('stories_sort_at').on('stories').column('sort_at').execute();

        await db.schema
          .createTable('editions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('story_id', 'text', (c) => c.notNull())
          .addColumn('source_id', 'text', (c) => c.notNull())
          .addColumn('url', 'text')
          .addColumn('guid', 'text')
          .addColumn('language', 'text', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('published_at', 'text')
          .addColumn('content_hash', 'text', (c) => c.notNull())
          .addColumn('first_seen_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
          .execute();
        await db.schema.createIndex('editions_story').on('editions').column('story_id').execute();
        await db.schema.createIndex('editions_url').on('editions').column('url').execute();
        await db.schema.createIndex('editions_guid').on('editions').columns(['source_id', 'guid']).execute();
        await db.schema.createIndex('editions_hash').on('editions').column('content_hash').execute();
        await db.schema.createIndex('editions_published').on('editions').column('published_at').execute();

        await db.schema
          .createTable('summaries')
          .addColumn('cache_key', 'text', (c) => c.primaryKey())
          .addColumn('story_id', 'text', (c) => c.notNull())
          .addColumn('languages', 'text', (c) => c.notNull())
          .addColumn('prompt_version', 'text', (c) => c.notNull())
          .addColumn('model', 'text', (c) => c.notNull())
          .addColumn('mode', 'text', (c) => c.notNull())
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('warnings', 'text', (c) => c.notNull())
          .addColumn('prompt_tokens', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('completion_tokens', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('channels')
          .addColumn('platform', 'text', (c) => c.notNull())
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('conversation_ref', 'text')
          .addColumn('languages', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('channels_pk', ['platform', 'channel_id'])
          .execute();

        await db.schema
          .createTable('subscriptions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('platform', 'text', (c) => c.notNull())
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('conversation_ref', 'text')
          .addColumn('cron', 'text', (c) => c.notNull())
          .addColumn('timezone', 'text', (c) => c.notNull())
          .addColumn('languages', 'text', (c) => c.notNull())
          .addColumn('filter', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('last_slot_at', 'text')
          .addUniqueConstraint('subscriptions_channel', ['platform', 'channel_id'])
          .execute();

        await db.schema
          .createTable('deliveries')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('subscription_id', 'text')
          .addColumn('platform', 'text', (c) => c.notNull())
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('slot_at', 'text')
          .addColumn('digest_id', 'text', (c) => c.notNull())
          .addColumn('digest', 'text', (c) => c.notNull())
          .addColumn('story_ids', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('error', 'text')
          .addColumn('message_refs', 'text')
          .addColumn('claimed_by', 'text')
          .addColumn('claimed_until', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('posted_at', 'text')
          .addUniqueConstraint('deliveries_slot', ['subscription_id', 'slot_at'])
          .execute();
        await db.schema
          .createIndex('deliveries_channel')
          .on('deliveries')
          .columns(['platform', 'channel_id', 'created_at'])
          .execute();
        await db.schema.createIndex('deliveries_status').on('deliveries').column('status').execute();

        await db.schema
          .createTable('delivered_stories')
          .addColumn('platform', 'text', (c) => c.notNull())
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('story_id', 'text', (c) => c.notNull())
          .addColumn('delivery_id', 'text', (c) => c.notNull())
          .addColumn('delivered_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('delivered_stories_pk', ['platform', 'channel_id', 'story_id'])
          .execute();

        await db.schema
          .createTable('thread_messages')
          .addColumn('platform', 'text', (c) => c.notNull())
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('thread_id', 'text', (c) => c.notNull())
          .addColumn('message_id', 'text', (c) => c.notNull())
          .addColumn('digest_id', 'text', (c) => c.notNull())
          .addColumn('story_ids', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('thread_messages_pk', ['platform', 'channel_id', 'message_id'])
          .execute();
        await db.schema
          .createIndex('thread_messages_thread')
          .on('thread_messages')
          .columns(['platform', 'channel_id', 'thread_id'])
          .execute();

        await db.schema
          .createTable('qa_turns')
          .addColumn('id', serialType, serialKey)
          .addColumn('platform', 'text', (c) => c.notNull())
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('thread_id', 'text', (c) => c.notNull())
          .addColumn('question', 'text', (c) => c.notNull())
          .addColumn('answer', 'text', (c) => c.notNull())
          .addColumn('language', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('qa_turns_thread')
          .on('qa_turns')
          .columns(['platform', 'channel_id', 'thread_id'])
          .execute();

        await db.schema
          .createTable('processed_events')
          .addColumn('platform', 'text', (c) => c.notNull())
          .addColumn('event_id', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('processed_events_pk', ['platform', 'event_id'])
          .execute();

        await db.schema
          .createTable('llm_calls')
          .addColumn('id', serialType, serialKey)
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('purpose', 'text', (c) => c.notNull())
          .addColumn('model', 'text', (c) => c.notNull())
          .addColumn('story_id', 'text')
          .addColumn('prompt_tokens', 'integer', (c) => c.notNull())
          .addColumn('completion_tokens', 'integer', (c) => c.notNull())
          .addColumn('ok', 'integer', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('llm_calls_at').on('llm_calls').column('at').execute();

        await db.schema
          .createTable('locks')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('owner', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '002_fenced_outbox': {
      // Fenced leases (a token per acquisition), durable part records, and threaded story updates (SPEC 7.4).
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('deliveries').addColumn('lease_token', 'text').execute();
        await db.schema.alterTable('deliveries').addColumn('payload', 'text').execute();
        await db.schema.alterTable('locks').addColumn('token', 'text').execute();
        await db.schema
          .alterTable('channels')
          .addColumn('updates_enabled', 'integer', (c) => c.notNull().defaultTo(1))
          .execute();
        await db.schema
          .createTable('delivery_parts')
          .addColumn('delivery_id', 'text', (c) => c.notNull())
          .addColumn('part_index', 'integer', (c) => c.notNull())
          .addColumn('message_id', 'text', (c) => c.notNull())
          .addColumn('thread_id', 'text', (c) => c.notNull())
          .addColumn('story_ids', 'text', (c) => c.notNull())
          .addColumn('posted_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('delivery_parts_pk', ['delivery_id', 'part_index'])
          .execute();
        await db.schema
          .createTable('story_revisions')
          .addColumn('id', serialType, serialKey)
          .addColumn('story_id', 'text', (c) => c.notNull())
          .addColumn('edition_id', 'text', (c) => c.notNull())
          .addColumn('source_id', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('old_title', 'text', (c) => c.notNull())
          .addColumn('old_text', 'text', (c) => c.notNull())
          .addColumn('new_title', 'text', (c) => c.notNull())
          .addColumn('new_text', 'text', (c) => c.notNull())
          .addColumn('revised_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('story_revisions_at').on('story_revisions').column('revised_at').execute();
        await db.schema
          .createTable('story_update_marks')
          .addColumn('platform', 'text', (c) => c.notNull())
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('story_id', 'text', (c) => c.notNull())
          .addColumn('last_revision', 'integer', (c) => c.notNull())
          .addColumn('last_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('story_update_marks_pk', ['platform', 'channel_id', 'story_id'])
          .execute();
      },
    },
    // Issue 12: a question translated for retrieval is asked once per (question, language, model, prompt).
    '007_crosslang': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('question_translations')
          .addColumn('cache_key', 'text', (c) => c.primaryKey())
          .addColumn('source_language', 'text', (c) => c.notNull())
          .addColumn('target_language', 'text', (c) => c.notNull())
          .addColumn('model', 'text', (c) => c.notNull())
          .addColumn('translation', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('question_translations').execute();
      },
    },
    // #15 cost control and retention: the day's LLM tokens (shared by instances) and the dedupe ledger of pruned stories.
    '003_budget_retention': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('llm_token_days')
          .addColumn('day', 'text', (c) => c.primaryKey())
          .addColumn('tokens', 'bigint', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .createTable('dedupe_ledger')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('seen_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('dedupe_ledger_seen').on('dedupe_ledger').column('seen_at').execute();
        // Retention deletes by age: these columns had no index.
        await db.schema.createIndex('stories_updated').on('stories').column('updated_at').execute();
        await db.schema.createIndex('summaries_story').on('summaries').column('story_id').execute();
        await db.schema.createIndex('qa_turns_created').on('qa_turns').column('created_at').execute();
        await db.schema.createIndex('thread_messages_created').on('thread_messages').column('created_at').execute();
        await db.schema.createIndex('processed_events_created').on('processed_events').column('created_at').execute();
        await db.schema.createIndex('delivered_stories_story').on('delivered_stories').column('story_id').execute();
      },
    },
    '005_chat_native': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('channel_mutes')
          .addColumn('platform', 'text', (c) => c.notNull())
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('source_id', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('channel_mutes_pk', ['platform', 'channel_id', 'source_id'])
          .execute();
      },
    },
    // Issue 13: `lang xx,yy only` per subscription and per channel (the source names were already on the source row).
    '004_source_names': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('subscriptions')
          .addColumn('languages_only', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .alterTable('channels')
          .addColumn('languages_only', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
  };
}
