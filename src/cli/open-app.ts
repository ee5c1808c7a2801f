import { existsSync } from 'node:fs';
import { type App, createApp } from '../app/create-app.js';
import { type Config, loadConfig } from '../config/load-config.js';
import { createMetrics } from '../metrics/create-metrics.js';
import { createLogger } from '../util/create-logger.js';
import { useColor } from './use-color.js';

/**
 * What a command does with the sources file: `fetch` its sources (ingest, digest, serve, preview: it must be readable);
 * `name` them (status, `digest --no-ingest`: the file when there is one, else the names stored with each source); or
 * `none` (ask, subscriptions: never read).
 */
export type SourcesUse = 'fetch' | 'name' | 'none';

/** The CLI's edge: the one place that hands process.env to the config loader and the app to a command. */
export async function openApp(
  options: { sources?: string; sourcesUse?: SourcesUse; quietLogs?: boolean; processMetrics?: boolean } = {},
): Promise<App> {
  const config = loadConfig(process.env);
  // One-shot commands log only warnings unless LOG_LEVEL asks for more; `serve` logs at LOG_LEVEL.
  const level = options.quietLogs && !process.env.LOG_LEVEL ? 'warn' : config.logLevel;
  // Pretty logs for a person at a terminal in development; JSON lines otherwise (production, pipes, CI).
  const pretty = Boolean(process.stderr.isTTY) && process.env.NODE_ENV !== 'production' && !process.env.CI;
  const log = createLogger(level, { pretty, color: useColor(process.stderr) });
  const metrics = createMetrics({ processMetrics: options.processMetrics ?? false });
  const sourcesFile = sourcesFileFor(options.sourcesUse ?? 'fetch', options.sources, config);
  return createApp(config, { log, metrics, ...(sourcesFile !== undefined ? { sourcesFile } : {}) });
}

/** The file to read: `--sources`; undefined for SOURCES_FILE (or its default); null for none. */
function sourcesFileFor(use: SourcesUse, given: string | undefined, config: Config): string | null | undefined {
  if (given) return given;
  if (use === 'none') return null;
  // A file someone named (SOURCES_FILE) must be readable; only the default may be missing.
  if (use === 'name' && !process.env.SOURCES_FILE && !existsSync(config.sourcesFile)) return null;
  return undefined;
}
