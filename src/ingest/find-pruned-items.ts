import type { Store } from '../ports/store.js';
import type { ReadItem } from '../feeds/read-source.js';

/**
 * Items whose story was pruned by retention (STORE_RETENTION_DAYS): their canonical URL, guid or content hash is in
 * the dedupe ledger. They are duplicates: never stored, summarised or delivered again.
 */
export async function findPrunedItems(
  store: Pick<Store, 'ledger'>,
  sourceId: string,
  items: ReadItem[],
  now: string,
): Promise<Set<ReadItem>> {
  const known = await store.ledger.filterPruned(
    items.map((i) => ({ url: i.canonicalUrl, sourceId, guid: i.guid, contentHash: i.contentHash })),
    now,
  );
  return new Set(items.filter((_, k) => known[k]));
}
