import type { Kysely, Migration } from 'kysely';

/**
 * 009_speed (issue 16): marking a delivery posted or cancelled finds its reserved stories by delivery id; without an
 * index that is a scan of every channel's delivered stories, once per delivery (quadratic with 1,000 channels on one slot).
 */
export const speedMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex('delivered_stories_delivery').on('delivered_stories').column('delivery_id').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('delivered_stories_delivery').execute();
  },
};
