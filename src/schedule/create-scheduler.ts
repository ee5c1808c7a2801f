import cron, { type ScheduledTask } from 'node-cron';
import type { FirstFetch, SchedulerControl } from '../ports/scheduler.js';
import type { Subscription } from '../domain/types.js';
import { latestSlot, nextSlot } from './cron-slots.js';
import { createSlotTimer, type SlotTimer } from './create-slot-timer.js';
import { defaultWorkerId } from './deliver-digest.js';
import { createPoller, type PollConfig } from './create-poller.js';
import { NOT_THERE_CODES } from './pause-channel.js';
import { recoverDeliveries } from './recover-deliveries.js';
import { type RunDeps, type RunOutcome, runSubscription } from './run-subscription.js';
import { toCronLogger } from './to-cron-logger.js';

export interface SchedulerOptions {
  /** Ingest polling (SPEC 4 POLL_CRON): one ingest per slot across all instances, never overlapping. */
  poll?: PollConfig;
  /** First start (SPEC 7): fetch every source once at start-up, before the catch-up digests (default true with `poll`). */
  fetchAtStart?: boolean;
  /**
   * How often subscriptions are re-read from the store, to follow changes made by the CLI or another instance
   * (default 15 s); one it schedules anew, or whose schedule changed, gets the catch-up a start-up would run.
   */
  syncIntervalMs?: number;
  /** How often deliveries abandoned by a crashed or stopped instance are looked for. */
  sweepIntervalMs?: number;
  /** Called after every run (logs, tests). */
  onRun?: (subscription: Subscription, slotAt: Date, outcome: RunOutcome | { status: 'error'; error: unknown }) => void;
  /** Called after every poll slot: whether this instance ingested it. */
  onPoll?: (slotAt: Date, ingested: boolean) => void;
}

export interface Scheduler extends SchedulerControl {
  /**
   * Schedules every stored subscription and the poller, then finishes interrupted deliveries and runs the one
   * catch-up digest each subscription owes for slots missed while no instance was running.
   * Resolves when that start-up work is done.
   */
  start(): Promise<void>;
  /** Stops the cron tasks and waits for runs in progress. */
  stop(): Promise<void>;
  /** Next run of a subscription according to its task (null when not scheduled here). */
  nextRun(subscriptionId: string): Date | null;
  /** Ids of the subscriptions with a task. */
  scheduled(): string[];
  /** Re-reads the subscriptions from the store now (also done every syncIntervalMs). */
  sync(): Promise<void>;
  /** Looks for deliveries to finish now (a platform came back), instead of at the next sweep interval. */
  sweepNow(): Promise<void>;
  /** The start-up fetch: resolves when it is over (at once when there is none); `latest` and catch-up wait for it. */
  firstFetch(): Promise<FirstFetch>;
}

interface Entry {
  subscription: Subscription;
  task: SlotTimer;
  /** The newest slot waiting to run; several ticks during one run collapse into one digest. */
  queued: Date | null;
  /** True while a drain loop runs (set and cleared synchronously, so no trigger can fall between two loops). */
  running: boolean;
  draining: Promise<void>;
  /** Runs in a row that threw (the store unreachable, say): the slot is run again after a back-off. */
  failures: number;
}

/** A run that threw is tried again for its slot after this, doubled each time up to RUN_RETRY_MAX_MS. */
const RUN_RETRY_FIRST_MS = 15_000;
const RUN_RETRY_MAX_MS = 5 * 60_000;

/** A subscription changed by the CLI or another instance is scheduled here (and caught up) within this time. */
const SYNC_INTERVAL_MS = 15_000;

/** node-cron skips a tick that fires later than this; a busy machine must delay a digest, not drop it. */
const MISSED_TOLERANCE_MS = 60_000;

/**
 * The scheduler of `serve` (SPEC 7.4): one slot timer per subscription in its time zone (cron-parser), changed live,
 * runs of a subscription never overlapping; plus the ingest poller and the sweep of abandoned deliveries.
 */
