import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { keepInsertStatements } from '../../../src/store/keep-insert-statements.js';

/** A real in-memory SQLite database that counts what it is asked to prepare. */
function countingDatabase() {
  const db = new Database(':memory:');
  db.exec('create table t (a integer, b text)');
  const prepared: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    prepared.push(sql);
    return prepare(sql);
  }) as typeof db.prepare;
  return { db, prepared };
}

/** A multi-row INSERT of `rows` rows (from 250 rows on, long enough to be kept). */
const insert = (rows: number, table = 't') =>
  `insert into ${table} (a, b) values ${Array.from({ length: rows }, () => '(?, ?)').join(', ')}`;
const params = (rows: number, from = 0) => Array.from({ length: rows }, (_, i) => [from + i, `v${from + i}`]).flat();

describe('keepInsertStatements', () => {
  const opened: Database.Database[] = [];
  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
  });

  it('prepares a long multi-row INSERT once and runs it again with new values', () => {
    const { db, prepared } = countingDatabase();
    opened.push(db);
    const kept = keepInsertStatements(db);
    for (let round = 0; round < 3; round++) kept.prepare(insert(300)).run(params(300, round * 300));
    expect(prepared.filter((sql) => sql === insert(300))).toHaveLength(1);
    expect(db.prepare('select count(*) as n, count(distinct a) as d from t').get()).toEqual({ n: 900, d: 900 });
  });

  it('never keeps short SQL or anything but an INSERT (a SELECT may be streamed, and would be busy)', () => {
    const { db, prepared } = countingDatabase();
    opened.push(db);
    const kept = keepInsertStatements(db);
    const longSelect = `select * from t where a in (${Array.from({ length: 800 }, () => '?').join(', ')})`;
    expect(longSelect.length).toBeGreaterThan(2000);
    for (let i = 0; i < 2; i++) {
      kept.prepare('insert into t (a, b) values (?, ?)').run([i, 'x']);
      kept.prepare(longSelect).all(params(400));
    }
    expect(prepared).toHaveLength(4);
  });

  it('keeps at most 8, dropping the least recently used', () => {
    const { db, prepared } = countingDatabase();
    opened.push(db);
    const kept = keepInsertStatements(db);
    for (let rows = 300; rows < 309; rows++) kept.prepare(insert(rows)).run(params(rows));
    expect(prepared).toHaveLength(9);
    kept.prepare(insert(308)).run(params(308)); // still kept
    expect(prepared).toHaveLength(9);
    kept.prepare(insert(300)).run(params(300)); // the oldest: dropped when the ninth came, prepared again
    expect(prepared).toHaveLength(10);
  });
});
