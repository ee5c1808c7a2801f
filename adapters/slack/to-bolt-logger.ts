import type { Logger } from '../../src/util/create-logger.js';

type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Bolt's Logger interface (structural, so this file needs no SDK import). */
export interface BoltLoggerShape {
  debug(...msg: unknown[]): unknown;
  info(...msg: unknown[]): unknown;
  warn(...msg: unknown[]): unknown;
  error(...msg: unknown[]): unknown;
  setLevel(level: LogLevel): void;
  getLevel(): LogLevel;
  setName(name: string): void;
}

/** Routes Bolt's and the WebClient's logs into the bot's pino logger (child `slack`), one line each. */
export function toBoltLogger(log: Logger): BoltLoggerShape {
  const child = log.child({ component: 'slack' });
  const line = (msg: unknown[]) =>
    msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : stringify(m))).join(' ');
  return {
    // Formatted only when the level is on: the WebClient logs every request body at debug.
    debug: (...msg) => child.isLevelEnabled('debug') && child.debug(line(msg)),
    info: (...msg) => child.isLevelEnabled('info') && child.info(line(msg)),
    warn: (...msg) => child.isLevelEnabled('warn') && child.warn(line(msg)),
    error: (...msg) => child.isLevelEnabled('error') && child.error(line(msg)),
    // The level is the bot's LOG_LEVEL; Bolt asking for another one is ignored.
    setLevel: () => undefined,
    getLevel: () =>
      child.level === 'trace'
        ? 'debug'
        : ((['debug', 'info', 'warn'] as const).find((l) => l === child.level) ?? 'error'),
    setName: () => undefined,
  };
}

function stringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
