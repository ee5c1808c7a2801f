import {
  App,
  type Logger as BoltLogger,
  ExpressReceiver,
  HTTPModuleFunctions,
  type RespondArguments,
  webApi,
} from '@slack/bolt';
import type express from 'express';
import type { Config } from '../../src/config/load-config.js';
import { ChatError } from '../../src/domain/errors.js';
import { updateKey } from '../../src/domain/story-update.js';
import type { ChannelRef, ThreadRef } from '../../src/domain/types.js';
import type {
  ChatAdapter,
  ChatEvent,
  ChatEventHandler,
  OutgoingMessage,
  PostedMessage,
  PostOptions,
} from '../../src/ports/chat-adapter.js';
import type { Logger } from '../../src/util/create-logger.js';
import { createRecentKeys } from '../../src/util/recent-keys.js';
import { type FoundDigest, findPostedDigest } from './find-posted-digest.js';
import { findPostedUpdate } from './find-posted-update.js';
import { NOT_CONNECTED_RETRY_S, NotConnectedYet, notConnectedYet } from './not-connected-yet.js';
import { postOnce } from './post-once.js';
import { registerInteractions } from './register-interactions.js';
import { registerMembership } from './register-membership.js';
import { renderMessage } from './blocks/render-message.js';
import { ephemeralResponse, type SlackMessage } from './blocks/slack-blocks.js';
import { slackTextToPlain } from './slack-text-to-plain.js';
import { toBoltLogger } from './to-bolt-logger.js';
import { DIRECT_MESSAGE_HINT, toChatError } from './to-chat-error.js';
import { type SlackMessageEvent, toQuestion } from './to-question.js';
import { DEFAULT_RETRY_POLICY, RetryAfterGate, type RetryPolicy, withSlackRetry } from './with-slack-retry.js';

export type SlackConfig = NonNullable<Config['slack']>;

export interface SlackAdapterDeps {
  log: Logger;
  /** The `serve` express app: HTTP mode mounts POST /slack/events on it (required unless Socket Mode). */
  app?: express.Express;
  /** Web API request timeout (default 10 s). */
  timeoutMs?: number;
  /** Bounds on retries of Web API calls (tests shorten them). */
  retry?: Partial<RetryPolicy>;
  /** The clock a remembered Retry-After is kept by, in ms (default Date.now; tests move it on). */
  now?: () => number;
}

export interface SlackIdentity {
  botUserId: string;
  botId: string | null;
  teamId: string | null;
}

export interface SlackAdapter extends ChatAdapter {
  readonly platform: 'slack';
  readonly mode: 'http' | 'socket';
  /** The bot's own ids, learnt from auth.test in start(); null before. */
  identity(): SlackIdentity | null;
}

export const SLACK_EVENTS_PATH = '/slack/events';

/**
 * The Slack adapter (SPEC 7.1) on Bolt: HTTP mode (ExpressReceiver on the bot's express app, signed
 * requests only) or Socket Mode when an app token is configured. Commands are acknowledged at once and
 * handled by the core in the background; digests go out with chat.postMessage and message metadata.
 */
