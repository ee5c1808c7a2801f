import type { App, webApi } from '@slack/bolt';
import { z } from 'zod';
import { zonesStartingWith } from '../../src/chat/handle-interaction.js';
import { ChatError } from '../../src/domain/errors.js';
import type { ChatAction, FormResult, SubscriptionFormModel } from '../../src/domain/interactions.js';
import type { ChatEvent, ChatEventHandler, OutgoingMessage } from '../../src/ports/chat-adapter.js';
import type { Logger } from '../../src/util/create-logger.js';
import { type AskModalMeta, QUESTION_BLOCK, renderAskModal } from './blocks/render-ask-modal.js';
import { renderHome } from './blocks/render-home.js';
import { renderMessage } from './blocks/render-message.js';
import { ephemeralResponse, messageFlags } from './blocks/slack-blocks.js';
import {
  FIELD_BLOCK,
  inputAction,
  LANGUAGE_2_BLOCK,
  renderSubscribeModal,
  zoneOptions,
} from './blocks/render-subscribe-modal.js';
import { toChatError } from './to-chat-error.js';
import {
  ACTION,
  slackChannelId,
  slackTs,
  slackUserId,
  sourceId,
  storyId,
  storyOptionValue,
  VIEW,
} from './blocks/slack-ids.js';

type Call = <T>(method: string, fn: () => Promise<T>, repeatable: boolean) => Promise<T>;

export interface InteractionDeps {
  bolt: App;
  client: webApi.WebClient;
  call: Call;
  emit: ChatEventHandler;
  log: Logger;
}

export interface SlackInteractions {
  /** views.open at once with the command's trigger_id (valid 3 s), then the user's zone from users.info. */
  openSubscribeModal(triggerId: string, form: SubscriptionFormModel, userId: string): Promise<void>;
  publishHome(userId: string): Promise<void>;
}

// Slack waits 3 s for a view_submission answer; past this the modal is closed and the result sent as a message.
const FORM_ANSWER_MS = 2_500;

const viewState = z.record(z.string(), z.record(z.string(), z.unknown()));
const askMeta = z.object({ storyId, channelId: slackChannelId, threadTs: slackTs });
const subscribeMeta = z.object({ userTz: z.string().max(100).nullable() }).catch({ userTz: null });
// The parts of a block_actions payload this app reads; everything else is ignored.
const actionBody = z.object({
  user: z.object({ id: slackUserId }),
  trigger_id: z.string().max(200).optional(),
  channel: z.object({ id: slackChannelId }).optional(),
  message: z.object({ ts: slackTs, thread_ts: slackTs.optional() }).optional(),
  container: z.object({ message_ts: slackTs.optional() }).partial().optional(),
});

/**
 * Slack interactivity on the same request URL (SPEC 7.1): the App Home tab, the subscribe modal, the story menu of
 * digests and the Undo button. Bolt has verified the signature; every id in a payload is checked before use, and
 * the core decides (same handlers and validation as the grammar).
 */
