import type { Kysely } from 'kysely';
import type { Store } from '../ports/store.js';
import type { Database } from './schema.js';

export function createTranslationRepo(db: Kysely<Database>): Store['translations'] {
  return {
    async get(cacheKey) {
      const row = await db
        .selectFrom('question_translations')
        .select('translation')
        .where('cache_key', '=', cacheKey)
        .executeTakeFirst();
      return row?.translation;
    },
    async save(entry) {
      // Two instances may translate the same question at once: first write wins.
      await db
        .insertInto('question_translations')
        .values({
          cache_key: entry.cacheKey,
          source_language: entry.sourceLanguage,
          target_language: entry.targetLanguage,
          model: entry.model,
          translation: entry.translation,
          created_at: new Date().toISOString(),
        })
        .onConflict((oc) => oc.column('cache_key').doNothing())
        .execute();
    },
  };
}
