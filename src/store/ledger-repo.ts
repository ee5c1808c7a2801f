import type { Kysely } from 'kysely';
import type { Store } from '../ports/store.js';
import { ledgerKeys } from './ledger-key.js';
import type { Database } from './schema.js';

const CHUNK = 500;

/** The dedupe ledger of pruned stories (STORE_RETENTION_DAYS): what ingest consults so a pruned story never comes back. */
export function createLedgerRepo(db: Kysely<Database>): Store['ledger'] {
  return {
    async filterPruned(items, seenAt) {
      // Until the first prune the ledger is empty: one indexed probe spares hashing every item of every poll.
      if (!(await db.selectFrom('dedupe_ledger').select('key').limit(1).executeTakeFirst()))
        return items.map(() => false);
      // The guid wins (SPEC 5.1): an item with a guid is matched by guid or content, never by a link it may share.
      const keysOf = items.map((item) => ledgerKeys(item.guid ? { ...item, url: null } : item));
      const all = [...new Set(keysOf.flat())];
      const hits = new Set<string>();
      for (let i = 0; i < all.length; i += CHUNK) {
        const rows = await db
          .selectFrom('dedupe_ledger')
          .select('key')
          .where('key', 'in', all.slice(i, i + CHUNK))
          .execute();
        for (const r of rows) hits.add(r.key);
      }
      if (hits.size === 0) return items.map(() => false);
      const pruned = keysOf.map((keys) => keys.some((k) => hits.has(k)));
      // Still in a feed: keep every ledger entry of a matched item alive as long as the feed carries it.
      const touched = [...new Set(items.flatMap((item, k) => (pruned[k] ? ledgerKeys(item) : [])))];
      for (let i = 0; i < touched.length; i += CHUNK) {
        await db
          .updateTable('dedupe_ledger')
          .set({ seen_at: seenAt })
          .where('key', 'in', touched.slice(i, i + CHUNK))
          .execute();
      }
      return pruned;
    },
    async count() {
      const row = await db
        .selectFrom('dedupe_ledger')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
