import { existsSync } from 'node:fs';
import { type App, createApp } from '../app/create-app.js';
import { routesWhileStarting } from '../app/routes-while-starting.js';
import { type Config, loadConfig } from '../config/load-config.js';
import { StoreError } from '../domain/errors.js';
import { createMetrics } from '../metrics/create-metrics.js';
import { serveWhileWaiting, type WaitingServer } from '../server/serve-while-waiting.js';
import { createLogger, type Logger } from '../util/create-logger.js';
import { useColor } from './use-color.js';

/**
 * What a command does with the sources file: `fetch` its sources (ingest, digest, serve, preview: it must be readable);
 * `name` them (status, `digest --no-ingest`: the file when there is one, else the names stored with each source); or
 * `none` (ask, subscriptions: never read).
 */
export type SourcesUse = 'fetch' | 'name' | 'none';

/** The CLI's edge: the one place that hands process.env to the config loader and the app to a command. */
export async function openApp(
  options: {
    sources?: string;
    sourcesUse?: SourcesUse;
    quietLogs?: boolean;
    processMetrics?: boolean;
    /** `serve`: a PostgreSQL server that cannot be reached yet is waited for, /healthz answering 503 meanwhile. */
    waitForStore?: boolean;
  } = {},
): Promise<App> {
  const config = loadConfig(process.env);
  // One-shot commands log only warnings unless LOG_LEVEL asks for more; `serve` logs at LOG_LEVEL.
  const level = options.quietLogs && !process.env.LOG_LEVEL ? 'warn' : config.logLevel;
  // Pretty logs for a person at a terminal in development; JSON lines otherwise (production, pipes, CI).
  const pretty = Boolean(process.stderr.isTTY) && process.env.NODE_ENV !== 'production' && !process.env.CI;
  const log = createLogger(level, { pretty, color: useColor(process.stderr) });
  const metrics = createMetrics({ processMetrics: options.processMetrics ?? false });
  const sourcesFile = sourcesFileFor(options.sourcesUse ?? 'fetch', options.sources, config);
  const open = () => createApp(config, { log, metrics, ...(sourcesFile !== undefined ? { sourcesFile } : {}) });
  return options.waitForStore ? openWhenReachable(open, config, log) : open();
}

/** The first wait after a refused connection; each next one doubles, up to the last. */
const FIRST_WAIT_MS = 1_000;
const LONGEST_WAIT_MS = 30_000;

/**
 * Opens the app, and while its PostgreSQL server cannot be reached (refused, reset, timed out, starting up: a
 * container that starts after the bot) tries again with back-off, answering on PORT meanwhile (/healthz 503, why in
 * the body; a warning in the log at each try). A database that answers and refuses us (a wrong password, a database
 * that does not exist), a locked SQLite file, or anything else fails at once, as in every other command.
 */
async function openWhenReachable(open: () => Promise<App>, config: Config, log: Logger): Promise<App> {
  let waiting: WaitingServer | null = null;
  try {
    for (let wait = FIRST_WAIT_MS; ; wait = Math.min(wait * 2, LONGEST_WAIT_MS)) {
      try {
        return await open();
      } catch (error) {
        if (
          !(
            error instanceof StoreError &&
            error.code === 'STORE_UNAVAILABLE' &&
            config.databaseUrl.startsWith('postgres')
          )
        )
          throw error;
        if (!waiting) {
          waiting = await serveWhileWaiting(
            {
              port: config.port,
              host: '0.0.0.0',
              previewToken: config.previewToken,
              routes: routesWhileStarting(config),
            },
            error.message,
          );
          log.info({ port: waiting.port }, 'waiting for the database: /healthz answers 503 until it can be reached');
        }
        waiting.setError(error.message);
        log.warn({ err: error.message, retryInMs: wait }, 'the database cannot be reached; trying again');
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  } finally {
    await waiting?.close();
  }
}

/** The file to read: `--sources`; undefined for SOURCES_FILE (or its default); null for none. */
function sourcesFileFor(use: SourcesUse, given: string | undefined, config: Config): string | null | undefined {
  if (given) return given;
  if (use === 'none') return null;
  // A file someone named (SOURCES_FILE) must be readable; only the default may be missing.
  if (use === 'name' && !process.env.SOURCES_FILE && !existsSync(config.sourcesFile)) return null;
  return undefined;
}
