/**
 * Every error the product throws on purpose is an AppError with a code from a closed list, so callers branch on
 * `instanceof` and then `switch (error.code)` exhaustively, never on the message. Each list below is the whole set
 * of codes of its class; a code that is not in the list does not compile.
 */

/** A list of codes whose every key is its own value: `keyof` and the values are then the same union. */
function codes<const T extends { readonly [K in keyof T]: K }>(list: T): T {
  return list;
}

/** Codes of an AppError thrown as itself: a wrong CLI invocation, an incomplete installation, a busy port. */
export const APP_ERROR_CODES = codes({
  /** `ask` was given no question after the story. */
  USAGE_QUESTION: 'USAGE_QUESTION',
  /** `subscriptions add` was given something that is not a Slack channel id (e.g. "#general"). */
  USAGE_CHANNEL: 'USAGE_CHANNEL',
  /** `subscriptions add` was given subscription words that do not parse. */
  USAGE_SUBSCRIBE: 'USAGE_SUBSCRIBE',
  /** The platform argument is neither slack nor teams. */
  USAGE_PLATFORM: 'USAGE_PLATFORM',
  /** No stored story has the id or URL the command names (exit 2: the input is wrong). */
  NOT_FOUND: 'NOT_FOUND',
  /** The glossary file is missing or is not JSON. */
  GLOSSARY_NOT_FOUND: 'GLOSSARY_NOT_FOUND',
  /** The glossary file does not match its schema. */
  GLOSSARY_INVALID: 'GLOSSARY_INVALID',
  /** A prompt file (or the package root holding prompts/) is missing, or its name is invalid. */
  PROMPT_NOT_FOUND: 'PROMPT_NOT_FOUND',
  /** A prompt file lacks its "# system" or "# user" section. */
  PROMPT_INVALID: 'PROMPT_INVALID',
  /** A prompt names a {{placeholder}} the caller gave no value for. */
  PROMPT_PLACEHOLDER_MISSING: 'PROMPT_PLACEHOLDER_MISSING',
  /** The preview server's port is taken by another process. */
  PORT_IN_USE: 'PORT_IN_USE',
});
export type AppErrorCode = keyof typeof APP_ERROR_CODES;

