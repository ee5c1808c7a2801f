import type { Store } from '../ports/store.js';
import { POLL_LEASE } from './poll-once.js';

const CHECK_EVERY_MS = 1_000;

/**
 * Waits until no instance is ingesting: `ended` once the poll lease is released (its ingest is over, and with it
 * its writes), `abandoned` once its holder stopped renewing it (died mid-ingest), `stopped` when this process stops.
 */
export async function waitForIngestEnd(
  store: Pick<Store, 'locks'>,
  stopped: () => boolean,
): Promise<'ended' | 'abandoned' | 'stopped'> {
  for (;;) {
    if (stopped()) return 'stopped';
    const lease = await store.locks.readLease(POLL_LEASE);
    if (!lease) return 'ended';
    if (!lease.live) return 'abandoned';
    await new Promise((resolve) => setTimeout(resolve, CHECK_EVERY_MS));
  }
}
