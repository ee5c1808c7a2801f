import type { Server } from 'node:http';
import { createSlackAdapter } from '../../adapters/slack/create-slack-adapter.js';
import { createTeamsAdapter } from '../../adapters/teams/create-teams-adapter.js';
import { answerThreadQuestion } from '../chat/answer-thread-question.js';
import { type BotDeps, handleChatEvent } from '../chat/handle-chat-event.js';
import type { Platform } from '../domain/types.js';
import type { Core } from './create-core.js';
import type { ChatAdapter } from '../ports/chat-adapter.js';
import { createScheduler, type Scheduler, type SchedulerOptions } from '../schedule/create-scheduler.js';
import { createWorkerId } from '../schedule/deliver-digest.js';
import { fenceIngestWrites } from '../schedule/fence-ingest-writes.js';
import { postStoryUpdates } from '../schedule/post-story-updates.js';
import { startRetention } from '../schedule/prune-store.js';
import { createHttpApp } from '../server/create-http-app.js';
import { createPreviewRouter } from '../preview/create-preview-router.js';
import { pollSources } from './poll-sources.js';
import { previewRenderers } from './preview-renderers.js';
import { type StartedAdapters, startAdapters } from '../server/start-adapters.js';

export interface RunningBot {
  port: number;
  server: Server;
  adapters: Map<Platform, ChatAdapter>;
  deps: BotDeps;
  /** Subscriptions' cron tasks, the ingest poller and the outbox sweep (SPEC 7.4). */
  scheduler: Scheduler;
  /** Resolves when the start-up work is done: interrupted deliveries finished, catch-up digests delivered. */
  ready: Promise<void>;
  /** Graceful stop: stop taking events, finish in-flight work, close adapters and the store. */
  stop(): Promise<void>;
}

/** Composition root of `serve`: HTTP server, chat adapters, command handling (SPEC 7). */
export interface StartBotOptions {
  port?: number;
  host?: string;
  /** Scheduler tuning (tests): sweep and sync intervals, run callbacks. */
  scheduler?: Omit<SchedulerOptions, 'poll'>;
  /** Delivery lease (default 15 s): how soon another instance takes over the deliveries of a dead one. */
  leaseMs?: number;
  /** Fetch every source once at start-up (default true; SPEC 7 "First start"). */
  fetchAtStart?: boolean;
}

export async function startBot(core: Core, options: StartBotOptions = {}): Promise<RunningBot> {
  const { config, log } = core;
  let started: StartedAdapters | null = null;
  const app = createHttpApp({
    store: core.store,
    sources: core.sources,
    metrics: core.metrics,
    previewToken: config.previewToken,
    budget: core.budget,
    health: async () => ({ platforms: started?.describe() ?? {} }),
  });
  if (!config.previewToken)
    log.warn(
      'PREVIEW_TOKEN is not set: GET /, /metrics and the /healthz details are public; expose only /slack/events, /api/messages and /healthz',
    );
  const adapters = new Map<Platform, ChatAdapter>();
  if (config.slack) adapters.set('slack', createSlackAdapter(config.slack, { log, app }));
  if (config.teams) {
    if (config.teams.unauthenticated)
      log.warn(
        'Teams endpoint /api/messages runs WITHOUT authentication (no MicrosoftAppId): for local emulator use only',
      );
    adapters.set('teams', createTeamsAdapter(config.teams, { log, app }));
  }
  // What the scheduler's runs and the threaded updates share with the chat handler.
  const runDeps = {
    store: core.store,
    llm: core.llm,
    log,
    promptVersion: core.promptVersion,
    concurrency: config.llmConcurrency,
    inputTokenCap: config.llmInputTokenCap,
    sources: core.sources,
    maxItems: config.digest.maxItems,
    adapters,
    // One id per bot, so that bots sharing a database (or a process, in tests) never share delivery leases.
    workerId: createWorkerId(),
    leaseMs: options.leaseMs ?? config.deliveryLeaseMs,
    metrics: core.metrics,
    // Read through `started`: the scheduler takes these deps before the adapters start.
    isReady: (platform: string) => started?.isReady(platform) ?? false,
  };
  const scheduler = createScheduler(runDeps, {
    ...options.scheduler,
    fetchAtStart: options.fetchAtStart ?? true,
    // The ingest code (HTTP client, feed parser) loads at the first poll: `serve` idles without it.
    poll: {
      cron: config.pollCron,
      ingest: async (lease) => {
        // Fenced: once the poll lease is lost (this process stalled), its remaining writes are refused.
        const result = await pollSources(core, fenceIngestWrites(core.store, lease));
        // Revised stories already delivered get their threaded update in the same poll (SPEC 7.4).
        await lease
          .ensure()
          .then(() => postStoryUpdates(runDeps))
          .catch((err: unknown) => log.warn({ err }, 'story updates failed; the next poll retries'));
        return result;
      },
    },
  });
  const defaults = { languages: config.digest.languages, cron: config.digest.cron, timezone: config.digest.timezone };
  const deps: BotDeps = {
    ...runDeps,
    defaults,
    scheduler,
    firstFetch: () => scheduler.firstFetch(),
    budget: core.budget,
    platformStates: () => started?.describe() ?? {},
    answerQuestion: (event) =>
      answerThreadQuestion(
        {
          store: core.store,
          llm: core.llm,
          log,
          adapters,
          sourceNames: Object.fromEntries(core.sources.map((s) => [s.id, s.name])),
        },
        event,
      ),
  };
  app.use(
    createPreviewRouter({
      ...runDeps,
      defaults,
      defaultLanguages: config.digest.languages,
      previewToken: config.previewToken,
      budget: core.budget,
      renderers: previewRenderers,
    }),
  );
  // STORE_RETENTION_DAYS: once per UTC day, by one instance (a lease per day).
  const retention = startRetention({
    store: core.store,
    log,
    retentionDays: config.retentionDays,
    owner: deps.workerId ?? createWorkerId(),
    now: core.now,
  });
  const inFlight = new Set<Promise<void>>();
  const onEvent = (event: Parameters<typeof handleChatEvent>[1]) => {
    const work = handleChatEvent(deps, event).catch((err: unknown) =>
      log.error({ err, event: event.eventId, platform: event.platform }, 'event handling failed'),
    );
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
    return work;
  };
  if (adapters.size === 0)
    log.warn(
      'no chat platform is configured (set SLACK_BOT_TOKEN or MicrosoftAppId / TEAMS_ENABLED): digests are only ingested and previewed, nothing is posted',
    );
  // A platform that cannot be reached is retried in the background; its deliveries wait in the outbox meanwhile.
  started = await startAdapters(adapters, onEvent, { log, onConnected: () => void scheduler.sweepNow() });
  const connections = started;

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port ?? config.port, options.host ?? '0.0.0.0', (err?: Error) =>
      err ? reject(err) : resolve(s),
    );
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? config.port);
  log.info({ port, adapters: [...adapters.keys()] }, 'migration-news bot listening');
  const ready = scheduler
    .start()
    .catch((err: unknown) => log.error({ err }, 'scheduler start-up work failed; the cron tasks still run'));

  return {
    port,
    server,
    adapters,
    deps,
    scheduler,
    ready,
    async stop() {
      retention.stop();
      connections.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await scheduler.stop();
      await Promise.allSettled([...inFlight]);
      for (const adapter of adapters.values()) await adapter.stop().catch(() => undefined);
      await core.close();
    },
  };
}
