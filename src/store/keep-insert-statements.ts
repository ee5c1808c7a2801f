import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase } from 'kysely';

/** Shorter SQL is cheap to prepare; the multi-row INSERTs of an ingest (200 rows, 2,600 parameters) are not. */
const LONG_SQL = 2_000;
const KEPT = 8;

/**
 * The database as Kysely's SQLite dialect sees it, with the few long multi-row INSERT statements kept prepared: Kysely
 * prepares every query again, and preparing a 2,600-parameter INSERT costs about as much as running it. Only long
 * INSERTs are kept (at most KEPT, the least recently used dropped): a cache of every statement held ~70 MB more heap
 * with 1,000 channels (#16). INSERTs are never streamed, so a kept statement is never busy when it is reused.
 */
export function keepInsertStatements(db: SqliteDatabase): KyselySqliteDatabase {
  const kept = new Map<string, Statement>();
  return {
    close: () => db.close(),
    prepare(sql) {
      if (sql.length < LONG_SQL || !/^insert into /i.test(sql)) return db.prepare(sql);
      let statement = kept.get(sql);
      if (statement) kept.delete(sql);
      else statement = db.prepare(sql);
      kept.set(sql, statement);
      if (kept.size > KEPT) kept.delete(kept.keys().next().value as string);
      return statement;
    },
  };
}
