import type { Kysely, Migration } from 'kysely';

/**
 * 011_first_success: when a source was first fetched successfully. An item with no date found in that first fetch
 * may be of any age (a feed's backlog), so a digest does not rank it as news of the hour it was first seen.
 */
export const firstSuccessMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('sources').addColumn('first_success_at', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('sources').dropColumn('first_success_at').execute();
  },
};
