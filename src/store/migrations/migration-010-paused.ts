import type { Kysely, Migration } from 'kysely';

/**
 * 010_paused: a subscription is paused, its settings kept, while the bot is out of its channel (removed, app
 * uninstalled, or a post refused because it is not there), so that no slot makes a delivery that can only fail.
 */
export const pausedMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('subscriptions').addColumn('paused_at', 'text').execute();
    await db.schema.alterTable('subscriptions').addColumn('paused_reason', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('subscriptions').dropColumn('paused_reason').execute();
    await db.schema.alterTable('subscriptions').dropColumn('paused_at').execute();
  },
};
