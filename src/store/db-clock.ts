import { type RawBuilder, sql } from 'kysely';
import type { Dialect } from './migrations/migrations.js';

/**
 * The database's clock as an ISO-8601 UTC string (same format as Date.toISOString), `ms` milliseconds from now.
 * Leases compare and expire by this clock, so a paused process or a skewed host clock cannot extend its lease.
 * PostgreSQL: now() of the server. SQLite: the embedding process's clock read through SQLite ('now'), which is
 * the only clock there is for a single-process database.
 */
export function dbTime(dialect: Dialect, ms = 0): RawBuilder<string> {
  const offset = Math.round(ms);
  if (dialect === 'postgres') {
    return sql<string>`to_char((now() + ${offset}::double precision * interval '1 millisecond') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  }
  return sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${`${offset >= 0 ? '+' : ''}${offset / 1000} seconds`})`;
}
