import { ConfigError } from '../domain/errors.js';

/** What to change after a CLI failure, in one line; null when the message already says it. */
export function errorHint(error: unknown): string | null {
  if (error instanceof ConfigError && error.hint) return error.hint;
  if (error instanceof ConfigError)
    // No option named here: a command such as `ask` has none of them (a missing sources file has its own hint).
    return 'fix the settings above in the environment or in .env (.env.example lists every variable)';
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code === 'STORE_UNAVAILABLE' || code === 'STORE_UNUSABLE') {
    const message = error instanceof Error ? error.message : '';
    if (/database is locked|SQLITE_BUSY/i.test(message)) {
      return 'another process holds the SQLite file (another `migration-news` running on it?): stop it and retry; several instances need PostgreSQL';
    }
    if (/not a database|malformed|SQLITE_CORRUPT|SQLITE_NOTADB/i.test(message)) {
      return 'the SQLite file is damaged and is left as it is: restore it from a backup, or move it aside to start with an empty store';
    }
    return 'check DATABASE_URL (sqlite:PATH with a writable directory, or postgres://USER:PASSWORD@HOST:PORT/DB) and that the database is running';
  }
  if (code === 'LOCK_TIMEOUT')
    return 'another instance holds the lock: wait for it to finish, or check that no stuck `migration-news` process is running';
  if (code === 'PORT_IN_USE' || code === 'EADDRINUSE')
    return 'set PORT to a free port (`preview` also takes --port N, 0 for any); is `migration-news serve` or `preview` already running?';
  if (code === 'EACCES' || code === 'EPERM')
    return 'check file permissions (the DATABASE_URL directory, the sources file), or use a port above 1023';
  if (code === 'LLM_AUTH_FAILED')
    return 'check OPENAI_API_KEY (and OPENAI_BASE_URL for another endpoint), or unset OPENAI_API_KEY to run offline';
  if (code === 'LLM_CONFIG_INVALID' || code === 'LLM_SCHEMA_UNSUPPORTED' || code === 'LLM_REQUEST_REJECTED')
    return 'check OPENAI_MODEL and OPENAI_BASE_URL, or unset OPENAI_API_KEY to run offline';
  if (code.startsWith('LLM_'))
    return 'the LLM endpoint failed: try again, check OPENAI_BASE_URL, or unset OPENAI_API_KEY to run offline';
  if (code.startsWith('PROMPT_'))
    return 'the prompts/ folder of the installation is incomplete: reinstall with `npm ci`';
  if (code.startsWith('USAGE')) return 'run the command with --help for its usage';
  return null;
}
