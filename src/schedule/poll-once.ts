import type { Store } from '../ports/store.js';
import { StoreError } from '../store/store-error.js';
import type { Logger } from '../util/create-logger.js';
import { nextSlot } from './cron-slots.js';

/**
 * Held only while an ingest runs, renewed every 10 s for 30 s: ingests never overlap across instances, and one of
 * a process that died mid-ingest is free again within 30 s. (Named anew: a `poll` row of an older version, held
 * to the end of its slot, must not stop a start-up fetch.)
 */
export const POLL_LEASE = 'poll:ingest';
/** The current poll slot, taken until the slot ends by the instance that ingests it: one ingest per slot. */
export const POLL_SLOT_LEASE = 'poll:slot';

/** The poll lease as the ingest sees it: checked (and renewed) before each write, fenced by its token. */
export interface PollLease {
  /** Throws StoreError LEASE_LOST once this acquisition was lost (expired by the database's clock, or taken). */
  ensure(): Promise<void>;
}

/**
 * `ingested`: this instance ran the ingest; `failed`: it ran and threw, or the lease could not be read; `busy`:
 * another instance is ingesting right now; `taken`: another instance already took this slot.
 */
export type PollOutcome = 'ingested' | 'failed' | 'busy' | 'taken';

const INGEST_LEASE_MS = 30_000;

/**
 * One poll slot of the ingest poller, coordinated through two leases in the store: POLL_LEASE for as long as the
 * ingest runs (no two ingests at once, even across instances), and POLL_SLOT_LEASE until the next poll slot (no
 * other instance ingests this slot). A start-up fetch (`startUp`) ignores a slot already taken (by an earlier
 * run, maybe of a process now gone): only an ingest running elsewhere right now stops it.
 */
export async function pollOnce(
  deps: { store: Pick<Store, 'locks'>; log: Logger; worker: string },
  config: { cron: string; ingest: (lease: PollLease) => Promise<unknown> },
  slot: Date,
  options: { startUp?: boolean } = {},
): Promise<PollOutcome> {
  const { store, log, worker } = deps;
  const slotEnd = () =>
    nextSlot(config.cron, 'UTC', new Date(Math.max(Date.now(), slot.getTime())))?.getTime() ??
    Date.now() + INGEST_LEASE_MS;
  const whileRunning = () => new Date(Date.now() + INGEST_LEASE_MS);
  let token: string | null;
  try {
    token = await store.locks.acquireLease(POLL_LEASE, worker, whileRunning());
    if (!token) {
      log.debug({ slot: slot.toISOString() }, 'another instance is ingesting; this poll slot is skipped');
      return 'busy';
    }
    // A start-up fetch takes the slot too when it is free, so that a late tick elsewhere does not repeat it.
    const slotTaken = !(await store.locks.acquireLease(POLL_SLOT_LEASE, worker, new Date(slotEnd())));
    if (slotTaken && !options.startUp) {
      await store.locks.releaseLease(POLL_LEASE, worker);
      log.debug({ slot: slot.toISOString() }, 'another instance ingested this poll slot');
      return 'taken';
    }
  } catch (error) {
    log.error({ err: error }, 'cannot take the poll lease; the next poll retries');
    return 'failed';
  }
  const held = token;
  let lost = false;
  // Fenced: renewed only under this acquisition's token; once lost (this process stalled past its expiry and
  // another instance took the poll over), it is said at warn and never silently taken back.
  const renew = setInterval(() => {
    if (lost) return;
    store.locks.renewLease(POLL_LEASE, worker, held, whileRunning()).then(
      (ok) => {
        if (ok) return;
        lost = true;
        log.warn(
          { slot: slot.toISOString() },
          'poll lease lost while ingesting (this process stalled); another instance may ingest now too',
        );
      },
      (err: unknown) => log.warn({ err }, 'could not renew the poll lease'),
    );
  }, INGEST_LEASE_MS / 3);
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
  try {
    await config.ingest(lease);
    return 'ingested';
  } catch (error) {
    log.error({ err: error }, 'ingest failed; the next poll retries');
    return 'failed';
  } finally {
    clearInterval(renew);
    // Done: the next ingest (a slot, or a start-up fetch elsewhere) may start; the slot stays taken until it ends.
    if (!lost)
      await store.locks
        .releaseLease(POLL_LEASE, worker)
        .catch((err: unknown) => log.warn({ err }, 'could not release the poll lease'));
  }
}
