import { type App, createApp } from '../app/create-app.js';
import { loadConfig } from '../config/load-config.js';
import { createMetrics } from '../metrics/create-metrics.js';
import { createLogger } from '../util/create-logger.js';
import { useColor } from './use-color.js';

/** The CLI's edge: the one place that hands process.env to the config loader and the app to a command. */
export async function openApp(
  options: { sources?: string; quietLogs?: boolean; processMetrics?: boolean } = {},
): Promise<App> {
  const config = loadConfig(process.env);
  // One-shot commands log only warnings unless LOG_LEVEL asks for more; `serve` logs at LOG_LEVEL.
  const level = options.quietLogs && !process.env.LOG_LEVEL ? 'warn' : config.logLevel;
  // Pretty logs for a person at a terminal in development; JSON lines otherwise (production, pipes, CI).
  const pretty = Boolean(process.stderr.isTTY) && process.env.NODE_ENV !== 'production' && !process.env.CI;
  const log = createLogger(level, { pretty, color: useColor(process.stderr) });
  const metrics = createMetrics({ processMetrics: options.processMetrics ?? false });
  return createApp(config, { log, metrics, ...(options.sources ? { sourcesFile: options.sources } : {}) });
}
