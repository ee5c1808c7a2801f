import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheStatements } from '../../../src/store/sqlite-statement-cache.js';

describe('cacheStatements', () => {
  const opened: Database.Database[] = [];
  afterEach(() => {
    for (const db of opened.splice(0)) if (db.open) db.close();
  });

  /** A real in-memory SQLite database that counts what it is asked to prepare. */
  function database() {
    const db = new Database(':memory:');
    opened.push(db);
    db.exec('create table t (id integer primary key, name text)');
    const prepared: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((text: string) => {
      prepared.push(text);
      return prepare(text);
    }) as typeof db.prepare;
    return { db, prepared };
  }

  it('gives Kysely the same statement for the same SQL, with each query its own parameters and results', async () => {
    const { db, prepared } = database();
    const kysely = new Kysely<{ t: { id: number; name: string } }>({
      dialect: new SqliteDialect({ database: cacheStatements(db) }),
    });
    for (let id = 1; id <= 5; id++)
      await kysely
        .insertInto('t')
        .values({ id, name: `n${id}` })
        .execute();
    const names: string[] = [];
    for (let id = 5; id >= 1; id--) {
      const row = await kysely.selectFrom('t').select('name').where('id', '=', id).executeTakeFirstOrThrow();
      names.push(row.name);
    }
    expect(names).toEqual(['n5', 'n4', 'n3', 'n2', 'n1']);
    // One insert and one select, each prepared once for five queries.
    expect(prepared).toHaveLength(2);
    // Transactions (begin, commit) and a failing query leave the kept statements usable.
    await expect(
      kysely.transaction().execute(async (trx) => {
        await trx.insertInto('t').values({ id: 6, name: 'n6' }).execute();
        await trx.insertInto('t').values({ id: 6, name: 'again' }).execute();
      }),
    ).rejects.toThrow(/UNIQUE/);
    const count = await sql<{ n: number }>`select count(*) as n from t`.execute(kysely);
    expect(count.rows[0]?.n).toBe(5);
    await kysely.destroy();
    expect(db.open).toBe(false);
  });

  it('keeps at most `size` statements, dropping the least recently used', () => {
    const { db, prepared } = database();
    const cached = cacheStatements(db, 2);
    cached.prepare('select 1');
    cached.prepare('select 2');
    cached.prepare('select 1'); // used again: now the most recent
    cached.prepare('select 3'); // drops "select 2"
    cached.prepare('select 1');
    cached.prepare('select 3');
    expect(prepared).toEqual(['select 1', 'select 2', 'select 3']);
    cached.prepare('select 2');
    expect(prepared).toEqual(['select 1', 'select 2', 'select 3', 'select 2']);
  });

  it('never hands out a statement that is still being iterated', () => {
    const { db, prepared } = database();
    db.exec("insert into t values (1, 'a'), (2, 'b')");
    const cached = cacheStatements(db);
    const text = 'select name from t order by id';
    const streaming = cached.prepare(text).iterate([]);
    expect(streaming.next().value).toEqual({ name: 'a' });
    // The kept statement is busy: this query gets its own, and both read correctly.
    expect(cached.prepare(text).all([])).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(streaming.next().value).toEqual({ name: 'b' });
    streaming.return?.();
    expect(prepared).toEqual([text, text]);
    // Once the stream is done, the kept statement is reused.
    expect(cached.prepare(text).all([])).toHaveLength(2);
    expect(prepared).toHaveLength(2);
  });
});
