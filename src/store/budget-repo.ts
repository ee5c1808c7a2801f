import type { Kysely } from 'kysely';
import type { Store } from '../ports/store.js';
import type { Database } from './schema.js';

/** LLM tokens per UTC day, one row per day, added in one statement so that instances sharing the store never lose a count. */
export function createBudgetRepo(db: Kysely<Database>): Store['llmBudget'] {
  return {
    async add(day, tokens) {
      if (!(tokens > 0)) return;
      await db
        .insertInto('llm_token_days')
        .values({ day, tokens })
        .onConflict((oc) =>
          oc
            .column('day')
            .doUpdateSet((eb) => ({ tokens: eb('llm_token_days.tokens', '+', eb.ref('excluded.tokens')) })),
        )
        .execute();
    },
    async used(day) {
      const row = await db.selectFrom('llm_token_days').select('tokens').where('day', '=', day).executeTakeFirst();
      return Number(row?.tokens ?? 0);
    },
  };
}
