import { ChatError } from '../../src/domain/errors.js';

/** ChatError codes this adapter produces; NOT_IN_CHANNEL carries the invite hint the core shows; all are for logs and status. */
export type SlackErrorCode =
  | 'NOT_IN_CHANNEL'
  | 'CHANNEL_ARCHIVED'
  | 'RATE_LIMITED'
  | 'AUTH_FAILED'
  | 'INVALID_PAYLOAD'
  | 'UNAVAILABLE'
  | 'PLATFORM_ERROR';

const BY_SLACK_ERROR: Record<string, SlackErrorCode> = {
  not_in_channel: 'NOT_IN_CHANNEL',
  channel_not_found: 'NOT_IN_CHANNEL',
  is_archived: 'CHANNEL_ARCHIVED',
  ratelimited: 'RATE_LIMITED',
  rate_limited: 'RATE_LIMITED',
  message_limit_exceeded: 'RATE_LIMITED',
  invalid_auth: 'AUTH_FAILED',
  not_authed: 'AUTH_FAILED',
  account_inactive: 'AUTH_FAILED',
  token_revoked: 'AUTH_FAILED',
  token_expired: 'AUTH_FAILED',
  missing_scope: 'AUTH_FAILED',
  no_permission: 'AUTH_FAILED',
  ekm_access_denied: 'AUTH_FAILED',
  invalid_blocks: 'INVALID_PAYLOAD',
  invalid_blocks_format: 'INVALID_PAYLOAD',
  msg_too_long: 'INVALID_PAYLOAD',
  no_text: 'INVALID_PAYLOAD',
  invalid_metadata_format: 'INVALID_PAYLOAD',
  invalid_metadata_schema: 'INVALID_PAYLOAD',
  metadata_too_large: 'INVALID_PAYLOAD',
  internal_error: 'UNAVAILABLE',
  fatal_error: 'UNAVAILABLE',
  service_unavailable: 'UNAVAILABLE',
  request_timeout: 'UNAVAILABLE',
};

interface WebApiErrorShape {
  code?: string;
  data?: { error?: string; response_metadata?: { messages?: string[] } };
  retryAfter?: number;
  statusCode?: number;
  original?: Error;
}

const NOT_IN_CHANNEL_HINT =
  'I am not a member of this channel, so I cannot post the digest here. Invite me with `/invite @Migration News` and try again.';

/** A DM (id D...) the bot cannot see is one between other people: no one can invite an app there. */
export const DIRECT_MESSAGE_HINT =
  'I cannot post in a direct message between other people. Use `/migration-news` in a channel I am in, or in your direct message with me (Apps → Migration News).';

/** Seconds Slack asked us to wait, when the error is a 429. */
export function retryAfterSeconds(error: unknown): number | null {
  const e = error as WebApiErrorShape | undefined;
  return e?.code === 'slack_webapi_rate_limited_error' && typeof e.retryAfter === 'number' ? e.retryAfter : null;
}

/**
 * Translates a @slack/web-api error (matched by its documented `code`) into a ChatError at the adapter's edge;
 * `channelId`, when the call named one, picks the hint a user is shown.
 */
export function toChatError(error: unknown, method: string, channelId?: string): ChatError {
  if (error instanceof ChatError) return error;
  const e = (error ?? {}) as WebApiErrorShape;
  switch (e.code) {
    case 'slack_webapi_platform_error': {
      const slackError = e.data?.error ?? 'unknown_error';
      const detail = e.data?.response_metadata?.messages?.join('; ');
      const code = BY_SLACK_ERROR[slackError] ?? 'PLATFORM_ERROR';
      return new ChatError(code, `Slack ${method} failed: ${slackError}${detail ? ` (${detail})` : ''}`, {
        cause: error,
        ...(code === 'NOT_IN_CHANNEL'
          ? { userHint: channelId?.startsWith('D') ? DIRECT_MESSAGE_HINT : NOT_IN_CHANNEL_HINT }
          : {}),
      });
    }
    case 'slack_webapi_rate_limited_error':
      return new ChatError('RATE_LIMITED', `Slack ${method} was rate limited (retry after ${e.retryAfter ?? '?'} s)`, {
        cause: error,
      });
    case 'slack_webapi_http_error':
      return new ChatError(
        (e.statusCode ?? 500) >= 500
          ? 'UNAVAILABLE'
          : e.statusCode === 401 || e.statusCode === 403
            ? 'AUTH_FAILED'
            : 'PLATFORM_ERROR',
        `Slack ${method} failed with HTTP ${e.statusCode ?? '?'}`,
        { cause: error },
      );
    case 'slack_webapi_request_error':
      return new ChatError('UNAVAILABLE', `Slack ${method} request failed: ${e.original?.message ?? 'network error'}`, {
        cause: error,
      });
    default:
      return new ChatError('PLATFORM_ERROR', `Slack ${method} failed: ${(error as Error)?.message ?? String(error)}`, {
        cause: error,
      });
  }
}
