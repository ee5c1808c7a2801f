import { CommanderError } from 'commander';
import { AppError, ConfigError } from '../domain/errors.js';

/** Codes that mean "the command, its input or the configuration is wrong": fixing them is the user's move. */
const USAGE_CODES = /^(USAGE|CONFIG|STORE_UNUSABLE$|NOT_FOUND$)/;

/**
 * The one exit-code rule of every command (SPEC 3): 0 success, 2 bad usage or configuration (an unusable
 * DATABASE_URL, an unreadable or invalid sources file, an unknown story id), 1 a fault while running.
 */
export function exitCodeFor(error: unknown): 0 | 1 | 2 {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof ConfigError) return 2;
  if (error instanceof AppError && USAGE_CODES.test(error.code)) return 2;
  return 1;
}
