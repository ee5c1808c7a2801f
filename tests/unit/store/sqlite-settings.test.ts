import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { createStore } from '../../../src/store/create-store.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

it('opens SQLite in WAL mode, synchronous NORMAL, checkpointing at ~40 MB of WAL (not every 4 MB)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mnb-sqlite-settings-'));
  dirs.push(dir);
  const store = await createStore(`sqlite:${join(dir, 'bot.db')}`);
  try {
    const pragma = async (name: string) =>
      Object.values((await sql.raw(`PRAGMA ${name}`).execute(store.db)).rows[0] as object)[0];
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('synchronous')).toBe(1);
    expect(await pragma('wal_autocheckpoint')).toBe(10_000);
  } finally {
    await store.close();
  }
});
