import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type pg from 'pg';
import type { Store } from '../ports/store.js';
import { dbTime } from './db-clock.js';
import type { Database } from './schema.js';
import { StoreError } from './store-error.js';

const DEFAULT_LOCK_TIMEOUT_MS = 10 * 60_000;

/**
 * Named mutexes and leases. With PostgreSQL, `withLock` holds a session advisory lock on a connection of its own
 * pool (so waiting for a lock never starves the query pool); without it (SQLite), an in-process mutex.
 */
export function createLockRepo(db: Kysely<Database>, lock: { pool: pg.Pool } | { file: string }): Store['locks'] {
  const dialect = 'pool' in lock ? 'postgres' : 'sqlite';
  // `until` comes from this process's clock; only its distance from now is kept, and the database's clock
  // measures it, so clock skew between instances cannot stretch or shorten a lease.
  const expiry = (until: Date) => dbTime(dialect, Math.max(0, until.getTime() - Date.now()));
  const now = () => dbTime(dialect);
  return {
    withLock: 'pool' in lock ? advisoryLock(lock.pool) : inProcessLock(lock.file),

    async acquireLease(name, owner, until) {
      const token = randomUUID();
      // One statement: insert, or take over an expired lease (new token), or renew our own (same token).
      const row = await db
        .insertInto('locks')
        .values({ name, owner, expires_at: expiry(until), token })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet((eb) => ({
              owner,
              expires_at: eb.ref('excluded.expires_at'),
              token: sql<string>`case when locks.owner = ${owner} and locks.expires_at > ${now()} and locks.token is not null then locks.token else ${token} end`,
            }))
            .where((eb) => eb.or([eb('locks.expires_at', '<=', now()), eb('locks.owner', '=', owner)])),
        )
        .returning('token')
        .executeTakeFirst();
      return row ? (row.token ?? token) : null;
    },

    async renewLease(name, owner, token, until) {
      const result = await db
        .updateTable('locks')
        .set({ expires_at: expiry(until) })
        .where('name', '=', name)
        .where('owner', '=', owner)
        .where('token', '=', token)
        .where('expires_at', '>', now())
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async releaseLease(name, owner) {
      await db.deleteFrom('locks').where('name', '=', name).where('owner', '=', owner).execute();
    },

    async readLease(name) {
      const row = await db
        .selectFrom('locks')
        .select(['owner', 'expires_at', now().as('now')])
        .where('name', '=', name)
        .executeTakeFirst();
      // Both sides are ISO-8601 UTC strings of one format (db-clock.ts), so they compare as strings.
      return row ? { owner: row.owner, live: row.expires_at > row.now } : null;
    },
  };
}

function advisoryLock(pool: pg.Pool): Store['locks']['withLock'] {
  return async (name, fn, options = {}) => {
    const timeoutMs = Math.max(1, Math.round(options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS));
    const client = await pool.connect();
    let broken = false;
    // A session ended by the server while held (restart, terminate) must not crash the process.
    const onError = () => {
      broken = true;
    };
    client.on('error', onError);
    try {
      try {
        await client.query(`SET lock_timeout = ${timeoutMs}`);
        await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [name]);
      } catch (error) {
        if ((error as { code?: string }).code === '55P03') {
          throw new StoreError('LOCK_TIMEOUT', `lock "${name}" not obtained within ${timeoutMs} ms`, { cause: error });
        }
        broken = true;
        throw error;
      }
      try {
        return await fn();
      } finally {
        // If the unlock fails, dropping the connection ends the session, which releases the lock too.
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name]).catch(() => {
          broken = true;
        });
      }
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  };
}

// Shared by every store of this process, keyed by database file, so two stores on one file exclude each other too.
const tails = new Map<string, Promise<unknown>>();

function inProcessLock(file: string): Store['locks']['withLock'] {
  return async (name, fn) => {
    const key = `${file}\u0000${name}`;
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(() => fn());
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
