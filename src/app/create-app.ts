import type { Config } from '../config/load-config.js';
import type { BuildDigestDeps } from '../digest/build-digest.js';
import type { Digest } from '../domain/digest.js';
import type { Platform, SourceConfig } from '../domain/types.js';
import type { SourceReport } from '../ingest/ingest-sources.js';
import type { Metrics } from '../metrics/create-metrics.js';
import type { PreviewDeps } from '../preview/build-preview.js';
import type { PreviewServer } from '../preview/start-preview-server.js';
import type { Logger } from '../util/create-logger.js';
import { type Core, createCore } from './create-core.js';
import type { RunningBot, StartBotOptions } from './start-bot.js';

/** What the composition root takes from the process besides the configuration. */
export interface AppEnv {
  log: Logger;
  /** A sources file instead of SOURCES_FILE (`--sources`); null for none (commands that read only the store). */
  sourcesFile?: string | null;
  /** This process's metrics registry (a new one by default). */
  metrics?: Metrics;
  /** The clock of the budget and retention (tests inject one). */
  now?: () => Date;
}

/** The application, wired: what the CLI's commands, `serve` and the preview run. */
export interface App {
  readonly core: Core;
  /** Polls the configured sources (or `sources`) once and stores what is new. */
  ingest(options?: {
    sources?: SourceConfig[];
    onSourceDone?: (report: SourceReport) => void;
  }): Promise<SourceReport[]>;
  /** What building a digest needs: the store, the model, the prompt version and the limits of the configuration. */
  digestDeps(options?: { onStoryDone?: (storyId: string, fromCache: boolean) => void }): BuildDigestDeps;
  /** A digest exactly as a platform receives it (`digest --format slack|teams`). */
  formatFor(platform: Platform, digest: Digest): Promise<string>;
  /** `serve`: the HTTP server, the chat adapters of the configuration, the scheduler and the poller. */
  serve(options?: StartBotOptions): Promise<RunningBot>;
  /** `preview`: the preview page alone, rendered by the adapters' own renderers; no chat platform, no scheduler. */
  preview(options: { port: number; host: string }): Promise<PreviewServer>;
  close(): Promise<void>;
}

/**
 * The composition root: the one place that wires the core (store, LLM, sources, metrics) to the chat adapters.
 * Nothing else under src/ imports adapters/.
 */
export async function createApp(config: Config, env: AppEnv): Promise<App> {
  const core = await createCore(config, {
    log: env.log,
    ...(env.sourcesFile !== undefined ? { sourcesFile: env.sourcesFile } : {}),
    ...(env.metrics ? { metrics: env.metrics } : {}),
    ...(env.now ? { now: env.now } : {}),
  });
  const digestDeps = (
    options: { onStoryDone?: (storyId: string, fromCache: boolean) => void } = {},
  ): BuildDigestDeps => ({
    store: core.store,
    llm: core.llm,
    log: core.log,
    promptVersion: core.promptVersion,
    sources: core.sources,
    maxItems: config.digest.maxItems,
    concurrency: config.llmConcurrency,
    inputTokenCap: config.llmInputTokenCap,
    ...(options.onStoryDone ? { onStoryDone: options.onStoryDone } : {}),
  });
  return {
    core,
    async ingest(options = {}) {
      // Loaded on first use: `serve` idles without the feed readers until its first poll (SPEC 9).
      const { ingestSources } = await import('../ingest/ingest-sources.js');
      return ingestSources(
        { store: core.store, log: core.log, ...(options.onSourceDone ? { onSourceDone: options.onSourceDone } : {}) },
        options.sources ?? core.sources,
      );
    },
    digestDeps,
    // The adapters and servers load when a command needs them: `ask` or `status` start without Bolt or botbuilder.
    async formatFor(platform, digest) {
      if (platform === 'slack')
        return (await import('../../adapters/slack/blocks/format-slack-payloads.js')).formatSlackPayloads(digest);
      return (await import('../../adapters/teams/cards/format-teams-activities.js')).formatTeamsActivities(digest);
    },
    serve: async (options) => (await import('./start-bot.js')).startBot(core, options),
    async preview(options) {
      const [{ previewRenderers }, { startPreviewServer }] = await Promise.all([
        import('./preview-renderers.js'),
        import('../preview/start-preview-server.js'),
      ]);
      const deps: PreviewDeps = {
        ...digestDeps(),
        store: core.store,
        defaultLanguages: config.digest.languages,
        defaults: { languages: config.digest.languages, cron: config.digest.cron, timezone: config.digest.timezone },
        renderers: previewRenderers,
        // The same protection as `serve`'s preview (SPEC 4): with PREVIEW_TOKEN set, GET / needs it.
        previewToken: config.previewToken,
        budget: core.budget,
      };
      return startPreviewServer(deps, options);
    },
    close: () => core.close(),
  };
}
