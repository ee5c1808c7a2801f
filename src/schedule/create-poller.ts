import type { FirstFetch } from '../ports/scheduler.js';
import type { Store } from '../ports/store.js';
import type { Logger } from '../util/create-logger.js';
import { nextSlot } from './cron-slots.js';
import { type PollLease, pollOnce } from './poll-once.js';

/** Ingest polling (SPEC 4 POLL_CRON): one ingest per slot across all instances, never overlapping. */
export interface PollConfig {
  cron: string;
  ingest: (lease: PollLease) => Promise<unknown>;
}

export interface PollerDeps {
  store: Pick<Store, 'locks'>;
  log: Logger;
  /** This instance's id, the owner of the poll lease it takes. */
  worker: string;
  /** Registers work the scheduler's stop() waits for. */
  track: <T>(work: Promise<T>) => Promise<T>;
  stopped: () => boolean;
  /** Called after every poll slot: whether this instance ingested it. */
  onPoll?: (slotAt: Date, ingested: boolean) => void;
}

/** The scheduler's poller: cron slots and the start-up fetch, one ingest at a time in this process. */
export interface Poller {
  /** One poll slot; skipped, saying so, while an ingest of this process still runs. */
  poll(slot: Date): Promise<void>;
  /** The start-up fetch (SPEC 7 "First start"): one poll now, through the same lease as the cron slots. */
  fetchNow(): Promise<FirstFetch>;
}

export function createPoller(deps: PollerDeps, config: PollConfig): Poller {
  const { log, worker } = deps;
  let polling: Promise<void> | null = null;

  function poll(slot: Date): Promise<void> {
    if (deps.stopped()) return Promise.resolve();
    if (polling) {
      log.warn({ slot: slot.toISOString() }, 'previous ingest still running; this poll slot is skipped');
      deps.onPoll?.(slot, false);
      return Promise.resolve();
    }
    polling = deps
      .track(
        pollOnce({ store: deps.store, log, worker }, config, slot).then((ingested) => deps.onPoll?.(slot, ingested)),
      )
      .finally(() => {
        polling = null;
      });
    return polling;
  }

  function fetchNow(): Promise<FirstFetch> {
    const started = new Date();
    let reports: unknown = null;
    let error: string | null = null;
    const ingest = async (lease: PollLease) => {
      try {
        reports = await config.ingest(lease);
      } catch (err) {
        error = (err as Error).message ?? String(err);
        throw err;
      }
    };
    log.info('fetching every source once at start-up');
    polling = deps
      .track(pollOnce({ store: deps.store, log, worker }, { cron: config.cron, ingest }, started))
      .then(() => undefined)
      .finally(() => {
        polling = null;
      });
    return polling.then((): FirstFetch => {
      const failed = Array.isArray(reports)
        ? (reports as Array<{ sourceId: string; status: string; error: string | null }>)
            .filter((r) => r.status === 'failed')
            .map((r) => ({ sourceId: r.sourceId, error: r.error ?? 'unknown error' }))
        : [];
      const nextTryAt = nextSlot(config.cron, 'UTC')?.toISOString() ?? null;
      if (error || failed.length)
        log.warn({ failed, err: error, nextTryAt }, 'start-up fetch: some sources failed; the poller tries again');
      else log.info({ ms: Date.now() - started.getTime() }, 'start-up fetch done');
      return { ran: true, failed, error, nextTryAt };
    });
  }

  return { poll, fetchNow };
}
