import { mkdirSync, type Stats, statSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import type pg from 'pg';
import {
  Kysely,
  type Dialect as KyselyDialect,
  type MigrationProvider,
  Migrator,
  PostgresDialect,
  SqliteDialect,
} from 'kysely';
import type { Store } from '../ports/store.js';
import { createBudgetRepo } from './budget-repo.js';
import { createDeliveryRepo } from './delivery-repo.js';
import { createLedgerRepo } from './ledger-repo.js';
import { createLockRepo } from './lock-repo.js';
import { createMuteRepo } from './mute-repo.js';
import { buildMigrations, type Dialect } from './migrations/migrations.js';
import { createRetentionRepo } from './retention-repo.js';
import type { Database } from './schema.js';
import { createSourceRepo } from './source-repo.js';
import { cacheStatements } from './sqlite-statement-cache.js';
import { type RowWriter, sqliteRowWriter } from './sqlite-row-writer.js';
import { createStoryRepo } from './story-repo.js';
import { createChannelRepo, createSubscriptionRepo } from './subscription-repo.js';
import { createLlmCallRepo, createSummaryRepo } from './summary-repo.js';
import { createTranslationRepo } from './translation-repo.js';
import { maskUrlPassword } from '../util/mask-url-password.js';
import { StoreError } from './store-error.js';
import { createEventRepo, createThreadRepo } from './thread-repo.js';
import { createUpdateRepo } from './update-repo.js';

export { StoreError };

/** Opens the store named by DATABASE_URL (`sqlite:PATH` or `postgres://...`) and applies pending migrations. */
export async function createStore(databaseUrl: string): Promise<Store & { db: Kysely<Database> }> {
  const { dialect, kyselyDialect, lockPool, file, rowWriter } = await openDialect(databaseUrl);
  const db = new Kysely<Database>({ dialect: kyselyDialect });
  const opened = file && !file.startsWith(':memory:') ? statSync(file, { throwIfNoEntry: false }) : undefined;
  try {
    await migrate(db, dialect);
  } catch (cause) {
    await db.destroy().catch(() => undefined);
    await lockPool?.end().catch(() => undefined);
    throw new StoreError(
      openFailureCode(cause),
      `cannot open the database ${maskUrlPassword(databaseUrl)}: ${(cause as Error).message}`,
      { cause },
    );
  }
  const deliveries = createDeliveryRepo(db, dialect);
  return {
    dialect,
    db,
    async ping() {
      if (file && opened) checkSameFile(file, opened);
      await db.selectFrom('locks').select('name').limit(1).execute();
    },
    async close() {
      await db.destroy();
      await lockPool?.end();
    },
    sources: createSourceRepo(db),
    stories: createStoryRepo(db, rowWriter),
    summaries: createSummaryRepo(db),
    translations: createTranslationRepo(db),
    llmCalls: createLlmCallRepo(db),
    llmBudget: createBudgetRepo(db),
    retention: createRetentionRepo(db),
    ledger: createLedgerRepo(db),
    channels: createChannelRepo(db),
    subscriptions: createSubscriptionRepo(db),
    deliveries: deliveries.outbox,
    deliveryLog: deliveries.log,
    threads: createThreadRepo(db),
    updates: createUpdateRepo(db, dialect),
    events: createEventRepo(db),
    mutes: createMuteRepo(db),
    locks: createLockRepo(db, lockPool ? { pool: lockPool } : { file: file ?? ':memory:' }),
  };
}

interface OpenedDialect {
  dialect: Dialect;
  kyselyDialect: KyselyDialect;
  /** PostgreSQL only: connections that hold advisory locks, apart from the query pool. */
  lockPool: pg.Pool | null;
  /** SQLite only: the database file (in-process locks are per file). */
  file?: string;
  /** SQLite only: bulk inserts as prepared single-row INSERTs on Kysely's connection (see sqlite-row-writer.ts). */
  rowWriter?: RowWriter;
}

async function openDialect(databaseUrl: string): Promise<OpenedDialect> {
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.slice('sqlite:'.length);
    const { default: SQLite } = await import('better-sqlite3');
    let sqlite: InstanceType<typeof SQLite>;
    try {
      // Inside the try: a parent that is a file or not writable is the same clear StoreError as a bad database.
      if (path !== ':memory:') makeParentDirectories(dirname(resolve(path)));
      sqlite = new SQLite(path, { timeout: 5000 });
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
      // Checkpoint when the WAL reaches ~40 MB, not SQLite's 4 MB: an ingest's index pages, written again by every
      // source's transaction, are then copied into the database once per checkpoint rather than ten times as often
      // (measured: the writes of a 20,000-item ingest, final checkpoint included, 0.83-0.92 s -> 0.64-0.71 s).
      sqlite.pragma('wal_autocheckpoint = 10000');
      sqlite.pragma('foreign_keys = ON');
    } catch (cause) {
      throw new StoreError(openFailureCode(cause), `cannot open SQLite database ${path}: ${(cause as Error).message}`, {
        cause,
      });
    }
    // ':memory:' databases are private to their connection: give each its own lock namespace.
    const file = path === ':memory:' ? `:memory:${randomUUID()}` : resolve(path);
    return {
      dialect: 'sqlite',
      kyselyDialect: new SqliteDialect({ database: cacheStatements(sqlite) }),
      rowWriter: sqliteRowWriter(sqlite),
      lockPool: null,
      file,
    };
  }
  // pg is loaded only when PostgreSQL is configured, so the CLI starts fast on SQLite.
  const { default: pgModule } = await import('pg');
  const pool = new pgModule.Pool({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 5000 });
  // Lock holders never need a second lock connection, so waiting here for a free one cannot deadlock.
  const lockPool = new pgModule.Pool({ connectionString: databaseUrl, max: 20, connectionTimeoutMillis: 60_000 });
  // An idle client dropped by the server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  lockPool.on('error', () => undefined);
  return { dialect: 'postgres', kyselyDialect: new PostgresDialect({ pool }), lockPool };
}

