import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct statements kept: an app's queries are a few dozen shapes (multi-row inserts one per chunk length). */
const MAX_STATEMENTS = 200;

/**
 * The SQLite database as Kysely sees it, preparing each distinct SQL text once: Kysely prepares on every query, and
 * preparing a 200-row INSERT costs about as much as running it. A statement still running (an iteration) is never
 * shared: that query gets a fresh one.
 */
export function reuseStatements(db: {
  prepare(sql: string): SqliteStatement & { busy: boolean };
  close(): unknown;
}): SqliteDatabase {
  const prepared = new Map<string, SqliteStatement & { busy: boolean }>();
  return {
    prepare(sql) {
      const known = prepared.get(sql);
      if (known && !known.busy) return known;
      const statement = db.prepare(sql);
      if (prepared.size >= MAX_STATEMENTS) prepared.clear();
      prepared.set(sql, statement);
      return statement;
    },
    close() {
      prepared.clear();
      db.close();
    },
  };
}
