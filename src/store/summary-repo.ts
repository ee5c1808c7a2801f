import type { Kysely } from 'kysely';
import type { Store } from '../ports/store.js';
import { toSummary } from './rows.js';
import type { Database } from './schema.js';

export function createSummaryRepo(db: Kysely<Database>): Store['summaries'] {
  return {
    async get(cacheKey) {
      const row = await db.selectFrom('summaries').selectAll().where('cache_key', '=', cacheKey).executeTakeFirst();
      return row ? toSummary(row) : undefined;
    },
    async save(s) {
      // Another instance may have summarised the same story at the same moment: first write wins.
      await db
        .insertInto('summaries')
        .values({
          cache_key: s.cacheKey,
          story_id: s.storyId,
          languages: s.languages.join(','),
          prompt_version: s.promptVersion,
          model: s.model,
          mode: s.mode,
          payload: JSON.stringify({ text: s.text }),
          warnings: JSON.stringify(s.warnings),
          prompt_tokens: s.promptTokens,
          completion_tokens: s.completionTokens,
          created_at: new Date().toISOString(),
        })
        .onConflict((oc) => oc.column('cache_key').doNothing())
        .execute();
    },
  };
}

export function createLlmCallRepo(db: Kysely<Database>): Store['llmCalls'] {
  return {
    async record(call) {
      await db
        .insertInto('llm_calls')
        .values({
          at: new Date().toISOString(),
          purpose: call.purpose,
          model: call.model,
          story_id: call.storyId,
          prompt_tokens: call.promptTokens,
          completion_tokens: call.completionTokens,
          ok: call.ok ? 1 : 0,
        })
        .execute();
    },
    async usageSince(since) {
      const row = await db
        .selectFrom('llm_calls')
        .select((eb) => [
          eb.fn.countAll().as('calls'),
          eb.fn.coalesce(eb.fn.sum('prompt_tokens'), eb.lit(0)).as('prompt'),
          eb.fn.coalesce(eb.fn.sum('completion_tokens'), eb.lit(0)).as('completion'),
        ])
        .where('at', '>=', since)
        .executeTakeFirstOrThrow();
      return { calls: Number(row.calls), promptTokens: Number(row.prompt), completionTokens: Number(row.completion) };
    },
  };
}