async function migrate(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => buildMigrations(dialect) };
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    const message = (error as Error).message ?? String(error);
    // No failed migration: the database could not be reached or read at all (connection refused, locked, not a database).
    throw new Error(failed ? `migration ${failed.migrationName} failed: ${message}` : message, { cause: error });
  }
}

/**
 * An open SQLite connection keeps working on a file that was deleted or replaced (the directory removed, a restore
 * copied over it): every write then goes to a file nobody will read again. Health checks must say so.
 */
function checkSameFile(file: string, opened: Stats): void {
  const now = statSync(file, { throwIfNoEntry: false });
  if (!now || now.ino !== opened.ino || now.dev !== opened.dev) {
    throw new StoreError(
      'STORE_UNAVAILABLE',
      `the SQLite file ${file} was removed or replaced while the bot was running: restart it`,
    );
  }
}

/**
 * STORE_UNUSABLE (exit 2: fix DATABASE_URL) unless the failure may pass by itself: a file locked by another
 * process, a server that refuses or drops connections (STORE_UNAVAILABLE, exit 1).
 */
function openFailureCode(cause: unknown): 'STORE_UNAVAILABLE' | 'STORE_UNUSABLE' {
  const c = cause as { code?: string; message?: string; cause?: { code?: string } };
  const text = `${c?.code ?? ''} ${c?.cause?.code ?? ''} ${c?.message ?? ''}`;
  return /SQLITE_BUSY|SQLITE_LOCKED|database is locked|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|timeout|57P03|53300/i.test(
    text,
  )
    ? 'STORE_UNAVAILABLE'
    : 'STORE_UNUSABLE';
}

/**
 * mkdir -p without `recursive: true`, which loops for ever under /proc (e.g. DATABASE_URL=sqlite:/proc/x/y.db):
 * each missing directory from the nearest existing one down, so the first refusal is an error at once.
 */
function makeParentDirectories(dir: string): void {
  const missing: string[] = [];
  let current = dir;
  while (!statSync(current, { throwIfNoEntry: false })) {
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  if (missing.length > 0 && !statSync(current).isDirectory()) {
    throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${missing[0]}' (${current} is a file)`), {
      code: 'ENOTDIR',
    });
  }
  for (const d of missing) mkdirSync(d);
}
