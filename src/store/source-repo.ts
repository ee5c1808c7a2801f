import type { Kysely } from 'kysely';
import type { Store } from '../ports/store.js';
import { fromSourceState, toSourceState } from './rows.js';
import type { Database } from './schema.js';

export function createSourceRepo(db: Kysely<Database>): Store['sources'] {
  return {
    async get(id) {
      const row = await db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toSourceState(row) : undefined;
    },
    async list() {
      return (await db.selectFrom('sources').selectAll().orderBy('id').execute()).map(toSourceState);
    },
    async save(state) {
      const row = fromSourceState(state);
      await db
        .insertInto('sources')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(row))
        .execute();
    },
  };
}
