import type { Server } from 'node:http';
import { createSlackAdapter } from '../../adapters/slack/create-slack-adapter.js';
import { createTeamsAdapter } from '../../adapters/teams/create-teams-adapter.js';
import { answerThreadQuestion } from '../commands/answer-thread-question.js';
import { type BotDeps, handleChatEvent } from '../commands/handle-chat-event.js';
import type { Platform } from '../domain/types.js';
import type { Core } from '../main.js';
import type { ChatAdapter } from '../ports/chat-adapter.js';
import { createHttpApp } from '../server/create-http-app.js';

export interface RunningBot {
  port: number;
  server: Server;
  adapters: Map<Platform, ChatAdapter>;
  deps: BotDeps;
  /** Graceful stop: stop taking events, finish in-flight work, close adapters and the store. */
  stop(): Promise<void>;
}

/** Composition root of `serve`: HTTP server, chat adapters, command handling (SPEC 7). */
export async function startBot(core: Core, options: { port?: number; host?: string } = {}): Promise<RunningBot> {
  const { config, log } = core;
  const app = createHttpApp({ store: core.store });
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
    sources: core.sources,
    maxItems: config.digest.maxItems,
    adapters,
    defaults: { languages: config.digest.languages, cron: config.digest.cron, timezone: config.digest.timezone },
    answerQuestion: (event) => answerThreadQuestion({ store: core.store, llm: core.llm, log, adapters, sourceNames: Object.fromEntries(core.sources.map((s) => [s.id, s.name])) }, event),
  };
  const inFlight = new Set<Promise<void>>();
  const onEvent = (event: Parameters<typeof handleChatEvent>[1]) => {
    const work = handleChatEvent(deps, event).catch((err: unknown) => log.error({ err }, 'event handling failed'));
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

  return {
    port,
    server,
    adapters,
    deps,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...inFlight]);
      for (const adapter of adapters.values()) await adapter.stop().catch(() => undefined);
      await core.close();
    },
  };
}
