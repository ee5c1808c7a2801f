import type { Store } from '../ports/store.js';
import { StoreError } from '../store/store-error.js';
import type { Logger } from '../util/create-logger.js';
import { nextSlot } from './cron-slots.js';

export const POLL_LEASE = 'poll';

/** The poll lease as the ingest sees it: checked (and renewed) before each write, fenced by its token. */
export interface PollLease {
  /** Throws StoreError LEASE_LOST once this acquisition was lost (expired by the database's clock, or taken). */
  ensure(): Promise<void>;
}
const POLL_LEASE_MIN_MS = 30_000;

/**
 * One poll slot of the ingest poller, coordinated through the `poll` lease in the store: whoever takes it holds
 * it until the start of the next poll slot (no other instance ingests this slot) and for as long as its ingest
 * runs (ingests never overlap, even across instances). Resolves with whether this instance ingested.
 */
export async function pollOnce(
  deps: { store: Pick<Store, 'locks'>; log: Logger; worker: string },
  config: { cron: string; ingest: (lease: PollLease) => Promise<unknown> },
  slot: Date,
): Promise<boolean> {
  const { store, log, worker } = deps;
  const slotEnd = () =>
    nextSlot(config.cron, 'UTC', new Date(Math.max(Date.now(), slot.getTime())))?.getTime() ??
    Date.now() + POLL_LEASE_MIN_MS;
  const whileRunning = () => new Date(Math.max(slotEnd(), Date.now() + POLL_LEASE_MIN_MS));
  let token: string | null;
  try {
    token = await store.locks.acquireLease(POLL_LEASE, worker, whileRunning());
  } catch (error) {
    log.error({ err: error }, 'cannot take the poll lease; the next poll retries');
    return false;
  }
  if (!token) {
    log.debug({ slot: slot.toISOString() }, 'another instance ingests this poll slot');
    return false;
  }
  const held = token;
  let lost = false;
  // Fenced: renewed only under this acquisition's token; once lost (this process stalled past its expiry and
  // another instance took the slot), it is said at warn and never silently taken back.
  const renew = setInterval(() => {
    if (lost) return;
    store.locks.renewLease(POLL_LEASE, worker, held, whileRunning()).then(
      (ok) => {
        if (ok) return;
        lost = true;
        log.warn(
          { slot: slot.toISOString() },
          'poll lease lost while ingesting (this process stalled); another instance may ingest this slot too',
        );
      },
      (err: unknown) => log.warn({ err }, 'could not renew the poll lease'),
    );
  }, POLL_LEASE_MIN_MS / 3);
  renew.unref();
  const lease: PollLease = {
    async ensure() {
      if (!lost && (await store.locks.renewLease(POLL_LEASE, worker, held, whileRunning()))) return;
      if (!lost)
        log.warn(
          { slot: slot.toISOString() },
          'poll lease lost while ingesting (this process stalled); its remaining writes are dropped',
        );
      lost = true;
      throw new StoreError('LEASE_LOST', 'the poll lease was lost: another instance ingests now');
    },
  };
  let ingested = false;
  try {
    await config.ingest(lease);
    ingested = true;
  } catch (error) {
    log.error({ err: error }, 'ingest failed; the next poll retries');
  } finally {
    clearInterval(renew);
    // Done: the lease now ends with the current slot (a slot the ingest overran is skipped by everyone).
    if (!lost)
      await store.locks
        .renewLease(POLL_LEASE, worker, held, new Date(slotEnd()))
        .catch((err: unknown) => log.warn({ err }, 'could not shorten the poll lease'));
  }
  return ingested;
}
