import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteRowWriter } from '../../../src/store/sqlite-row-writer.js';

describe('sqliteRowWriter', () => {
  const opened: Database.Database[] = [];
  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
  });

  /** A real in-memory SQLite database that counts what it is asked to prepare. */
  function database() {
    const db = new Database(':memory:');
    opened.push(db);
    db.exec('create table "order" ("select" integer primary key, "b" text, "c" real)');
    const prepared: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => {
      prepared.push(sql);
      return prepare(sql);
    }) as typeof db.prepare;
    return { db, prepared };
  }

  it('writes each row by column name, whatever the key order of its object, with quoted names', () => {
    const { db } = database();
    const write = sqliteRowWriter(db);
    write(
      'order',
      ['select', 'b', 'c'],
      [
        { select: 1, b: 'x', c: 0.5 },
        { c: null, b: null, select: 2 },
      ],
    );
    expect(db.prepare('select * from "order" order by "select"').all()).toEqual([
      { select: 1, b: 'x', c: 0.5 },
      { select: 2, b: null, c: null },
    ]);
  });

  it('prepares one statement per table and column list, not one per write', () => {
    const { db, prepared } = database();
    const write = sqliteRowWriter(db);
    for (let i = 0; i < 5; i++) write('order', ['select', 'b'], [{ select: i, b: `v${i}` }]);
    write('order', ['select'], [{ select: 99 }]);
    expect(prepared).toHaveLength(2);
    expect(db.prepare('select count(*) as n from "order"').get()).toEqual({ n: 6 });
  });

  it('writes inside the transaction its caller holds: a rollback takes its rows back', () => {
    const { db } = database();
    const write = sqliteRowWriter(db);
    db.exec('begin');
    write('order', ['select', 'b'], [{ select: 1, b: 'x' }]);
    db.exec('rollback');
    expect(db.prepare('select count(*) as n from "order"').get()).toEqual({ n: 0 });
    expect(() =>
      write(
        'order',
        ['select', 'b'],
        [
          { select: 1, b: 'x' },
          { select: 1, b: 'y' },
        ],
      ),
    ).toThrow(/UNIQUE/);
  });
});
