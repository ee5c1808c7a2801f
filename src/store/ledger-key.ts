import { hash } from 'node:crypto';

/** The dedupe keys of one feed item or edition, as ingest matches them (SPEC 5.1). */
export interface DedupeKeys {
  url: string | null;
  sourceId: string;
  guid: string | null;
  contentHash: string;
}

/**
 * The ledger rows of one item: a 16-byte digest per key, so a pruned story costs about 3 x 40 bytes whatever
 * the length of its URL. A guid is unique within its source only, so the source is part of its key.
 */
export function ledgerKeys(keys: DedupeKeys): string[] {
  const out = [digest(`h\u0000${keys.contentHash}`)];
  if (keys.url) out.push(digest(`u\u0000${keys.url}`));
  if (keys.guid) out.push(digest(`g\u0000${keys.sourceId}\u0000${keys.guid}`));
  return out;
}

function digest(value: string): string {
  return hash('sha256', value, 'base64url').slice(0, 22);
}
