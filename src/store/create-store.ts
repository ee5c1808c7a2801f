import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, type Dialect as KyselyDialect, type MigrationProvider, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { AppError } from '../domain/errors.js';
import type { Store } from '../ports/store.js';
import { createDeliveryRepo } from './delivery-repo.js';
import { buildMigrations, type Dialect } from './migrations.js';
import type { Database } from './schema.js';
import { createSourceRepo } from './source-repo.js';
import { createStoryRepo } from './story-repo.js';
import { createChannelRepo, createSubscriptionRepo } from './subscription-repo.js';
import { createLlmCallRepo, createSummaryRepo } from './summary-repo.js';
import { createEventRepo, createThreadRepo } from './thread-repo.js';

export class StoreError extends AppError {}

/** Opens the store named by DATABASE_URL (`sqlite:PATH` or `postgres://...`) and applies pending migrations. */
export async function createStore(databaseUrl: string): Promise<Store & { db: Kysely<Database> }> {
  const { dialect, kyselyDialect } = await openDialect(databaseUrl);
  const db = new Kysely<Database>({ dialect: kyselyDialect });
  try {
    await migrate(db, dialect);
  } catch (cause) {
    await db.destroy().catch(() => undefined);
    throw new StoreError('STORE_UNAVAILABLE', `cannot open the database ${redact(databaseUrl)}: ${(cause as Error).message}`, { cause });
  }
  return {
    dialect,
    db,
    async ping() {
      await db.selectFrom('locks').select('name').limit(1).execute();
    },
    async close() {
      await db.destroy();
    },
    sources: createSourceRepo(db),
    stories: createStoryRepo(db),
    summaries: createSummaryRepo(db),
    llmCalls: createLlmCallRepo(db),
    channels: createChannelRepo(db),
    subscriptions: createSubscriptionRepo(db),
    deliveries: createDeliveryRepo(db),
    threads: createThreadRepo(db),
    events: createEventRepo(db),
  };
}

async function openDialect(databaseUrl: string): Promise<{ dialect: Dialect; kyselyDialect: KyselyDialect }> {
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.slice('sqlite:'.length);
    const { default: SQLite } = await import('better-sqlite3');
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    let sqlite: InstanceType<typeof SQLite>;
    try {
      sqlite = new SQLite(path, { timeout: 5000 });
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
      sqlite.pragma('foreign_keys = ON');
    } catch (cause) {
      throw new StoreError('STORE_UNAVAILABLE', `cannot open SQLite database ${path}: ${(cause as Error).message}`, { cause });
    }
    return { dialect: 'sqlite', kyselyDialect: new SqliteDialect({ database: sqlite }) };
  }
  // pg is loaded only when PostgreSQL is configured, so the CLI starts fast on SQLite.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 5000 });
  pool.on('error', () => undefined); // An idle client dropped by the server must not crash the process; the next query reports it.
  return { dialect: 'postgres', kyselyDialect: new PostgresDialect({ pool }) };
}

async function migrate(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => buildMigrations(dialect) };
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? String(error)}`, { cause: error });
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}