export function createScheduler(deps: RunDeps, options: SchedulerOptions = {}): Scheduler {
  const log = deps.log.child({ component: 'scheduler' });
  const worker = deps.workerId ?? defaultWorkerId;
  const runDeps: RunDeps = { ...deps, workerId: worker };
  const cronLogger = toCronLogger(log);
  // node-cron logs in colour to the console by default; everything goes to pino instead.
  cron.setLogger(cronLogger);

  const entries = new Map<string, Entry>();
  const background = new Set<Promise<unknown>>();
  const timers: NodeJS.Timeout[] = [];
  const retries = new Set<NodeJS.Timeout>();
  let pollTask: ScheduledTask | null = null;
  let sweeping: Promise<void> | null = null;
  let syncing: Promise<void> | null = null;
  let stopped = false;
  // Settled by start() (or stop()): commands that arrive before start() runs wait for it too.
  const noFetch: FirstFetch = { ran: false, skipped: null, failed: [], error: null, nextTryAt: null };
  let settleFirstFetch: (value: FirstFetch | Promise<FirstFetch>) => void = () => undefined;
  const firstFetch: Promise<FirstFetch> =
    options.poll && (options.fetchAtStart ?? true)
      ? new Promise((resolve) => (settleFirstFetch = resolve))
      : Promise.resolve(noFetch);

  const track = <T>(work: Promise<T>): Promise<T> => {
    background.add(work);
    void work.then(
      () => background.delete(work),
      () => background.delete(work),
    );
    return work;
  };
  const poller = options.poll
    ? createPoller(
        {
          store: deps.store,
          log,
          worker,
          track,
          stopped: () => stopped,
          ...(options.onPoll ? { onPoll: options.onPoll } : {}),
        },
        options.poll,
      )
    : null;

  function createTask(sub: Subscription): SlotTimer {
    // The slots of cron-parser, as status and catch-up name them (DST included); a tick during a run is queued.
    return createSlotTimer(sub.cron, sub.timezone, (slot) => void trigger(sub.id, slot));
  }

  function trigger(id: string, slot: Date): Promise<void> {
    const entry = entries.get(id);
    if (!entry || stopped) return Promise.resolve();
    if (!entry.queued || slot > entry.queued) entry.queued = slot;
    if (entry.running)
      log.debug(
        { subscription: id, slot: slot.toISOString() },
        'slot reached during a run of this subscription: it runs after it',
      );
    if (!entry.running) {
      entry.running = true;
      entry.draining = track(drain(entry));
    }
    return entry.draining;
  }

  async function drain(entry: Entry): Promise<void> {
    for (;;) {
      // Checked and cleared in one synchronous step: a trigger after this sees `running` false and starts a loop.
      if (!entry.queued || stopped) {
        entry.running = false;
        return;
      }
      const slot = entry.queued;
      entry.queued = null;
      const sub = entry.subscription;
      try {
        const outcome = await runSubscription(runDeps, sub, slot);
        log.info(
          { subscription: sub.id, channel: sub.channelId, slot: slot.toISOString(), status: outcome.status },
          'scheduled run finished',
        );
        // The operator sees why in the log, not only in `status`.
        if (outcome.status === 'failed')
          log.warn(
            {
              subscription: sub.id,
              platform: sub.platform,
              channel: sub.channelId,
              slot: slot.toISOString(),
              reason: outcome.error.message,
            },
            NOT_THERE_CODES.has((outcome.error as { code?: string }).code ?? '')
              ? 'scheduled digest not delivered: the bot is not in the channel; the subscription is paused'
              : 'scheduled digest not delivered; retried on the next run',
          );
        // Changed or removed elsewhere (another instance, the CLI): follow the store now rather than at the next sync.
        if (outcome.status === 'skipped' && outcome.reason !== 'slot_done' && outcome.reason !== 'paused')
          void sync().catch((err: unknown) => log.warn({ err }, 'subscription sync failed'));
        entry.failures = 0;
        options.onRun?.(sub, slot, outcome);
      } catch (error) {
        // Nothing of this slot may be in the outbox yet (the store was down): waiting for the next slot would lose
        // this digest (a day, for a daily one). The slot is run again; a newer slot queued meanwhile supersedes it.
        entry.failures += 1;
        const delay = Math.min(RUN_RETRY_MAX_MS, RUN_RETRY_FIRST_MS * 2 ** (entry.failures - 1));
        log.error(
          {
            err: error,
            reason: (error as Error).message,
            subscription: sub.id,
            slot: slot.toISOString(),
            retryInMs: delay,
          },
          'scheduled run failed; the slot is run again after a back-off',
        );
        options.onRun?.(sub, slot, { status: 'error', error });
        const retry = setTimeout(() => {
          retries.delete(retry);
          void trigger(sub.id, slot);
        }, delay);
        retries.add(retry);
      }
    }
  }

  /** Schedules a subscription, or follows its change; true when it made a task (new, or a changed schedule). */
  function refresh(sub: Subscription, startTask = true): boolean {
    if (stopped) return false;
    let entry = entries.get(sub.id);
    if (entry && entry.subscription.cron === sub.cron && entry.subscription.timezone === sub.timezone) {
      entry.subscription = sub;
      return false;
    }
    // Another subscription of the same channel (unsubscribed, then subscribed again) replaces the old one.
    for (const other of [...entries.values()]) {
      const o = other.subscription;
      if (o.id !== sub.id && o.platform === sub.platform && o.channelId === sub.channelId) remove(o.id);
    }
    let task: SlotTimer;
    try {
      task = createTask(sub);
    } catch (error) {
      log.error(
        { err: error, subscription: sub.id, cron: sub.cron, timezone: sub.timezone },
        'cannot schedule this subscription',
      );
      return false;
    }
    if (entry) {
      entry.task.destroy();
      entry.subscription = sub;
      entry.task = task;
    } else {
      entry = { subscription: sub, task, queued: null, running: false, draining: Promise.resolve(), failures: 0 };
      entries.set(sub.id, entry);
    }
    if (startTask) task.start();
    log.info(
      {
        subscription: sub.id,
        cron: sub.cron,
        timezone: sub.timezone,
        next: nextSlot(sub.cron, sub.timezone)?.toISOString(),
      },
      'subscription scheduled',
    );
    return true;
  }

  function remove(id: string): void {
    const entry = entries.get(id);
    if (!entry) return;
    entries.delete(id);
    entry.task.destroy();
    log.info({ subscription: id }, 'subscription unscheduled');
  }

  async function sync(): Promise<void> {
    if (syncing) return syncing;
    syncing = (async () => {
      const subs = await deps.store.subscriptions.list();
      const ids = new Set(subs.map((s) => s.id));
      for (const id of [...entries.keys()]) if (!ids.has(id)) remove(id);
      // Added or changed elsewhere (the CLI, another instance): a slot may have passed before this sync. It is owed
      // once, as at start-up (after the first fetch), but not a slot from before the subscription or the change.
      const owed: Array<{ sub: Subscription; done: string }> = [];
      for (const sub of subs) {
        const known = entries.has(sub.id);
        if (!refresh(sub)) continue;
        // Known here, so its schedule changed: slots of the new schedule from before the change are not owed.
        const done = sub.lastSlotAt ?? sub.createdAt;
        owed.push({ sub, done: known && sub.updatedAt > done ? sub.updatedAt : done });
      }
      if (owed.length)
        void firstFetch.then(() => {
          for (const { sub, done } of owed) void catchUp(sub, done);
        });
    })().finally(() => {
      syncing = null;
    });
    return syncing;
  }

  /** Queues the one digest a subscription owes for slots after `done` (its last run, or its creation) (synchronously). */
  function catchUp(
    sub: Subscription,
    done = sub.lastSlotAt ?? sub.createdAt,
    at = new Date(),
  ): Promise<void> | undefined {
    // One digest for the latest missed slot, not one per missed slot.
    const latest = latestSlot(sub.cron, sub.timezone, at);
    if (!latest || latest.toISOString() <= done) return undefined;
    log.info({ subscription: sub.id, slot: latest.toISOString(), lastSlot: done }, 'catching up a missed slot');
    return trigger(sub.id, latest);
  }

  function sweep(): Promise<void> {
    if (sweeping || stopped) return sweeping ?? Promise.resolve();
    sweeping = track(
      recoverDeliveries(runDeps, { retryFailed: true })
        .then(() => undefined)
        .catch((err: unknown) => log.warn({ err }, 'delivery sweep failed')),
    ).finally(() => {
      sweeping = null;
    });
    return sweeping;
  }

  return {
    refresh,
    remove,
    sync,
    firstFetch: () => firstFetch,
    sweepNow: () => sweep(),
    scheduled: () => [...entries.keys()],
    nextRun: (id) => entries.get(id)?.task.getNextRun() ?? null,

    async start() {
      // A new install must not wait for the first POLL_CRON slot: fetch now, in the background.
      if (poller && (options.fetchAtStart ?? true)) settleFirstFetch(poller.fetchNow().catch(() => noFetch));
      const subs = await deps.store.subscriptions.list();
      // Tasks start only once the catch-up runs are queued, so a tick cannot overtake a catch-up.
      for (const sub of subs) refresh(sub, false);
      if (poller && options.poll) {
        // Not awaited by node-cron: a tick during a long ingest must reach poll(), which skips it and says so.
        pollTask = cron.createTask(options.poll.cron, (context) => void poller.poll(context.date), {
          timezone: 'UTC',
          name: 'poll',
          noOverlap: true,
          logger: cronLogger,
          missedExecutionTolerance: MISSED_TOLERANCE_MS,
        });
      }
      const syncTimer = setInterval(
        () => void sync().catch((err: unknown) => log.warn({ err }, 'subscription sync failed')),
        options.syncIntervalMs ?? SYNC_INTERVAL_MS,
      );
      const sweepTimer = setInterval(() => void sweep(), options.sweepIntervalMs ?? 5_000);
      timers.push(syncTimer, sweepTimer);
      log.info({ worker, subscriptions: subs.length }, 'scheduler started');
      // Start-up: interrupted deliveries first, then the digests missed while down, after the start-up fetch
      // (which takes the poll lease like any slot, so extra instances starting together add no fetches).
      await sweep();
      // Poll slots tick during a long start-up fetch too (and are skipped while it runs, saying so).
      if (pollTask && !stopped) void pollTask.start();
      // A catch-up digest built before the first fetch ends would miss its stories.
      await firstFetch;
      // Slots up to `at` are caught up, the timers take the ones after it: none falls between (a long start-up).
      const at = new Date();
      const catchUps = subs.filter((sub) => entries.has(sub.id)).map((sub) => catchUp(sub, undefined, at));
      for (const entry of entries.values()) entry.task.start(at);
      await Promise.all(catchUps);
      log.info({ subscriptions: entries.size }, 'scheduler start-up work done');
    },

    async stop() {
      stopped = true;
      settleFirstFetch(noFetch);
      for (const timer of timers.splice(0)) clearInterval(timer);
      for (const retry of retries) clearTimeout(retry);
      retries.clear();
      if (pollTask) await pollTask.destroy();
      for (const entry of entries.values()) entry.task.destroy();
      entries.clear();
      await Promise.allSettled([...background]);
      // A restart (or another instance) must not find an ingest lease of this process left behind.
      await poller?.release().catch((err: unknown) => log.warn({ err }, 'could not release the poll lease'));
    },
  };
}
