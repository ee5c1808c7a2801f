import { CompiledQuery, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { Edition, Story } from '../domain/types.js';
import type { Store } from '../ports/store.js';
import { groupBy } from '../util/group-by.js';
import { fromEdition, storySortAt, toEdition } from './rows.js';
import type { RowWriter } from './sqlite-row-writer.js';
import { shareRecentStories } from './share-recent-stories.js';
import type { Database, StoriesTable } from './schema.js';

// SQLite allows 32,766 bound parameters; 500 keys per IN list keeps both dialects far from any limit.
const CHUNK = 500;

/** `rowWriter`: the dialect's own bulk insert (SQLite), used for rows that all have the same columns. */
export function createStoryRepo(db: Kysely<Database>, rowWriter?: RowWriter): Store['stories'] {
  const templates: InsertTemplates = new Map();
  async function withEditions(rows: StoriesTable[]): Promise<Story[]> {
    if (rows.length === 0) return [];
    const editions: Edition[] = [];
    for (const ids of chunks(rows.map((r) => r.id))) {
      const found = await db.selectFrom('editions').selectAll().where('story_id', 'in', ids).execute();
      editions.push(...found.map(toEdition));
    }
    const byStory = groupBy(editions, (e) => e.storyId);
    return rows.map((r) => {
      const eds = (byStory.get(r.id) ?? []).sort((a, b) =>
        a.id === r.primary_edition_id
          ? -1
          : b.id === r.primary_edition_id
            ? 1
            : a.firstSeenAt.localeCompare(b.firstSeenAt),
      );
      return {
        id: r.id,
        primaryEditionId: r.primary_edition_id,
        firstSeenAt: r.first_seen_at,
        updatedAt: r.updated_at,
        publishedAt: r.published_at,
        editions: eds,
      };
    });
  }

  // Scheduled digests of one slot read the same candidates once per channel: they share one copy of each.
  const sharedStories = shareRecentStories(withEditions);

  return {
    async findEditions({ urls, guids, hashes }) {
      const found = new Map<string, Edition>();
      for (const part of chunks(urls)) {
        for (const r of await db.selectFrom('editions').selectAll().where('url', 'in', part).execute())
          found.set(r.id, toEdition(r));
      }
      for (const part of chunks(hashes)) {
        for (const r of await db.selectFrom('editions').selectAll().where('content_hash', 'in', part).execute())
          found.set(r.id, toEdition(r));
      }
      for (const [sourceId, list] of groupBy(guids, (g) => g.sourceId)) {
        for (const part of chunks(list.map((g) => g.guid))) {
          const rows = await db
            .selectFrom('editions')
            .selectAll()
            .where('source_id', '=', sourceId)
            .where('guid', 'in', part)
            .execute();
          for (const r of rows) found.set(r.id, toEdition(r));
        }
      }
      return [...found.values()];
    },

    async editionsBetween(from, to) {
      const rows = await db
        .selectFrom('editions')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb.between('published_at', from, to),
            eb.and([eb('published_at', 'is', null), eb.between('first_seen_at', from, to)]),
          ]),
        )
        .execute();
      return rows.map(toEdition);
    },

    async recentHashes(sourceId, limit) {
      const rows = await db
        .selectFrom('editions')
        .select('content_hash')
        .where('source_id', '=', sourceId)
        .orderBy('first_seen_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => r.content_hash);
    },

    async write({ newStories, addedEditions, updatedEditions }) {
      await db.transaction().execute(async (trx) => {
        const storyRows = newStories.map((s) => ({
          id: s.id,
          primary_edition_id: s.primaryEditionId,
          first_seen_at: s.firstSeenAt,
          updated_at: s.updatedAt,
          published_at: s.publishedAt,
          sort_at: storySortAt(s),
        }));
        await insertRows(trx, { templates, rowWriter }, 'stories', storyRows);
        const editionRows = [...newStories.flatMap((s) => s.editions), ...addedEditions].map(fromEdition);
        await insertRows(trx, { templates, rowWriter }, 'editions', editionRows);
        for (const e of updatedEditions) {
          const { id, ...rest } = fromEdition(e);
          const before = await trx
            .selectFrom('editions')
            .select(['title', 'text', 'version'])
            .where('id', '=', id)
            .executeTakeFirst();
          await trx.updateTable('editions').set(rest).where('id', '=', id).execute();
          // Both versions kept: a delivered story whose figures or title changed gets a threaded update (SPEC 7.4).
          if (before && (before.title !== e.title || before.text !== e.text)) {
            await trx
              .insertInto('story_revisions')
              .values({
                story_id: e.storyId,
                edition_id: id,
                source_id: e.sourceId,
                version: e.version,
                old_title: before.title,
                old_text: before.text,
                new_title: e.title,
                new_text: e.text,
                revised_at: e.updatedAt,
              })
              .execute();
          }
        }
        const touched = new Map<string, string>();
        for (const e of [...addedEditions, ...updatedEditions]) touched.set(e.storyId, e.updatedAt);
        for (const [storyId, at] of touched)
          await trx.updateTable('stories').set({ updated_at: at }).where('id', '=', storyId).execute();
      });
    },

    async get(id) {
      const row = await db.selectFrom('stories').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? (await withEditions([row]))[0] : undefined;
    },

    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows: StoriesTable[] = [];
      for (const part of chunks(ids))
        rows.push(...(await db.selectFrom('stories').selectAll().where('id', 'in', part).execute()));
      const stories = await withEditions(rows);
      const order = new Map(ids.map((id, i) => [id, i]));
      return stories.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    },

    async findByUrl(url) {
      const edition = await db.selectFrom('editions').select('story_id').where('url', '=', url).executeTakeFirst();
      return edition ? this.get(edition.story_id) : undefined;
    },

    async latest({ since, limit }) {
      let q = db.selectFrom('stories').selectAll();
      if (since) q = q.where('sort_at', '>=', since);
      return withEditions(await q.orderBy('sort_at', 'desc').orderBy('id').limit(limit).execute());
    },

    async undelivered({ platform, channelId, since, limit }) {
      let q = db
        .selectFrom('stories')
        .selectAll()
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('delivered_stories')
                .select('story_id')
                .whereRef('delivered_stories.story_id', '=', 'stories.id')
                .where('delivered_stories.platform', '=', platform)
                .where('delivered_stories.channel_id', '=', channelId),
            ),
          ),
        );
      if (since) q = q.where('sort_at', '>=', since);
      return sharedStories(await q.orderBy('sort_at', 'desc').orderBy('id').limit(limit).execute());
    },

    async count() {
      const row = await db
        .selectFrom('stories')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

/** Rows per multi-row INSERT (13 columns: 2,600 parameters). */
const INSERT_CHUNK = 200;

/**
 * PostgreSQL: the SQL of multi-row INSERTs by table, chunk length and columns, kept by a store across writes (every
 * source's write would otherwise build and compile the same 200-row statement again). At most TEMPLATES entries (the
 * SQL text only, a few KB each).
 */
type InsertTemplates = Map<string, string>;
const TEMPLATES = 32;

/**
 * Multi-row inserts of rows that all have the same columns: Kysely builds and compiles the statement once per chunk
 * length, later chunks of that length reuse its SQL with their own parameters (building a 2,600-value insert costs
 * about as much as SQLite running it). The SQL is reused only when Kysely's parameters for the first chunk are exactly
 * the row values in column order; anything else (a missing or undefined value) goes through Kysely as usual.
 */
async function insertRows<T extends 'stories' | 'editions'>(
  trx: Transaction<Database>,
  { templates, rowWriter }: { templates: InsertTemplates; rowWriter: RowWriter | undefined },
  table: T,
  rows: Array<Insertable<Database[T]>>,
): Promise<void> {
  if (rowWriter && rows.length > 0 && uniformRows(rows)) {
    rowWriter(table, Object.keys(rows[0] as object), rows as Array<Record<string, unknown>>);
    return;
  }
  for (const part of chunks(rows, INSERT_CHUNK)) {
    const columns = Object.keys(part[0] ?? {});
    const values = (row: Insertable<Database[T]>) => columns.map((c) => (row as Record<string, unknown>)[c]);
    const parameters = part.flatMap(values);
    const uniform = uniformRows(part);
    const key = `${table}:${part.length}:${columns.join(',')}`;
    const template = uniform ? templates.get(key) : undefined;
    if (template) {
      await trx.executeQuery(CompiledQuery.raw(template, parameters));
      continue;
    }
    const compiled = trx
      .insertInto(table)
      .values(part as never)
      .compile();
    if (
      uniform &&
      compiled.parameters.length === parameters.length &&
      compiled.parameters.every((p, i) => p === parameters[i])
    ) {
      if (templates.size >= TEMPLATES) templates.delete(templates.keys().next().value as string);
      templates.set(key, compiled.sql);
    }
    await trx.executeQuery(compiled);
  }
}

/** Every row has the first row's columns, in its order, and no undefined value (which Kysely would leave out). */
function uniformRows(rows: ReadonlyArray<Record<string, unknown>>): boolean {
  const columns = Object.keys(rows[0] ?? {});
  return rows.every((row) => {
    const keys = Object.keys(row);
    return keys.length === columns.length && keys.every((k, i) => k === columns[i] && row[k] !== undefined);
  });
}

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
