import { pino } from 'pino';

export type Logger = pino.Logger;

/**
 * pino logs on stderr (stdout is for results): one JSON line per event, or pino-pretty when `pretty` (the CLI asks
 * for it on a terminal in development), coloured unless `color` is false (NO_COLOR).
 */
export function createLogger(level: string, options: { pretty?: boolean; color?: boolean } = {}): Logger {
  const pretty = options.pretty ?? process.stderr.isTTY;
  if (pretty) {
    return pino({
      level,
      transport: {
        target: 'pino-pretty',
        options: { destination: 2, colorize: options.color ?? true, translateTime: 'SYS:HH:MM:ss' },
      },
    });
  }
  return pino({ level }, pino.destination(2));
}

/** A logger that drops everything (tests, benchmarks). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
