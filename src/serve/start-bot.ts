import type { Server } from 'node:http';
import { createSlackAdapter } from '../../adapters/slack/create-slack-adapter.js';
import { createTeamsAdapter } from '../../adapters/teams/create-teams-adapter.js';
import { answerThreadQuestion } from '../commands/answer-thread-question.js';
import { type BotDeps, handleChatEvent } from '../commands/handle-chat-event.js';
import type { Platform } from '../domain/types.js';
import type { Core } from '../main.js';
import type { ChatAdapter } from '../ports/chat-adapter.js';
import { createScheduler, type Scheduler, type SchedulerOptions } from '../schedule/create-scheduler.js';
import { createWorkerId } from '../schedule/deliver-digest.js';
import { createHttpApp } from '../server/create-http-app.js';
import { createPreviewRouter } from '../preview/create-preview-router.js';
import { pollSources } from './poll-sources.js';
import { previewRenderers } from './preview-renderers.js';

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
}

export async function startBot(core: Core, options: StartBotOptions = {}): Promise<RunningBot> {
  const { config, log } = core;
  const app = createHttpApp({ store: core.store, sources: core.sources, metrics: core.metrics });
  const adapters = new Map<Platform, ChatAdapter>();
  if (config.slack) adapters.set('slack', createSlackAdapter(config.slack, { log, app }));
  if (config.teams) {
    if (config.teams.unauthenticated) log.warn('Teams endpoint /api/messages runs WITHOUT authentication (no MicrosoftAppId): for local emulator use only');
    adapters.set('teams', createTeamsAdapter(config.teams, { log, app }));
  }
  const deps: BotDeps = {
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
    ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
    defaults: { languages: config.digest.languages, cron: config.digest.cron, timezone: config.digest.timezone },
    metrics: core.metrics,
    answerQuestion: (event) => answerThreadQuestion({ store: core.store, llm: core.llm, log, adapters, sourceNames: Object.fromEntries(core.sources.map((s) => [s.id, s.name])) }, event),
  };
  const scheduler = createScheduler(deps, {
    ...options.scheduler,
    poll: { cron: config.pollCron, ingest: () => pollSources(core) },
  });
  deps.scheduler = scheduler;
  app.use(createPreviewRouter({ ...deps, defaultLanguages: config.digest.languages, ...previewRenderers }));
  const inFlight = new Set<Promise<void>>();
  const onEvent = (event: Parameters<typeof handleChatEvent>[1]) => {
    const work = handleChatEvent(deps, event).catch((err: unknown) => log.error({ err, event: event.eventId, platform: event.platform }, 'event handling failed'));
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
    return work;
  };
  for (const adapter of adapters.values()) await adapter.start(onEvent);

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port ?? config.port, options.host ?? '0.0.0.0', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? config.port);
  log.info({ port, adapters: [...adapters.keys()] }, 'migration-news bot listening');
  const ready = scheduler.start().catch((err: unknown) => log.error({ err }, 'scheduler start-up work failed; the cron tasks still run'));

  return {
    port,
    server,
    adapters,
    deps,
    scheduler,
    ready,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await scheduler.stop();
      await Promise.allSettled([...inFlight]);
      for (const adapter of adapters.values()) await adapter.stop().catch(() => undefined);
      await core.close();
    },
  };
}