/** Errors carry a code callers branch on, and the cause. */
export class AppError<Code extends string = AppErrorCode> extends Error {
  // NoInfer: `new AppError('ANY')` must not infer a code type of its own; it is checked against the default list.
  constructor(
    readonly code: NoInfer<Code>,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Codes of a SourceError: why a feed or an article page could not be fetched or parsed. */
export const SOURCE_ERROR_CODES = codes({
  /** The URL does not parse, or its scheme is neither http(s) nor file. */
  FEED_INVALID_URL: 'FEED_INVALID_URL',
  /** A file: URL where local files are not allowed (any source but the CLI's own). */
  FEED_FILE_REFUSED: 'FEED_FILE_REFUSED',
  /** A local feed file does not exist or cannot be read. */
  FEED_NOT_FOUND: 'FEED_NOT_FOUND',
  /** The host resolves to a private, loopback or link-local address (SSRF guard). */
  FEED_PRIVATE_ADDRESS: 'FEED_PRIVATE_ADDRESS',
  /** The host name resolves to no address. */
  FEED_DNS: 'FEED_DNS',
  /** The connection could not be opened, without a more precise cause. */
  FEED_CONNECT: 'FEED_CONNECT',
  /** A network failure (refused, reset, unknown host); retried unless refused or unknown. */
  FEED_NETWORK: 'FEED_NETWORK',
  /** No complete response within the timeout; retried. */
  FEED_TIMEOUT: 'FEED_TIMEOUT',
  /** The caller aborted the request (shutdown). */
  FEED_ABORTED: 'FEED_ABORTED',
  /** The server answered with an HTTP error status. */
  FEED_HTTP_STATUS: 'FEED_HTTP_STATUS',
  /** The body (declared, decoded or on disk) is larger than the size cap. */
  FEED_TOO_LARGE: 'FEED_TOO_LARGE',
  /** The content-encoding is unsupported, or the body does not decode with it. */
  FEED_ENCODING: 'FEED_ENCODING',
  /** The bytes are not in the charset they declare (UTF-8 when none), nor readable as Arabic or Latin text. */
  FEED_CHARSET: 'FEED_CHARSET',
  /** A redirect to an unparsable URL or to a scheme other than http(s). */
  FEED_REDIRECT_INVALID: 'FEED_REDIRECT_INVALID',
  /** A redirect back to a URL already visited. */
  FEED_REDIRECT_LOOP: 'FEED_REDIRECT_LOOP',
  /** More redirects than the limit. */
  FEED_TOO_MANY_REDIRECTS: 'FEED_TOO_MANY_REDIRECTS',
  /** An XML DOCTYPE declares entities (entity expansion, XXE): refused unread. */
  FEED_ENTITY_REFUSED: 'FEED_ENTITY_REFUSED',
  /** The document is empty, not XML or JSON, or not an RSS, Atom or JSON feed. */
  FEED_MALFORMED: 'FEED_MALFORMED',
  /** An article page could not be fetched or yielded no readable text (the item keeps its teaser). */
  ARTICLE_UNREADABLE: 'ARTICLE_UNREADABLE',
});
export type SourceErrorCode = keyof typeof SOURCE_ERROR_CODES;

/** A feed or article could not be fetched or parsed. */
export class SourceError extends AppError<SourceErrorCode> {}

/** Codes of a ConfigError: it has one, and lists its problems instead. */
export const CONFIG_ERROR_CODES = codes({
  /** The environment, .env or the sources file is invalid; `problems` lists every reason (exit 2). */
  CONFIG_INVALID: 'CONFIG_INVALID',
});
export type ConfigErrorCode = keyof typeof CONFIG_ERROR_CODES;

/** Configuration or sources file is invalid; the CLI exits 2. */
export class ConfigError extends AppError<ConfigErrorCode> {
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

/** Codes of an LlmError: the summary or answer falls back to its offline form on any of them. */
export const LLM_ERROR_CODES = codes({
  /** The client options are invalid (model, base URL, timeouts). */
  LLM_CONFIG_INVALID: 'LLM_CONFIG_INVALID',
  /** Our own output schema cannot be expressed as a strict JSON schema (a bug in the schema). */
  LLM_SCHEMA_UNSUPPORTED: 'LLM_SCHEMA_UNSUPPORTED',
  /** The endpoint rejected the json_schema response format: the client falls back to json_object, then the prompt. */
  LLM_JSON_SCHEMA_UNSUPPORTED: 'LLM_JSON_SCHEMA_UNSUPPORTED',
  /** The endpoint refused the API key (401/403). */
  LLM_AUTH_FAILED: 'LLM_AUTH_FAILED',
  /** The endpoint answered 429 after the SDK's retries. */
  LLM_RATE_LIMITED: 'LLM_RATE_LIMITED',
  /** The request timed out. */
  LLM_TIMEOUT: 'LLM_TIMEOUT',
  /** The request was aborted by us (shutdown). */
  LLM_ABORTED: 'LLM_ABORTED',
  /** The endpoint is unreachable or failed (5xx, 408, 409, network). */
  LLM_UNAVAILABLE: 'LLM_UNAVAILABLE',
  /** The endpoint rejected the request itself (another 4xx). */
  LLM_REQUEST_REJECTED: 'LLM_REQUEST_REJECTED',
  /** The model refused to answer. */
  LLM_REFUSED: 'LLM_REFUSED',
  /** The output did not match the schema, even after one repair. */
  LLM_INVALID_OUTPUT: 'LLM_INVALID_OUTPUT',
  /** Today's token budget (LLM_DAILY_TOKEN_BUDGET) is spent. */
  LLM_BUDGET_EXCEEDED: 'LLM_BUDGET_EXCEEDED',
});
export type LlmErrorCode = keyof typeof LLM_ERROR_CODES;

/** The LLM endpoint failed or returned unusable output. */
export class LlmError extends AppError<LlmErrorCode> {}

/**
 * Codes of a ChatError. The adapters translate platform errors (Slack's `channel_not_found`, a Bot Connector 403)
 * into these at their edge; a platform error with no code of its own here is PLATFORM_ERROR (Slack) or
 * TEAMS_SEND_FAILED (Teams), with the platform's words in the message.
 */
export const CHAT_ERROR_CODES = codes({
  /** The adapter is misconfigured (e.g. Slack over HTTP without a signing secret); the CLI exits 2. */
  CONFIG: 'CONFIG',
  /** The platform refused our credentials or scopes; the bot does not retry. */
  AUTH_FAILED: 'AUTH_FAILED',
  /** The platform is unreachable or failing (network, 5xx); retried. */
  UNAVAILABLE: 'UNAVAILABLE',
  /** The platform asked us to slow down (429). */
  RATE_LIMITED: 'RATE_LIMITED',
  /** A delivery for a platform whose adapter is not configured in this process. */
  PLATFORM_DISABLED: 'PLATFORM_DISABLED',
  /** An update delivery was stored without its update. */
  INVALID_UPDATE: 'INVALID_UPDATE',
  /** Slack: the bot is not in the channel, or the channel does not exist; carries the invite hint. */
  NOT_IN_CHANNEL: 'NOT_IN_CHANNEL',
  /** Slack: the channel is archived. */
  CHANNEL_ARCHIVED: 'CHANNEL_ARCHIVED',
  /** Slack: the message was refused as malformed or too long. */
  INVALID_PAYLOAD: 'INVALID_PAYLOAD',
  /** Slack: an ephemeral answer had no channel to go to. */
  NO_CHANNEL: 'NO_CHANNEL',
  /** Slack: posting to a slash command's response_url failed. */
  RESPOND_FAILED: 'RESPOND_FAILED',
  /** Slack: any other platform error, or a reply without the fields we need (catch-all; the message names it). */
  PLATFORM_ERROR: 'PLATFORM_ERROR',
  /** Teams: the Bot Connector refused our token (401). */
  TEAMS_UNAUTHORIZED: 'TEAMS_UNAUTHORIZED',
  /** Teams: the bot is not in the conversation (403); carries the add-the-app hint. */
  BOT_NOT_IN_CONVERSATION: 'BOT_NOT_IN_CONVERSATION',
  /** Teams: the conversation does not exist (404). */
  CONVERSATION_NOT_FOUND: 'CONVERSATION_NOT_FOUND',
  /** Teams: the Bot Connector failed (5xx) after the SDK's retries. */
  TEAMS_UNAVAILABLE: 'TEAMS_UNAVAILABLE',
  /** Teams: the request timed out. */
  TEAMS_TIMEOUT: 'TEAMS_TIMEOUT',
  /** Teams: the Bot Connector answered without the id of what it created. */
  TEAMS_BAD_RESPONSE: 'TEAMS_BAD_RESPONSE',
  /** Teams: any other Bot Connector failure (catch-all; the message names it). */
  TEAMS_SEND_FAILED: 'TEAMS_SEND_FAILED',
  /** Teams: the proactive turn never ran our callback. */
  TEAMS_NOT_RUN: 'TEAMS_NOT_RUN',
  /** Teams: the proactive turn had no Bot Connector client. */
  TEAMS_NO_CONNECTOR: 'TEAMS_NO_CONNECTOR',
  /** Teams: no stored conversation reference for the conversation (the bot was never added there). */
  NO_CONVERSATION_REFERENCE: 'NO_CONVERSATION_REFERENCE',
  /** Teams: the stored conversation reference does not parse. */
  INVALID_CONVERSATION_REFERENCE: 'INVALID_CONVERSATION_REFERENCE',
});
export type ChatErrorCode = keyof typeof CHAT_ERROR_CODES;

/** A chat platform refused or failed a request. */
export class ChatError extends AppError<ChatErrorCode> {
  constructor(code: ChatErrorCode, message: string, options?: { cause?: unknown; userHint?: string }) {
    super(code, message, options);
    this.userHint = options?.userHint ?? null;
  }

  /** What the person who ran the command can do about it, in the platform's own words (set by the adapter). */
  readonly userHint: string | null;
}

/** Codes of a CommandError: the chat command text did not parse; the message tells the user what to type. */
export const COMMAND_ERROR_CODES = codes({
  /** The command is longer than MAX_COMMAND_LENGTH. */
  COMMAND_TOO_LONG: 'COMMAND_TOO_LONG',
  /** The first word is not a command. */
  COMMAND_UNKNOWN: 'COMMAND_UNKNOWN',
  /** `latest` with something other than one number from 1 to 50. */
  COMMAND_BAD_LATEST: 'COMMAND_BAD_LATEST',
  /** `search` without words. */
  COMMAND_BAD_SEARCH: 'COMMAND_BAD_SEARCH',
  /** `subscribe` with a word, time, day, cron, time zone or filter it cannot read. */
  COMMAND_BAD_SUBSCRIBE: 'COMMAND_BAD_SUBSCRIBE',
  /** `unsubscribe` with arguments. */
  COMMAND_BAD_UNSUBSCRIBE: 'COMMAND_BAD_UNSUBSCRIBE',
  /** `status` with arguments. */
  COMMAND_BAD_STATUS: 'COMMAND_BAD_STATUS',
  /** `sources` with arguments. */
  COMMAND_BAD_SOURCES: 'COMMAND_BAD_SOURCES',
  /** `lang` without a valid language list. */
  COMMAND_BAD_LANG: 'COMMAND_BAD_LANG',
  /** `updates` with something other than on or off. */
  COMMAND_BAD_UPDATES: 'COMMAND_BAD_UPDATES',
});
export type CommandErrorCode = keyof typeof COMMAND_ERROR_CODES;

/** A user command could not be parsed. */
export class CommandError extends AppError<CommandErrorCode> {}

/** Codes of a StoreError: the database failed, or refused a write that would break an invariant. */
export const STORE_ERROR_CODES = codes({
  /** The database cannot be opened as configured (bad DATABASE_URL, unwritable or damaged file): exit 2. */
  STORE_UNUSABLE: 'STORE_UNUSABLE',
  /** The database is unreachable or locked for now, or its file was replaced under us: exit 1, may pass by itself. */
  STORE_UNAVAILABLE: 'STORE_UNAVAILABLE',
  /** Another delivery to the same channel already reserved some of these stories: the digest is rebuilt. */
  STORIES_TAKEN: 'STORIES_TAKEN',
  /** A named lock was not obtained within its timeout: another instance holds it. */
  LOCK_TIMEOUT: 'LOCK_TIMEOUT',
  /** A lease (the poll lease, or a delivery's via LeaseLostError) was lost: another worker owns the work now. */
  LEASE_LOST: 'LEASE_LOST',
});
export type StoreErrorCode = keyof typeof STORE_ERROR_CODES;

/** A store operation failed. */
export class StoreError extends AppError<StoreErrorCode> {}
