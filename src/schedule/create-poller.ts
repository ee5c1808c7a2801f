import type { FirstFetch } from '../ports/scheduler.js';
import type { Store } from '../ports/store.js';
import type { Logger } from '../util/create-logger.js';
import { nextSlot } from './cron-slots.js';
import { POLL_LEASE, type PollLease, pollOnce } from './poll-once.js';
import { waitForIngestEnd } from './wait-for-ingest-end.js';

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
  /**
   * The start-up fetch (SPEC 7 "First start"): one ingest now, even in a poll slot already ingested, unless another
   * instance is ingesting right now: then it waits for that ingest to end instead (two instances starting together
   * fetch once), and fetches after all if that instance died mid-ingest.
   */
  fetchNow(): Promise<FirstFetch>;
  /** Gives up the ingest lease if this process still holds it (stop); a slot it ingested stays taken. */
  release(): Promise<void>;
}

export function createPoller(deps: PollerDeps, config: PollConfig): Poller {
  const { log, worker } = deps;
  let polling: Promise<unknown> | null = null;
  // The start-up fetch waits for another instance's ingest: a slot meanwhile would find that ingest running too.
  let waiting = false;

  function poll(slot: Date): Promise<void> {
    if (deps.stopped()) return Promise.resolve();
    if (polling) {
      if (waiting)
        log.info(
          { slot: slot.toISOString() },
          "the start-up fetch waits for another instance's ingest; this poll slot is skipped",
        );
      else log.warn({ slot: slot.toISOString() }, 'previous ingest still running; this poll slot is skipped');
      deps.onPoll?.(slot, false);
      return Promise.resolve();
    }
    const polled = deps
      .track(
        pollOnce({ store: deps.store, log, worker }, config, slot).then((outcome) =>
          deps.onPoll?.(slot, outcome === 'ingested'),
        ),
      )
      .finally(() => {
        polling = null;
      });
    polling = polled;
    return polled;
  }

  function fetchNow(): Promise<FirstFetch> {
    const started = new Date();
    let ran = false;
    let reports: unknown = null;
    let error: string | null = null;
    const ingest = async (lease: PollLease) => {
      ran = true;
      try {
        reports = await config.ingest(lease);
      } catch (err) {
        error = (err as Error).message ?? String(err);
        throw err;
      }
    };
    log.info('fetching every source once at start-up');
    const fetching = deps.track(startUpFetch(ingest, started)).finally(() => {
      polling = null;
      waiting = false;
    });
    polling = fetching;
    return fetching.then((skipped): FirstFetch => {
      const nextTryAt = nextSlot(config.cron, 'UTC')?.toISOString() ?? null;
      if (!ran)
        return { ran, skipped: skipped ?? 'the poll lease could not be taken', failed: [], error: null, nextTryAt };
      const failed = Array.isArray(reports)
        ? (reports as Array<{ sourceId: string; status: string; error: string | null }>)
            .filter((r) => r.status === 'failed')
            .map((r) => ({ sourceId: r.sourceId, error: r.error ?? 'unknown error' }))
        : [];
      if (error || failed.length)
        log.warn({ failed, err: error, nextTryAt }, 'start-up fetch: some sources failed; the poller tries again');
      else log.info({ ms: Date.now() - started.getTime() }, 'start-up fetch done');
      return { ran, skipped: null, failed, error, nextTryAt };
    });
  }

  /** One start-up ingest, or a wait for another instance's; resolves with why it did not ingest here (or null). */
  async function startUpFetch(ingest: PollConfig['ingest'], started: Date): Promise<string | null> {
    for (;;) {
      const outcome = await pollOnce({ store: deps.store, log, worker }, { cron: config.cron, ingest }, started, {
        startUp: true,
      });
      if (outcome !== 'busy') return null;
      log.info(
        'start-up fetch skipped: another instance is ingesting; catch-up digests and `latest` wait for its ingest to end',
      );
      waiting = true;
      const end = await waitForIngestEnd(deps.store, deps.stopped);
      waiting = false;
      if (end === 'stopped') return 'stopped before another instance finished ingesting';
      if (end === 'ended') {
        log.info("start-up fetch: the other instance's ingest is over; its stories stand in for this fetch");
        return 'another instance was ingesting; its ingest stood in for this one';
      }
      log.info('start-up fetch: the other instance stopped renewing its ingest lease (it died?); fetching here');
    }
  }

  async function release(): Promise<void> {
    await deps.store.locks.releaseLease(POLL_LEASE, worker);
  }

  return { poll, fetchNow, release };
}
