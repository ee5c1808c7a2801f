import { loadConfig } from '../config/load-config.js';
import { type Core, createCore } from '../main.js';
import { createLogger } from '../util/create-logger.js';

/** The CLI's edge: the one place that hands process.env to the config loader. */
export async function openCore(options: { sources?: string; quietLogs?: boolean } = {}): Promise<Core> {
  const config = loadConfig(process.env);
  // One-shot commands log only warnings unless LOG_LEVEL asks for more; `serve` logs at LOG_LEVEL.
  const level = options.quietLogs && !process.env.LOG_LEVEL ? 'warn' : config.logLevel;
  const log = createLogger(level);
  return createCore(config, { log, ...(options.sources ? { sourcesFile: options.sources } : {}) });
}
