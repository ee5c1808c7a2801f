import type { Logger as CronLogger } from 'node-cron';
import type { Logger } from '../util/create-logger.js';

/** node-cron's logger interface on pino (node-cron would otherwise log in colour to the console). */
export function toCronLogger(log: Logger): CronLogger {
  const text = (m: unknown) => (m instanceof Error ? m.message : String(m));
  return {
    info: (message) => log.debug({ source: 'node-cron' }, text(message)),
    // A tick during a run is queued by the scheduler (execution:overlap), not lost: not worth a warning.
    warn: (message) =>
      (/overlap prevention/.test(text(message)) ? log.debug : log.warn).call(
        log,
        { source: 'node-cron' },
        text(message),
      ),
    error: (message, err) =>
      log.error({ source: 'node-cron', err: err ?? (message instanceof Error ? message : undefined) }, text(message)),
    debug: (message, err) => log.debug({ source: 'node-cron', err }, text(message)),
  };
}