export function createSlackAdapter(config: SlackConfig, deps: SlackAdapterDeps): SlackAdapter {
  const { log } = deps;
  const mode = config.appToken ? 'socket' : 'http';
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...deps.retry };
  // Structurally Bolt's Logger; its LogLevel is an enum of the same strings.
  const logger = toBoltLogger(log) as unknown as BoltLogger;
  const clientOptions = {
    slackApiUrl: config.apiUrl.endsWith('/') ? config.apiUrl : `${config.apiUrl}/`,
    timeout: deps.timeoutMs ?? 10_000,
    // Retries are ours (with-slack-retry.ts): the WebClient neither retries nor sleeps on 429 itself.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger,
  };
  const client = new webApi.WebClient(config.botToken, clientOptions);
  // Bolt's own client only opens Socket Mode connections (apps.connections.open): safe to retry, bounded.
  const boltClientOptions = {
    ...clientOptions,
    rejectRateLimitedCalls: false,
    retryConfig: { retries: 3, factor: 2, minTimeout: 1_000, maxTimeout: 10_000 },
  };

  let receiver: ExpressReceiver | undefined;
  if (mode === 'http') {
    if (!config.signingSecret)
      throw new ChatError(
        'CONFIG',
        'SLACK_SIGNING_SECRET is required for Slack over HTTP (or set SLACK_APP_TOKEN for Socket Mode)',
      );
    if (!deps.app)
      throw new ChatError(
        'CONFIG',
        'the Slack adapter in HTTP mode needs the express app to mount POST /slack/events on',
      );
    // Mounted now, before the server listens; the receiver verifies every request's signature and age (401 otherwise).
    receiver = new ExpressReceiver({
      signingSecret: config.signingSecret,
      app: deps.app,
      endpoints: SLACK_EVENTS_PATH,
      logger,
      processBeforeResponse: false,
      processEventErrorHandler: async (args) => {
        if (!(args.error instanceof NotConnectedYet)) return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
        args.response.writeHead(503, { 'retry-after': String(NOT_CONNECTED_RETRY_S) });
        args.response.end();
        return false;
      },
    });
    // Until auth.test has answered there is no Bolt app: signed requests get an answer that says so (see below).
    receiver.init(notConnectedYet(log) as unknown as App);
  }

  let bolt: App | undefined;
  let self: SlackIdentity | null = null;
  const seenMessages = createRecentKeys();
  // Digests found partly posted by findPostedDigest: post() then sends only the missing parts.
  const partlyPosted = new Map<string, FoundDigest>();
  // Retry-After is remembered across calls (per method, per channel where the call names one): see RetryAfterGate.
  const gate = new RetryAfterGate(deps.now);
  const call = <T>(
    method: string,
    fn: () => Promise<T>,
    repeatable: boolean,
    channelId?: string,
    beforeDelayedCall?: () => Promise<void>,
  ) =>
    withSlackRetry(method, fn, {
      policy,
      repeatable,
      log,
      gate,
      ...(channelId ? { scope: channelId } : {}),
      ...(beforeDelayedCall ? { beforeDelayedCall } : {}),
    });

  /** `beforeDelayedCall`: the delivery's lease check, again after any Retry-After wait (a frozen process lost it). */
  async function postPayload(
    channelId: string,
    payload: SlackMessage,
    threadTs?: string,
    beforeDelayedCall?: () => Promise<void>,
  ): Promise<string> {
    const result = await call(
      'chat.postMessage',
      () =>
        client.chat.postMessage({
          channel: channelId,
          ...(threadTs ? { thread_ts: threadTs } : {}),
          ...payload,
        } as webApi.ChatPostMessageArguments),
      false,
      channelId,
      beforeDelayedCall,
    );
    if (!result.ts) throw new ChatError('PLATFORM_ERROR', 'Slack chat.postMessage returned no ts');
    return result.ts;
  }

  /**
   * The invite hint when conversations.info says the bot is not in the channel (or cannot see it); null if unsure.
   * A DM the bot cannot see is one between other people (Slack sends commands from any DM): no invite there.
   */
  async function notInChannelHint(channelId: string): Promise<string | null> {
    const info = await call(
      'conversations.info',
      () => client.conversations.info({ channel: channelId }),
      true,
      channelId,
    )
      .then((r) => (r.channel?.is_member === false ? 'NOT_IN_CHANNEL' : null))
      .catch((error: unknown) => toChatError(error, 'conversations.info').code);
    if (info !== 'NOT_IN_CHANNEL') return null;
    return channelId.startsWith('D') ? `But ${DIRECT_MESSAGE_HINT}` : NOT_MEMBER_HINT;
  }

  /** The parts of a digest in a channel's history since `since` (message metadata); throws when it cannot be read. */
  const findDigest = (channelId: string, digestId: string, since: Date) =>
    findPostedDigest(
      (args) =>
        call(
          'conversations.history',
          () => client.conversations.history({ ...args, include_all_metadata: true, limit: 200 }),
          true,
          channelId,
        ) as never,
      { channelId, digestId, since, botId: self?.botId ?? null },
    );

  /** The bot's story update with this key in a thread (replies since `since`, else all); throws when unreadable. */
  const findUpdate = (thread: ThreadRef, updateId: string, since?: Date) =>
    findPostedUpdate(
      (args) =>
        call(
          'conversations.replies',
          () => client.conversations.replies({ ...args, include_all_metadata: true, limit: 200 }),
          true,
          thread.channelId,
        ) as never,
      {
        channelId: thread.channelId,
        threadTs: thread.threadId,
        updateId,
        ...(since ? { since } : {}),
        bot: self ? { botId: self.botId, botUserId: self.botUserId } : null,
      },
    );

  return {
    platform: 'slack',
    mode,
    identity: () => self,

    async start(onEvent: ChatEventHandler) {
      // Our own auth.test (instead of Bolt's, which would crash the process from the constructor): a bad token
      // or an unreachable API fails start() with a clear error, and gives the ids used to ignore our own messages.
      // One try on a network failure (429 still waits its Retry-After): the core's reconnect loop backs off and retries
      // in the background, so a start-up with Slack unreachable does not hold up the server and the other platforms.
      const auth = await call('auth.test', () => client.auth.test(), false).catch((error: unknown) => {
        const e = toChatError(error, 'auth.test');
        // A network failure is not the token's fault: say which one it is (the core retries the first, not the second).
        const advice =
          e.code === 'AUTH_FAILED'
            ? 'Check SLACK_BOT_TOKEN'
            : e.code === 'UNAVAILABLE'
              ? 'Slack cannot be reached: check the network and SLACK_API_URL'
              : 'Check SLACK_BOT_TOKEN and SLACK_API_URL';
        throw new ChatError(e.code, `Slack start-up failed: ${e.message}. ${advice} (${clientOptions.slackApiUrl}).`, {
          cause: error,
        });
      });
      if (!auth.user_id)
        throw new ChatError(
          'AUTH_FAILED',
          'Slack auth.test returned no bot user id: SLACK_BOT_TOKEN must be a bot token (xoxb-...)',
        );
      self = { botUserId: auth.user_id, botId: auth.bot_id ?? null, teamId: auth.team_id ?? null };

      bolt = new App({
        token: config.botToken,
        botId: self.botId ?? undefined,
        botUserId: self.botUserId,
        // Already verified above; Bolt must not call auth.test again on its own.
        tokenVerificationEnabled: false,
        deferInitialization: true,
        clientOptions: boltClientOptions,
        logger,
        ...(mode === 'socket' ? { socketMode: true, appToken: config.appToken } : { receiver }),
      });
      bolt.error(async (error) => {
        log.error({ err: error }, 'Slack listener failed');
      });
      const emit: ChatEventHandler = (event) =>
        onEvent(event).catch((err: unknown) => log.error({ err, event: event.eventId }, 'Slack event handling failed'));

      const interactions = registerInteractions({ bolt, client, call, emit, log });
      registerMembership({
        bolt,
        emit,
        botUserId: self.botUserId,
        post: async (channelId, message) => {
          for (const { payload } of renderMessage(message)) await postPayload(channelId, payload);
        },
        isBotInChannel: (channelId) =>
          call('conversations.info', () => client.conversations.info({ channel: channelId }), true, channelId).then(
            (r) => r.channel?.is_member ?? null,
          ),
      });

      // Whatever the command is named in the app's manifest: Slack sends an app only its own commands.
      bolt.command(/.*/, async ({ command, ack, respond }) => {
        // Slack drops commands not acknowledged within 3 s: ack first, let the core work in the background,
        // started on the next turn of the event loop so that other requests waiting for their ack come first.
        await ack();
        const event: Extract<ChatEvent, { type: 'command' }> = {
          type: 'command',
          platform: 'slack',
          eventId: command.trigger_id || `${command.channel_id}:${Date.now()}`,
          channel: { platform: 'slack', channelId: command.channel_id },
          userId: command.user_id,
          text: slackTextToPlain(command.text ?? '', self?.botUserId),
          async respond(message: OutgoingMessage) {
            for (const { payload } of renderMessage(message)) {
              await respond(ephemeralResponse(payload) as RespondArguments).catch((error: unknown) => {
                throw new ChatError('RESPOND_FAILED', `Slack response_url failed: ${(error as Error).message}`, {
                  cause: error,
                });
              });
            }
          },
        };
        // `subscribe` alone opens the modal: the trigger_id is valid for 3 s, so the core answers with the form first.
        if (command.trigger_id && /^\s*subscribe\s*$/i.test(event.text)) {
          const triggerId = command.trigger_id;
          // Preset to this channel; a DM is no channel to subscribe, so the form then asks for one.
          const here = /^[CG]/.test(command.channel_id) ? command.channel_id : null;
          event.openForm = (form) =>
            interactions.openSubscribeModal(
              triggerId,
              { ...form, channelId: here && form.channelId ? form.channelId : here },
              command.user_id,
            );
        }
        // Slack sends a channel's slash commands whether or not the bot is in it: a subscription there would fail.
        // From a DM, only the bot's own DM with the user can get its digests.
        if (/^[CGD]/.test(command.channel_id)) event.cannotPostHere = () => notInChannelHint(command.channel_id);
        setImmediate(() => void emit(event));
      });

      const onMessage = async ({ event, context }: { event: unknown; context: { retryNum?: number } }) => {
        const question = toQuestion(event as SlackMessageEvent, {
          botUserId: self?.botUserId ?? null,
          botId: self?.botId ?? null,
        });
        if (!question) return;
        // An @mention in a thread arrives twice (app_mention and message, with different event ids), and Slack
        // retries events it thinks we missed: the message itself (channel + ts) is the key, here and in the core.
        const key = `${question.channelId}:${question.ts}`;
        if (!seenMessages.firstSeen(key)) {
          log.debug({ key, retry: context.retryNum }, 'Slack message already handled');
          return;
        }
        // The Messages tab (manifest: messages_tab_enabled, message.im): what the user types there is a command,
        // answered in the DM itself (only the user and the bot see it).
        if (question.directCommand) {
          const channelId = question.channelId;
          const command: ChatEvent = {
            type: 'command',
            platform: 'slack',
            eventId: `message:${key}`,
            channel: { platform: 'slack', channelId },
            userId: question.userId,
            text: question.text,
            async respond(message: OutgoingMessage) {
              for (const { payload } of renderMessage(message)) await postPayload(channelId, payload);
            },
          };
          setImmediate(() => void emit(command));
          return;
        }
        const chatEvent: ChatEvent = {
          type: 'question',
          platform: 'slack',
          eventId: `message:${key}`,
          thread: { platform: 'slack', channelId: question.channelId, threadId: question.threadId },
          userId: question.userId,
          text: question.text,
          topLevelMention: question.topLevelMention,
        };
        setImmediate(() => void emit(chatEvent));
      };
      bolt.event('message', onMessage);
      bolt.event('app_mention', onMessage);

      await bolt.init();
      if (mode === 'socket') {
        await bolt.start().catch((error: unknown) => {
          // A network failure is retried by serve; a refused app token is a configuration error.
          const unreachable =
            toChatError(error, 'apps.connections.open').code === 'UNAVAILABLE' ||
            /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|fetch failed|socket hang up/i.test(
              String((error as Error)?.message),
            );
          throw new ChatError(
            unreachable ? 'UNAVAILABLE' : 'AUTH_FAILED',
            `Slack Socket Mode connection failed: ${(error as Error).message}. ${unreachable ? 'Slack cannot be reached: check the network and SLACK_API_URL' : 'Check SLACK_APP_TOKEN (an xapp- token with connections:write)'}.`,
            { cause: error },
          );
        });
      }
      log.info(
        { mode, botUserId: self.botUserId, team: self.teamId, api: clientOptions.slackApiUrl },
        'Slack adapter started',
      );
    },

    async stop() {
      if (mode === 'socket')
        await bolt?.stop().catch((err: unknown) => log.warn({ err }, 'Slack Socket Mode stop failed'));
    },

    async post(to: ChannelRef, message: OutgoingMessage, options: PostOptions = {}): Promise<PostedMessage[]> {
      const rendered = renderMessage(message);
      const digestId = message.kind === 'digest' ? message.digest.id : null;
      const resumeKey = digestId ? `${to.channelId}:${digestId}` : '';
      const already = partlyPosted.get(resumeKey);
      partlyPosted.delete(resumeKey);
      const posted: PostedMessage[] = [];
      for (const [index, { payload, storyIds }] of rendered.entries()) {
        // Parts recorded by an earlier attempt, or found in the channel's history, are not posted again.
        const found = options.posted?.get(index) ?? already?.parts.get(index + 1);
        if (found) {
          posted.push(found);
          continue;
        }
        await options.beforePart?.(index);
        const check = options.beforePart ? () => options.beforePart?.(index) ?? Promise.resolve() : undefined;
        const send = () => postPayload(to.channelId, payload, undefined, check);
        // A digest part is found in the history by its metadata: a failed post is confirmed, then retried (post-once.ts).
        const ts = digestId
          ? await postOnce(send, {
              policy,
              log,
              find: async (since) =>
                (await findDigest(to.channelId, digestId, since))?.parts.get(index + 1)?.messageId ?? null,
              beforeRetry: async () => options.beforePart?.(index),
              ...(options.since ? { since: options.since } : {}),
            })
          : await send();
        const part = { messageId: ts, threadId: ts, storyIds };
        posted.push(part);
        await options.onPosted?.(index, part);
      }
      return posted;
    },

    async reply(thread: ThreadRef, message: OutgoingMessage, options: PostOptions = {}): Promise<PostedMessage[]> {
      const posted: PostedMessage[] = [];
      const updateId = message.kind === 'update' ? updateKey(message.update) : null;
      for (const { payload, storyIds } of renderMessage(message)) {
        const check = options.beforePart ? () => options.beforePart?.(0) ?? Promise.resolve() : undefined;
        const send = () => postPayload(thread.channelId, payload, thread.threadId, check);
        // A story update is found in its thread by its metadata: a failed post is confirmed, then retried (post-once.ts).
        const ts = updateId
          ? await postOnce(send, {
              policy,
              log,
              find: async (since) => (await findUpdate(thread, updateId, since))?.messageId ?? null,
              beforeRetry: async () => options.beforePart?.(0),
              ...(options.since ? { since: options.since } : {}),
            })
          : await send();
        posted.push({ messageId: ts, threadId: thread.threadId, storyIds });
      }
      return posted;
    },

    async findPostedReply(thread: ThreadRef, key: string): Promise<PostedMessage[] | null> {
      const found = await findUpdate(thread, key);
      return found ? [found] : null;
    },

    async isMember(channel, userId) {
      // Only members may change a channel's digests (forms, Home buttons, mute): conversations.members, paged.
      let cursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const result = await call(
          'conversations.members',
          () =>
            client.conversations.members({ channel: channel.channelId, limit: 1000, ...(cursor ? { cursor } : {}) }),
          true,
          channel.channelId,
        ).catch((err: unknown) => {
          log.warn({ err, channel: channel.channelId }, 'conversations.members failed: the change is refused');
          return null;
        });
        if (!result) return false;
        if (result.members?.includes(userId)) return true;
        cursor = result.response_metadata?.next_cursor || undefined;
        if (!cursor) return false;
      }
      return false;
    },

    async channelsOf(userId) {
      // users.conversations with a bot token: the user's public channels, and private ones the bot shares with them.
      const channels = new Set<string>();
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const result = await call(
          'users.conversations',
          () =>
            client.users.conversations({
              user: userId,
              types: 'public_channel,private_channel',
              exclude_archived: true,
              limit: 1000,
              ...(cursor ? { cursor } : {}),
            }),
          true,
        ).catch((err: unknown) => {
          log.warn({ err, user: userId }, 'users.conversations failed: the Home tab lists no channel');
          return null;
        });
        if (!result) return null;
        for (const c of result.channels ?? []) if (c.id) channels.add(c.id);
        cursor = result.response_metadata?.next_cursor || undefined;
        if (!cursor) break;
      }
      return channels;
    },

    async findPostedDigest(to: ChannelRef, digestId: string, since: Date): Promise<PostedMessage[] | null> {
      const found = await findDigest(to.channelId, digestId, since);
      if (!found) return null;
      const complete =
        found.parts.size >= found.total && [...found.parts.keys()].every((p) => p >= 1 && p <= found.total);
      if (complete) return [...found.parts.entries()].sort(([a], [b]) => a - b).map(([, m]) => m);
      // Some parts made it before the failure: remember them so the retry posts only the rest.
      partlyPosted.set(`${to.channelId}:${digestId}`, found);
      return null;
    },
  };
}

const NOT_MEMBER_HINT =
  'But I am not in this channel yet, so its digests cannot be posted here: invite me with `/invite @Migration News`.';