export function registerInteractions(d: InteractionDeps): SlackInteractions {
  const { bolt, client, call, emit, log } = d;

  const send = async (userId: string, channelId: string | null, message: OutgoingMessage) => {
    for (const { payload } of renderMessage(message)) {
      // Ephemeral in the channel when the bot is there; otherwise in the user's DM with the app.
      const failed = channelId
        ? await call(
            'chat.postEphemeral',
            () =>
              client.chat.postEphemeral({
                channel: channelId,
                user: userId,
                text: payload.text,
                blocks: payload.blocks as never,
                ...messageFlags(payload),
              }),
            false,
          )
            .then(() => null)
            .catch((error: unknown) => toChatError(error, 'chat.postEphemeral'))
        : new ChatError('NO_CHANNEL', 'no channel to answer in');
      if (!failed) continue;
      // The user is not in that channel, or the bot is not: the DM with the app; when the bot is missing, how to fix it.
      const botMissing = failed.code === 'NOT_IN_CHANNEL' && channelId && /^[CG]/.test(channelId);
      const hint = botMissing
        ? `\n:warning: I am not in <#${channelId}> yet, so I cannot post there: \`/invite @Migration News\` in that channel.`
        : '';
      const blocks = hint
        ? [...payload.blocks, { type: 'section', text: { type: 'mrkdwn', text: hint.trim() } }]
        : payload.blocks;
      await call(
        'chat.postMessage',
        () =>
          client.chat.postMessage({
            channel: userId,
            text: `${payload.text}${hint}`,
            blocks: blocks as never,
            ...messageFlags(payload),
          }),
        false,
      );
    }
  };

  async function userTimezone(userId: string): Promise<string | null> {
    const info = await call('users.info', () => client.users.info({ user: userId }), true).catch((err: unknown) => {
      log.debug({ err }, 'users.info failed: the zone menu starts with the default zone');
      return null;
    });
    const tz = info?.user?.tz;
    return typeof tz === 'string' && tz.length < 100 ? tz : null;
  }

  const interactions: SlackInteractions = {
    async openSubscribeModal(triggerId, form, userId) {
      const opened = await call(
        'views.open',
        () => client.views.open({ trigger_id: triggerId, view: renderSubscribeModal(form, { userTz: null }) }),
        false,
      );
      const tz = await userTimezone(userId);
      if (!tz || !opened.view?.id) return;
      // A new subscription starts in the user's own zone; an existing one keeps its zone, with the user's first in the menu.
      const next = form.existing ? form : { ...form, timezone: tz, zones: zonesStartingWith(tz) };
      await call(
        'views.update',
        () =>
          client.views.update({
            view_id: opened.view?.id ?? '',
            hash: opened.view?.hash ?? '',
            view: renderSubscribeModal(next, { userTz: tz }),
          }),
        false,
      ).catch((err: unknown) =>
        log.debug({ err }, 'subscribe modal not updated with the user zone (the user may have typed already)'),
      );
    },
    async publishHome(userId) {
      await emit({
        type: 'home',
        platform: 'slack',
        eventId: `home:${userId}:${Date.now()}`,
        userId,
        show: async ({ views, sourcesLine, partial, more }) => {
          await call(
            'views.publish',
            () =>
              client.views.publish({
                user_id: userId,
                view: renderHome(views, sourcesLine, { partial: partial ?? false, more: more ?? 0 }),
              }),
            true,
          );
        },
      });
    },
  };

  bolt.event('app_home_opened', async ({ event }) => {
    const user = slackUserId.safeParse(event.user);
    if (event.tab !== 'home' || !user.success) return;
    await interactions.publishHome(user.data);
  });

  // Home buttons: New subscription, and per channel Edit / Post latest now / Unsubscribe (value: the channel id).
  const homeAction =
    (name: 'open_form' | 'post_latest' | 'unsubscribe') =>
    async ({ ack, body, action }: { ack: () => Promise<void>; body: unknown; action: unknown }) => {
      await ack();
      const parsed = actionBody.safeParse(body);
      if (!parsed.success) return log.warn('Slack home action with an unexpected payload ignored');
      const userId = parsed.data.user.id;
      const value = (action as { value?: unknown }).value;
      const channel = name === 'open_form' && value === 'new' ? null : slackChannelId.safeParse(value);
      if (channel && !channel.success) return log.warn('Slack home action with an invalid channel id ignored');
      const channelId = channel ? channel.data : null;
      const triggerId = parsed.data.trigger_id;
      await emit({
        type: 'action',
        platform: 'slack',
        eventId: `action:${triggerId ?? Date.now()}`,
        channel: channelId ? { platform: 'slack', channelId } : null,
        userId,
        action: { name },
        respond: (message) => send(userId, channelId, message),
        ...(triggerId
          ? { openForm: (form: SubscriptionFormModel) => interactions.openSubscribeModal(triggerId, form, userId) }
          : {}),
      });
      if (name !== 'open_form') await interactions.publishHome(userId);
    };
  bolt.action(ACTION.homeNew, homeAction('open_form'));
  bolt.action(ACTION.homeEdit, homeAction('open_form'));
  bolt.action(ACTION.homePost, homeAction('post_latest'));
  bolt.action(ACTION.homeUnsubscribe, homeAction('unsubscribe'));

  // The story menu of a digest, and the Undo of a mute: answered ephemerally through the action's response_url.
  const messageAction =
    (read: (action: unknown) => ChatAction | null) =>
    async ({
      ack,
      body,
      action,
      respond,
    }: {
      ack: () => Promise<void>;
      body: unknown;
      action: unknown;
      respond: (m: Record<string, unknown>) => Promise<unknown>;
    }) => {
      await ack();
      const parsed = actionBody.safeParse(body);
      const chatAction = read(action);
      if (!parsed.success || !parsed.data.channel || !chatAction)
        return log.warn('Slack message action with an unexpected payload ignored');
      const { user, channel, message, trigger_id: triggerId } = parsed.data;
      const threadTs = message?.thread_ts ?? message?.ts ?? parsed.data.container?.message_ts;
      await emit({
        type: 'action',
        platform: 'slack',
        eventId: `action:${triggerId ?? `${channel.id}:${Date.now()}`}`,
        channel: { platform: 'slack', channelId: channel.id },
        userId: user.id,
        action: chatAction,
        async respond(reply) {
          for (const { payload } of renderMessage(reply)) await respond(ephemeralResponse(payload));
        },
        ...(triggerId && threadTs
          ? {
              openQuestion: async (id: string, title: string) => {
                const meta: AskModalMeta = { storyId: id, channelId: channel.id, threadTs };
                await call(
                  'views.open',
                  () => client.views.open({ trigger_id: triggerId, view: renderAskModal(title, meta) }),
                  false,
                );
              },
            }
          : {}),
      });
    };
  bolt.action(
    ACTION.story,
    messageAction((action) => {
      const value = storyOptionValue.safeParse(
        (action as { selected_option?: { value?: unknown } }).selected_option?.value,
      );
      return value.success ? value.data : null;
    }),
  );
  bolt.action(
    ACTION.undo,
    messageAction((action) => {
      const value = z
        .string()
        .regex(/^unmute:/)
        .transform((v) => sourceId.parse(v.slice(7)))
        .safeParse((action as { value?: unknown }).value);
      return value.success ? { name: 'unmute', sourceId: value.data } : null;
    }),
  );

  // The zone menu is searchable: Slack asks for options as the user types.
  bolt.options({ action_id: inputAction(FIELD_BLOCK.timezone) }, async ({ ack, body }) => {
    const query =
      typeof (body as { value?: unknown }).value === 'string' ? (body as { value: string }).value.slice(0, 100) : '';
    const meta = subscribeMeta.parse(
      safeJson((body as { view?: { private_metadata?: string } }).view?.private_metadata),
    );
    await ack({ options: zoneOptions(zonesStartingWith(), query, meta.userTz) } as never);
  });

  bolt.view(VIEW.subscribe, async ({ ack, body, view }) => {
    const user = slackUserId.safeParse(body.user?.id);
    if (!user.success) return ack({ response_action: 'errors', errors: { [FIELD_BLOCK.channel]: 'Unknown user.' } });
    const fields = readSubscribeForm(view.state?.values);
    const channelId = slackChannelId.safeParse(fields.channel);
    let answered: (result: FormResult) => void = () => undefined;
    const result = new Promise<FormResult>((resolve) => {
      answered = resolve;
    });
    const work = channelId.success
      ? emit({
          type: 'form',
          platform: 'slack',
          eventId: `view:${view.id}:${view.hash}`,
          userId: user.data,
          channel: null,
          fields,
          done: async (r) => answered(r),
        })
      : Promise.resolve(answered({ ok: false, errors: { channel: 'Pick a channel.' } }));
    const outcome = await Promise.race([
      result,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), FORM_ANSWER_MS).unref()),
    ]);
    if (outcome && !outcome.ok) {
      const errors = Object.fromEntries(
        Object.entries(outcome.errors).map(([field, message]) => [
          FIELD_BLOCK[field as keyof typeof FIELD_BLOCK],
          message,
        ]),
      );
      return ack({ response_action: 'errors', errors });
    }
    await ack();
    void work
      .then(async () => {
        const final = outcome ?? (await result);
        if (!final.ok)
          return send(user.data, null, {
            kind: 'notice',
            tone: 'error',
            text: `The subscription was not saved: ${Object.values(final.errors).join(' ')}`,
          });
        await send(user.data, final.channelId, { kind: 'notice', tone: 'info', text: final.text });
        await interactions.publishHome(user.data);
      })
      .catch((err: unknown) => log.error({ err }, 'Slack subscribe form follow-up failed'));
  });

  bolt.view(VIEW.ask, async ({ ack, body, view }) => {
    const user = slackUserId.safeParse(body.user?.id);
    const meta = askMeta.safeParse(safeJson(view.private_metadata));
    const question = String(
      (view.state?.values?.[QUESTION_BLOCK]?.[`mn_${QUESTION_BLOCK}`] as { value?: unknown } | undefined)?.value ?? '',
    ).trim();
    if (!user.success || !meta.success)
      return ack({
        response_action: 'errors',
        errors: { [QUESTION_BLOCK]: 'This form is out of date; use the menu of the story again.' },
      });
    if (!question) return ack({ response_action: 'errors', errors: { [QUESTION_BLOCK]: 'Type a question.' } });
    await ack();
    const { storyId: id, channelId, threadTs } = meta.data;
    const event: ChatEvent = {
      type: 'action',
      platform: 'slack',
      eventId: `ask:${view.id}`,
      channel: { platform: 'slack', channelId },
      userId: user.data,
      action: { name: 'ask', storyId: id, question, thread: { platform: 'slack', channelId, threadId: threadTs } },
      respond: (message) => send(user.data, channelId, message),
    };
    void emit(event);
  });

  return interactions;
}

/** The submitted modal's values as the form's raw fields (strings; validated by the core). */
export function readSubscribeForm(values: unknown): Record<string, unknown> {
  const state = viewState.safeParse(values);
  const get = (block: string) =>
    state.success ? (state.data[block]?.[inputAction(block)] as Record<string, unknown> | undefined) : undefined;
  const selected = (block: string) => {
    const option = get(block)?.selected_option as { value?: unknown } | null | undefined;
    return typeof option?.value === 'string' ? option.value : undefined;
  };
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const languages = [selected(FIELD_BLOCK.languages), selected(LANGUAGE_2_BLOCK)].filter((l): l is string =>
    Boolean(l),
  );
  return {
    channel: str(get(FIELD_BLOCK.channel)?.selected_conversation),
    schedule: selected(FIELD_BLOCK.schedule),
    day: selected(FIELD_BLOCK.day),
    time: str(get(FIELD_BLOCK.time)?.selected_time),
    timezone: selected(FIELD_BLOCK.timezone),
    languages,
    filter: str(get(FIELD_BLOCK.filter)?.value),
  };
}

function safeJson(text: unknown): unknown {
  if (typeof text !== 'string' || text.length > 3_000) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
