/** Errors carry a code callers branch on, and the cause. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A feed or article could not be fetched or parsed. */
export class SourceError extends AppError {}
/** Configuration or sources file is invalid; the CLI exits 2. */
export class ConfigError extends AppError {
  constructor(
    readonly problems: string[],
    options: { hint?: string } = {},
  ) {
    super('CONFIG_INVALID', `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.hint = options.hint ?? null;
  }

  /** What to change, when it is more precise than "fix the environment or .env". */
  readonly hint: string | null;
}
/** The LLM endpoint failed or returned unusable output. */
export class LlmError extends AppError {}
/** A chat platform refused or failed a request. */
export class ChatError extends AppError {
  constructor(
    code: string,
    message: string,
    options?: { cause?: unknown; userHint?: string },
  ) {
    super(code, message, options);
    this.userHint = options?.userHint ?? null;
  }

  /** What the person who ran the command can do about it, in the platform's own words (set by the adapter). */
  readonly userHint: string | null;
}
/** A user command could not be parsed. */
export class CommandError extends AppError {}
