import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type BotDeps, handleChatEvent } from '../../../src/chat/handle-chat-event.js';
import type { Subscription } from '../../../src/domain/types.js';
import type { ChatEvent, OutgoingMessage } from '../../../src/ports/chat-adapter.js';
import { latestSlot, nextSlot } from '../../../src/schedule/cron-slots.js';
import { createScheduler, type Scheduler, type SchedulerOptions } from '../../../src/schedule/create-scheduler.js';
import type { RunOutcome } from '../../../src/schedule/run-subscription.js';
import { createStore } from '../../../src/store/create-store.js';
import { createCaptureLogger } from '../../helpers/capture-logger.js';
import { createRecordingAdapter, type RecordingAdapter } from '../../helpers/recording-adapter.js';
import { addStories, makeRunDeps, waitFor } from '../../helpers/schedule-harness.js';
import { makeNewDelivery, makeSubscription } from '../../helpers/factories.js';

type Run = { subscription: Subscription; slotAt: Date; outcome: RunOutcome | { status: 'error'; error: unknown } };

describe('scheduler (SQLite)', () => {
  let store: Awaited<ReturnType<typeof createStore>>;
  let slack: RecordingAdapter;
  let runs: Run[];
  let schedulers: Scheduler[];

  beforeEach(async () => {
    store = await createStore('sqlite::memory:');
    slack = createRecordingAdapter('slack');
    runs = [];
    schedulers = [];
  });
  afterEach(async () => {
    for (const s of schedulers) await s.stop();
    await store.close();
  });

  const start = async (options: SchedulerOptions = {}, log = makeRunDeps(store, [slack]).log) => {
    const scheduler = createScheduler(makeRunDeps(store, [slack], { log }), {
      onRun: (subscription, slotAt, outcome) => runs.push({ subscription, slotAt, outcome }),
      ...options,
    });
    schedulers.push(scheduler);
    await scheduler.start();
    return scheduler;
  };
  const runsOf = (id: string) => runs.filter((r) => r.subscription.id === id);

  it('posts on a 6-field cron, each story once, and posts nothing at a slot with nothing new', {
    timeout: 60_000,
  }, async () => {
    await addStories(store, ['a', 'b']);
    const sub = await store.subscriptions.upsert(makeSubscription({ cron: '*/2 * * * * *', languages: ['en', 'ar'] }));
    await start();
    await waitFor(() => runsOf(sub.id).some((r) => r.outcome.status === 'posted'), 'the first scheduled digest');
    const first = runsOf(sub.id).findIndex((r) => r.outcome.status === 'posted');
    await waitFor(() => runsOf(sub.id).length > first + 1, 'the next slot');
    expect(runsOf(sub.id)[first + 1]?.outcome.status).toBe('nothing_new');
    expect(slack.posts).toHaveLength(1);
    expect(slack.posts[0]?.digest.languages).toEqual(['en', 'ar']);
    // Slots are the cron's instants, whole even seconds.
    for (const r of runsOf(sub.id)) expect(r.slotAt.getTime() % 2000).toBe(0);

    await addStories(store, ['c']);
    await waitFor(() => slack.posts.length === 2, 'the digest of the new story');
    expect(slack.storiesPosted().sort()).toEqual(['a', 'b', 'c']);
  });

  it('creates, changes and removes tasks live through the chat commands', { timeout: 60_000 }, async () => {
    await addStories(store, ['a']);
    const control = await store.subscriptions.upsert(makeSubscription({ channelId: 'C-CONTROL', cron: '* * * * * *' }));
    const scheduler = await start();
    const { metrics: _unused, ...runDeps } = makeRunDeps(store, [slack]);
    const deps: BotDeps = {
      ...runDeps,
      defaults: { languages: ['en', 'ar'], cron: '0 8 * * *', timezone: 'UTC' },
      scheduler,
    };
    const replies: OutgoingMessage[] = [];
    let n = 0;
    const command = (text: string) =>
      handleChatEvent(deps, {
        type: 'command',
        platform: 'slack',
        eventId: `ev-${++n}`,
        channel: { platform: 'slack', channelId: 'C-LIVE' },
        userId: 'U1',
        text,
        respond: async (m: OutgoingMessage) => {
          replies.push(m);
        },
      } satisfies ChatEvent);

    await command('subscribe cron "* * * * * *" tz Asia/Beirut lang en,fr');
    const live = await store.subscriptions.get('slack', 'C-LIVE');
    expect(live).toMatchObject({ cron: '* * * * * *', timezone: 'Asia/Beirut', languages: ['en', 'fr'] });
    expect(scheduler.scheduled()).toContain(live!.id);
    await waitFor(() => slack.posts.some((p) => p.channel.channelId === 'C-LIVE'), 'a digest in the new subscription');
    expect(slack.posts.find((p) => p.channel.channelId === 'C-LIVE')?.digest.languages).toEqual(['en', 'fr']);

    await command('subscribe daily 07:30');
    expect(scheduler.nextRun(live!.id)?.toISOString()).toMatch(/T0[45]:30:00\.000Z$/);

    await command('unsubscribe');
    expect(scheduler.scheduled()).not.toContain(live!.id);
    const runsBefore = runsOf(live!.id).length;
    // Two more ticks of another subscription: the removed one no longer runs.
    const controlRuns = runsOf(control.id).length;
    await waitFor(() => runsOf(control.id).length >= controlRuns + 2, 'two more ticks');
    expect(runsOf(live!.id).length).toBe(runsBefore);
    expect(replies.map((r) => (r.kind === 'notice' ? r.text : '')).join('\n')).toContain('Unsubscribed');
  });

  it('delivers one catch-up digest at start-up for slots missed while down, not one per slot', async () => {
    await addStories(store, ['a', 'b']);
    const threeHoursAgo = new Date(Date.now() - 3 * 3_600_000 - 60_000).toISOString();
    const sub = await store.subscriptions.upsert(makeSubscription({ cron: '0 * * * *', lastSlotAt: threeHoursAgo }));
    await start();
    // start() resolves after the catch-up.
    expect(runsOf(sub.id).map((r) => r.outcome.status)).toEqual(['posted']);
    const latest = new Date();
    latest.setUTCMinutes(0, 0, 0);
    expect(runsOf(sub.id)[0]?.slotAt.toISOString()).toBe(latest.toISOString());
    expect(slack.posts).toHaveLength(1);
    expect((await store.subscriptions.get('slack', sub.channelId))?.lastSlotAt).toBe(latest.toISOString());
  });

  it('owes no catch-up for a subscription created after its latest slot', async () => {
    await addStories(store, ['a']);
    const sub = await store.subscriptions.upsert(makeSubscription({ cron: '0 * * * *' }));
    await start();
    expect(runsOf(sub.id)).toEqual([]);
    expect(slack.posts).toEqual([]);
  });

  it('finishes an interrupted delivery at start-up before running the catch-up', async () => {
    await addStories(store, ['a', 'b']);
    const sub = await store.subscriptions.upsert(
      makeSubscription({ cron: '0 * * * *', lastSlotAt: new Date(Date.now() - 2 * 3_600_000).toISOString() }),
    );
    await store.deliveries.create(
      makeNewDelivery({
        id: 'left-over',
        subscriptionId: sub.id,
        channelId: sub.channelId,
        kind: 'scheduled',
        slotAt: '2020-01-01T00:00:00.000Z',
        digestId: 'dg-left',
        storyIds: ['a'],
      }),
      { claimFor: { owner: 'crashed', leaseMs: -1 } },
    );
    await start();
    expect(slack.posts.map((p) => p.digest.id)[0]).toBe('dg-left');
    expect(slack.storiesPosted().sort()).toEqual(['b']);
  });

  it('follows subscriptions added or removed by another process (sync)', async () => {
    const scheduler = await start({ syncIntervalMs: 60_000 });
    const sub = await store.subscriptions.upsert(makeSubscription({ channelId: 'C-CLI' }));
    await scheduler.sync();
    expect(scheduler.scheduled()).toEqual([sub.id]);
    await store.subscriptions.upsert({ ...sub, cron: '0 9 * * *', updatedAt: new Date().toISOString() });
    await scheduler.sync();
    expect(scheduler.nextRun(sub.id)?.getUTCHours()).toBe(9);
    await store.subscriptions.remove('slack', 'C-CLI');
    await scheduler.sync();
    expect(scheduler.scheduled()).toEqual([]);
  });

  it('delivers once, after the next sync, the slot of a subscription the CLI added that passed before that sync; none for a slot before it existed', {
    timeout: 90_000,
  }, async () => {
    await addStories(store, ['a']);
    const { log, lines } = createCaptureLogger('info');
    const scheduler = await start({ syncIntervalMs: 3_600_000 }, log);
    const { cron, slot } = dailySlotIn(3_000);
    // Written to the store as `migration-news subscriptions add` does, while this scheduler runs.
    const added = await store.subscriptions.upsert(makeSubscription({ channelId: 'C-ADDED', cron }));
    await waitFor(() => latestSlot(cron, 'UTC')?.getTime() === slot.getTime(), 'the slot to pass');
    const late = await store.subscriptions.upsert(makeSubscription({ channelId: 'C-LATE', cron }));

    await scheduler.sync();
    await waitFor(() => runsOf(added.id).length === 1, 'the catch-up run');
    expect(runsOf(added.id).map((r) => [r.slotAt.toISOString(), r.outcome.status])).toEqual([
      [slot.toISOString(), 'posted'],
    ]);
    expect(slack.posts.map((p) => p.channel.channelId)).toEqual(['C-ADDED']);
    // Created after the slot: owes nothing for it (decided in the same step as the other's catch-up).
    expect(lines.filter((l) => l.msg === 'catching up a missed slot').map((l) => l.subscription)).toEqual([added.id]);
    expect(runsOf(late.id)).toEqual([]);

    // Further syncs change nothing: the slot is delivered once.
    await scheduler.sync();
    await scheduler.sync();
    expect(lines.filter((l) => l.msg === 'catching up a missed slot')).toHaveLength(1);
    expect(slack.posts).toHaveLength(1);
    expect((await store.subscriptions.get('slack', 'C-ADDED'))?.lastSlotAt).toBe(slot.toISOString());
  });

  it('catches up the new schedule of a subscription the CLI changed when its slot passed before the next sync, not one from before the change', {
    timeout: 90_000,
  }, async () => {
    await addStories(store, ['a']);
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const earlier = { cron: '0 0 1 1 *', createdAt: twoDaysAgo, updatedAt: twoDaysAgo };
    const early = await store.subscriptions.upsert(makeSubscription({ ...earlier, channelId: 'C-EARLY' }));
    const late = await store.subscriptions.upsert(makeSubscription({ ...earlier, channelId: 'C-LATE' }));
    const { log, lines } = createCaptureLogger('info');
    const scheduler = await start({ syncIntervalMs: 3_600_000 }, log);
    const { cron, slot } = dailySlotIn(3_000);
    const change = (sub: Subscription) =>
      store.subscriptions.upsert({ ...sub, cron, updatedAt: new Date().toISOString() });
    await change(early);
    await waitFor(() => latestSlot(cron, 'UTC')?.getTime() === slot.getTime(), 'the slot to pass');
    await change(late);

    await scheduler.sync();
    await waitFor(() => runsOf(early.id).length === 1, 'the catch-up run');
    expect(runsOf(early.id).map((r) => [r.slotAt.toISOString(), r.outcome.status])).toEqual([
      [slot.toISOString(), 'posted'],
    ]);
    expect(lines.filter((l) => l.msg === 'catching up a missed slot').map((l) => l.subscription)).toEqual([early.id]);
    expect(runsOf(late.id)).toEqual([]);
    expect(slack.posts.map((p) => p.channel.channelId)).toEqual(['C-EARLY']);
  });

  it('never overlaps runs of one subscription: ticks during a long run collapse into one later run', {
    timeout: 60_000,
  }, async () => {
    await addStories(store, ['a']);
    const sub = await store.subscriptions.upsert(makeSubscription({ cron: '* * * * * *' }));
    const gate = slack.hold();
    const { log, lines } = createCaptureLogger();
    const consoleSpies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m));
    await start({}, log);
    await gate.held;
    // While the post hangs, slots keep coming (logged to pino, not the console).
    await waitFor(
      () =>
        lines.filter((l) => l.msg === 'slot reached during a run of this subscription: it runs after it').length >= 2,
      'overlapping ticks',
    );
    expect(runsOf(sub.id)).toEqual([]);
    gate.release();
    await waitFor(() => runsOf(sub.id).length >= 2, 'the run and the collapsed one');
    expect(
      runsOf(sub.id)
        .map((r) => r.outcome.status)
        .slice(0, 2),
    ).toEqual(['posted', 'nothing_new']);
    expect(slack.posts).toHaveLength(1);
    for (const spy of consoleSpies) {
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    }
  });

  it('polls on POLL_CRON without ever overlapping two ingests', { timeout: 60_000 }, async () => {
    let ingests = 0;
    let active = 0;
    let maxActive = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const polls: boolean[] = [];
    const ingest = async () => {
      ingests++;
      maxActive = Math.max(maxActive, ++active);
      await gate;
      active--;
    };
    // Cron slots only: the start-up fetch (and start() waiting for it) is tests/e2e/first-start.test.ts.
    const scheduler = createScheduler(makeRunDeps(store, [slack]), {
      poll: { cron: '* * * * * *', ingest },
      fetchAtStart: false,
      onPoll: (_slot, ingested) => polls.push(ingested),
    });
    schedulers.push(scheduler);
    await scheduler.start();
    // The first ingest hangs; every tick meanwhile is skipped.
    await waitFor(() => ingests === 1 && polls.length >= 2, 'two skipped poll ticks');
    expect(polls).toEqual(polls.map(() => false));
    expect(ingests).toBe(1);
    release();
    await waitFor(() => ingests >= 2, 'the next poll slot');
    expect(maxActive).toBe(1);
  });

  it('shows the next run of each subscription from its slot timer, in its time zone', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const cases: Array<{ tz: string; cron: string; now: string; next: string }> = [
        // Africa/Accra: UTC+0 all year.
        { tz: 'Africa/Accra', cron: '0 8 * * *', now: '2026-01-15T07:00:00Z', next: '2026-01-15T08:00:00.000Z' },
        { tz: 'Africa/Accra', cron: '0 8 * * *', now: '2026-07-01T09:00:00Z', next: '2026-07-02T08:00:00.000Z' },
        // Asia/Beirut: UTC+2, UTC+3 from the last Sunday of March (29 March 2026) to the last Sunday of October.
        { tz: 'Asia/Beirut', cron: '0 8 * * *', now: '2026-03-27T07:00:00Z', next: '2026-03-28T06:00:00.000Z' },
        { tz: 'Asia/Beirut', cron: '0 8 * * *', now: '2026-03-28T07:00:00Z', next: '2026-03-29T05:00:00.000Z' },
        { tz: 'Asia/Beirut', cron: '0 8 * * *', now: '2026-10-24T06:00:00Z', next: '2026-10-25T06:00:00.000Z' },
        // America/El_Salvador: UTC-6, no DST; weekdays only.
        {
          tz: 'America/El_Salvador',
          cron: '0 8 * * 1-5',
          now: '2026-01-16T15:00:00Z',
          next: '2026-01-19T14:00:00.000Z',
        },
      ];
      for (const c of cases) {
        vi.setSystemTime(new Date(c.now));
        const scheduler = createScheduler(makeRunDeps(store, [slack]));
        const sub = makeSubscription({ cron: c.cron, timezone: c.tz });
        scheduler.refresh(sub);
        expect({ ...c, got: scheduler.nextRun(sub.id)?.toISOString() }).toEqual({ ...c, got: c.next });
        // `status` computes it with cron-parser: both libraries agree.
        expect(nextSlot(c.cron, c.tz)?.toISOString()).toBe(c.next);
        scheduler.remove(sub.id);
      }
    } finally {
      vi.useRealTimers();
    }
  });
});

/** A daily cron (UTC) whose slot of today comes `ms` (rounded up to a whole second) from now. */
function dailySlotIn(ms: number): { cron: string; slot: Date } {
  const slot = new Date(Math.ceil((Date.now() + ms) / 1000) * 1000);
  return { cron: `${slot.getUTCSeconds()} ${slot.getUTCMinutes()} ${slot.getUTCHours()} * * *`, slot };
}
