import type { PruneReport, Store } from '../ports/store.js';
import type { Logger } from '../util/create-logger.js';

const DAY_MS = 86_400_000;
// How often `serve` checks whether today's retention run is done (it runs once per UTC day across instances).
const CHECK_EVERY_MS = 3_600_000;
const FIRST_CHECK_MS = 5 * 60_000;

export interface PruneDeps {
  store: Pick<Store, 'locks' | 'retention'>;
  log: Logger;
  /** STORE_RETENTION_DAYS; 0 = keep forever (nothing is pruned). */
  retentionDays: number;
  now?: () => Date;
}

/**
 * One retention run (STORE_RETENTION_DAYS): deletes stories, editions, summaries, deliveries, thread mappings, Q&A
 * turns, processed events and LLM-call rows older than the window; pruned stories leave their dedupe keys in the
 * ledger so that they are never ingested or delivered again. Null when retention is off (0).
 */
export async function pruneStore(deps: PruneDeps): Promise<PruneReport | null> {
  if (deps.retentionDays <= 0) return null;
  const now = (deps.now ?? (() => new Date()))();
  const before = new Date(now.getTime() - deps.retentionDays * DAY_MS).toISOString();
  const started = performance.now();
  const report = await deps.store.retention.prune({ before, now: now.toISOString() });
  deps.log.info({ before, ms: Math.round(performance.now() - started), ...report }, 'retention: old rows pruned');
  return report;
}

export interface RetentionRunner {
  /** Runs today's prune if no instance has yet (the lease decides); resolves with its report, or null. */
  runDue(): Promise<PruneReport | null>;
  stop(): void;
}

/**
 * Prunes once per UTC day under a lease named after the day, so that of several instances sharing the database
 * exactly one prunes; the lease is kept until the next day, so the others (and later checks) see the day is done.
 */
export function startRetention(
  deps: PruneDeps & { owner: string; checkEveryMs?: number; firstCheckMs?: number },
): RetentionRunner {
  const now = deps.now ?? (() => new Date());
  let doneDay: string | null = null;
  let running: Promise<PruneReport | null> | null = null;

  async function runDue(): Promise<PruneReport | null> {
    if (deps.retentionDays <= 0) return null;
    const at = now();
    const day = at.toISOString().slice(0, 10);
    if (doneDay === day) return null;
    const until = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1, 1));
    if (!(await deps.store.locks.acquireLease(`retention:${day}`, deps.owner, until))) {
      doneDay = day;
      return null;
    }
    doneDay = day;
    return pruneStore({ ...deps, now: () => at });
  }

  const tick = () => {
    running ??= runDue()
      .catch((err: unknown) => {
        deps.log.error({ err }, 'retention run failed; it is retried at the next check');
        doneDay = null;
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = deps.retentionDays > 0 ? setInterval(tick, deps.checkEveryMs ?? CHECK_EVERY_MS) : null;
  timer?.unref();
  // Not at the very start: start-up (catch-up digests, the first poll) comes first.
  const first = deps.retentionDays > 0 ? setTimeout(tick, deps.firstCheckMs ?? FIRST_CHECK_MS) : null;
  first?.unref();
  return {
    runDue: tick,
    stop() {
      if (timer) clearInterval(timer);
      if (first) clearTimeout(first);
    },
  };
}
