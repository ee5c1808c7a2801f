/**
 * Interaction payloads as Slack sends them (api.slack.com/reference/interaction-payloads): form-encoded
 * `payload=<json>` bodies for block_actions, view_submission and block_suggestion.
 */

export const TEAM = { id: 'T0001', domain: 'fake' };
const user = (id: string) => ({ id, username: id.toLowerCase(), name: id.toLowerCase(), team_id: TEAM.id });
let counter = 0;
const triggerId = () => `${Date.now()}.${++counter}.trigger`;
const actionTs = () => `${Math.floor(Date.now() / 1000)}.${String(++counter).padStart(6, '0')}`;

/** The form body Slack posts to the request URL for any interaction. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A button or menu pressed on the App Home tab. */
export function homeActionPayload(options: {
  userId?: string;
  actionId: string;
  value: string;
  viewId?: string;
}): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: user(options.userId ?? 'U0001'),
    api_app_id: 'A0001',
    token: 'deprecated-verification-token',
    container: { type: 'view', view_id: options.viewId ?? 'VHOME' },
    trigger_id: triggerId(),
    team: TEAM,
    enterprise: null,
    is_enterprise_install: false,
    view: {
      id: options.viewId ?? 'VHOME',
      team_id: TEAM.id,
      type: 'home',
      blocks: [],
      private_metadata: '',
      callback_id: '',
      state: { values: {} },
      hash: 'h1',
      app_id: 'A0001',
      bot_id: 'BBOT',
    },
    actions: [
      {
        action_id: options.actionId,
        block_id: 'b1',
        text: { type: 'plain_text', text: 'x', emoji: true },
        value: options.value,
        type: 'button',
        action_ts: actionTs(),
      },
    ],
  };
}

/** An option chosen in a message's overflow menu, or a button pressed in a message (ephemeral or not). */
export function messageActionPayload(options: {
  userId?: string;
  channelId: string;
  messageTs: string;
  responseUrl: string;
  action: Record<string, unknown>;
  ephemeral?: boolean;
}): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: user(options.userId ?? 'U0001'),
    api_app_id: 'A0001',
    token: 'deprecated-verification-token',
    container: {
      type: 'message',
      message_ts: options.messageTs,
      channel_id: options.channelId,
      is_ephemeral: options.ephemeral ?? false,
    },
    trigger_id: triggerId(),
    team: TEAM,
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: options.channelId, name: 'migration' },
    ...(options.ephemeral
      ? {}
      : {
          message: { type: 'message', user: 'UBOT', bot_id: 'BBOT', ts: options.messageTs, text: 'digest', blocks: [] },
        }),
    state: { values: {} },
    response_url: options.responseUrl,
    actions: [{ block_id: 'b1', action_ts: actionTs(), ...options.action }],
  };
}

/** A modal submitted with these `state.values` (as the view the bot opened, with its id and hash). */
export function viewSubmissionPayload(
  view: Record<string, unknown>,
  values: Record<string, unknown>,
  options: { userId?: string; viewId?: string } = {},
): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: TEAM,
    user: user(options.userId ?? 'U0001'),
    api_app_id: 'A0001',
    token: 'deprecated-verification-token',
    trigger_id: triggerId(),
    view: {
      id: options.viewId ?? 'V000001',
      team_id: TEAM.id,
      app_id: 'A0001',
      bot_id: 'BBOT',
      hash: `h${++counter}`,
      root_view_id: options.viewId ?? 'V000001',
      previous_view_id: null,
      ...view,
      state: { values },
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** The user typed `value` into an external_select (options load). */
export function blockSuggestionPayload(options: {
  actionId: string;
  blockId: string;
  value: string;
  view: Record<string, unknown>;
}): Record<string, unknown> {
  return {
    type: 'block_suggestion',
    user: user('U0001'),
    container: { type: 'view', view_id: 'V000001' },
    api_app_id: 'A0001',
    token: 'deprecated-verification-token',
    action_id: options.actionId,
    block_id: options.blockId,
    value: options.value,
    team: TEAM,
    enterprise: null,
    is_enterprise_install: false,
    view: { id: 'V000001', ...options.view },
  };
}

const selected = (type: string, value: string | null) => ({
  type,
  selected_option: value === null ? null : { text: { type: 'plain_text', text: value, emoji: true }, value },
});

/** The subscribe modal's state.values as Slack reports them (null where a field was left empty). */
export function subscribeValues(f: {
  channel?: string | null;
  schedule?: string | null;
  day?: string | null;
  time?: string | null;
  timezone?: string | null;
  language1?: string | null;
  language2?: string | null;
  filter?: string | null;
}) {
  return {
    channel: { mn_channel: { type: 'conversations_select', selected_conversation: f.channel ?? null } },
    schedule: { mn_schedule: selected('static_select', f.schedule ?? null) },
    day: { mn_day: selected('static_select', f.day ?? null) },
    time: { mn_time: { type: 'timepicker', selected_time: f.time ?? null } },
    timezone: { mn_timezone: selected('external_select', f.timezone ?? null) },
    language_1: { mn_language_1: selected('static_select', f.language1 ?? null) },
    language_2: { mn_language_2: selected('static_select', f.language2 ?? null) },
    filter: { mn_filter: { type: 'plain_text_input', value: f.filter ?? null } },
  };
}
