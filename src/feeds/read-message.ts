import type { SourceConfig } from '../domain/types.js';
import type { PreviousRead, ReadItem, ReadSourceResult } from './read-source.js';

/** What read-in-worker.ts sends its worker (read-worker.ts), and what comes back. */
export interface ReadRequest {
  id: number;
  source: SourceConfig;
  previous: PreviousRead | null;
}

export type ReadReply =
  | { id: number; result: PackedResult }
  | { id: number; error: { name: string; message: string; code?: unknown } };

/** Marks the worker as ours (workerData), so that its entry module does nothing anywhere else. */
export const READ_WORKER = 'migration-news:read-worker';

/**
 * An item's text is usually its body or its teaser itself; sent once (copying a message copies every string it holds,
 * shared or not), and restored by unpackItem.
 */
export type PackedItem = Omit<ReadItem, 'teaser' | 'body'> & { teaser: string | true; body: string | null | true };
export type PackedResult = Omit<ReadSourceResult, 'items'> & { items: PackedItem[] };

export function packItem(item: ReadItem): PackedItem {
  return { ...item, teaser: item.teaser === item.text || item.teaser, body: item.body === item.text || item.body };
}

export function unpackItem(item: PackedItem): ReadItem {
  return {
    ...item,
    teaser: item.teaser === true ? item.text : item.teaser,
    body: item.body === true ? item.text : item.body,
  };
}
