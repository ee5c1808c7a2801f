import { createHmac } from 'node:crypto';

/** Slack's v0 request signature: HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret. */
export function signSlackRequest(
  secret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-signature': signature, 'x-slack-request-timestamp': String(timestamp) };
}

export interface SlackRequestOptions {
  /** Signing secret to sign with; null sends the request unsigned. */
  secret: string | null;
  /** Unix seconds to sign with (stale requests: now - 301). */
  timestamp?: number;
  contentType?: 'application/x-www-form-urlencoded' | 'application/json';
  headers?: Record<string, string>;
}

export interface SlackResponse {
  status: number;
  body: string;
  /** Milliseconds from sending to the complete response. */
  ms: number;
}

/** POSTs a body to the bot's /slack/events as Slack does, signed with `secret`. */
export async function postToSlackEndpoint(
  url: string,
  body: string,
  options: SlackRequestOptions,
): Promise<SlackResponse> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      ...(options.secret === null ? {} : signSlackRequest(options.secret, body, options.timestamp)),
      ...options.headers,
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text, ms: performance.now() - started };
}

export interface SlashCommandFields {
  text: string;
  channel_id?: string;
  /** Slack sends "directmessage" for any DM, "mpdm-a--b-1" for a group DM, "privategroup" for some private channels. */
  channel_name?: string;
  user_id?: string;
  response_url: string;
  trigger_id?: string;
  command?: string;
}

let triggerCounter = 0;

/** The form body of a slash command invocation. */
export function slashCommandBody(fields: SlashCommandFields): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0001',
    team_domain: 'fake',
    channel_id: fields.channel_id ?? 'C0001',
    channel_name: fields.channel_name ?? 'migration',
    user_id: fields.user_id ?? 'U0001',
    user_name: 'alice',
    command: fields.command ?? '/migration-news',
    text: fields.text,
    api_app_id: 'A0001',
    is_enterprise_install: 'false',
    response_url: fields.response_url,
    trigger_id: fields.trigger_id ?? `trigger-${Date.now()}-${++triggerCounter}`,
  }).toString();
}

let eventCounter = 0;

/** The JSON body of an Events API `event_callback`. */
export function eventCallbackBody(
  event: Record<string, unknown>,
  options: { eventId?: string; teamId?: string } = {},
): string {
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: options.teamId ?? 'T0001',
    api_app_id: 'A0001',
    event: { event_ts: event.ts, ...event },
    type: 'event_callback',
    event_id: options.eventId ?? `Ev${Date.now()}${++eventCounter}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { team_id: options.teamId ?? 'T0001', user_id: 'UBOT', is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  });
}
