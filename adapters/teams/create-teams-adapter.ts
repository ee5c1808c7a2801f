import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { rootCertificates } from 'node:tls';
import {
  type Activity,
  ActivityTypes,
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  ConfigurationServiceClientCredentialFactory,
  type ConversationReference,
  TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  MsalServiceClientCredentialsFactory,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
import express from 'express';
import type { Config } from '../../src/config/load-config.js';
import { ChatError } from '../../src/domain/errors.js';
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
import { checkCredentials } from './check-credentials.js';
import { isThreadConversationId } from './conversation-ids.js';
import {
  isOfTeam,
  parseStoredReference,
  referenceFromActivity,
  type StoredReference,
  teamIdOf,
} from './conversation-reference.js';
import { readQuotedReply } from './read-quoted-reply.js';
import { ReferenceCache } from './reference-cache.js';
import { renderMessage } from './cards/render-message.js';
import { renderNoticeActivity } from './cards/render-notice-card.js';
import { routeMessage } from './route-message.js';
import { stripBotMentions } from './strip-bot-mentions.js';
import {
  type ConnectorConversations,
  postParts,
  replaceActivity,
  replyParts,
  toChatError,
  withTimeout,
} from './send-activities.js';
import { createCardContext } from './create-card-context.js';
import {
  type CardActionContext,
  handleCardAction,
  invokeResponseBody,
  readCardAction,
  showAnswer,
} from './handle-card-action.js';
import { renderSubscribeCard } from './cards/render-subscribe-card.js';

export type TeamsConfig = NonNullable<Config['teams']>;

export interface TeamsAdapterDeps {
  log: Logger;
  /** The one HTTP app of `serve`; the adapter adds POST /api/messages to it. */
  app: express.Express;
  /** Per Bot Connector request (default 30 s). */
  timeoutMs?: number;
  /** Where the Bot Framework token signing keys are published (default Microsoft's); tests point it at a loopback fake. */
  openIdMetadataUrl?: string;
  /** Longest start() waits for the bot's token (default 10 s); then the platform is retried in the background. */
  tokenTimeoutMs?: number;
  /**
   * A PEM certificate trusted for TEAMS_LOGIN_URL besides the system's (the tests' loopback fake); operators use
   * NODE_EXTRA_CA_CERTS instead.
   */
  tokenCa?: string;
}

export const TEAMS_ROUTE = '/api/messages';

/** Longest the turn waits for its typing indicator before handing the event over. */
const TYPING_WAIT_MS = 2000;

const GREETING = [
  'Hello! I post bilingual migration news digests here and answer questions in their threads.',
  '',
  'Try `latest` for the last 24 hours, `subscribe daily 08:00` for a daily digest, or `help` for every command. In a channel, mention me first: `@Migration News latest`.',
].join('\n');

/**
 * The Teams side of the ChatAdapter port (SPEC 7.2) on botbuilder's CloudAdapter. botbuilder is imported here only.
 * A turn never waits for the core: it acknowledges (typing indicator), hands the event over and returns, because
 * Teams retries activities not answered within 15 s; replies and digests are then sent proactively.
 */
export function createTeamsAdapter(config: TeamsConfig, deps: TeamsAdapterDeps): ChatAdapter {
  const { log } = deps;
  // Proactive sends identify the bot by its app id; '' when running unauthenticated (local emulator use).
  const appId = config.appId ?? '';
  const credentials = credentialsFactory(config, deps.tokenCa);
  const cloud = new TeamsCloudAdapter(
    new ConfigurationBotFrameworkAuthentication(authOptions(config, deps.openIdMetadataUrl), credentials),
  );
  const timeoutMs = deps.timeoutMs ?? 30_000;
  const references = new ReferenceCache();
  const seenActivities = createRecentKeys();
  // Conversations greeted since the bot was (last) added to them: Teams may announce one install twice.
  const greeted = createRecentKeys();
  // Digests posted by this process, for outbox recovery when recording a post failed (the connector cannot list them).
  const postedDigests = new Map<string, PostedMessage[]>();
  // Parts of digests whose posting stopped half-way: a retry by this process does not post them again, even when
  // the outbox could not record them (a dropped database connection between the connector's answer and the record).
  const acceptedParts = new Map<string, Map<number, PostedMessage>>();
  const pending = new Set<Promise<unknown>>();
  let onEvent: ChatEventHandler | null = null;
  let stopped = false;

  const track = <T>(work: Promise<T>): Promise<T> => {
    pending.add(work);
    void work.finally(() => pending.delete(work)).catch(() => undefined);
    return work;
  };

  cloud.onTurnError = async (context, error) => {
    log.error({ err: error, activity: context.activity.id, type: context.activity.type }, 'Teams turn failed');
    if (context.activity.type === ActivityTypes.Message) {
      const { activity } = renderNoticeActivity('Sorry, something went wrong. Please try again in a minute.', 'error');
      await context.sendActivity(activity as Partial<Activity>).catch(() => undefined);
    }
  };

  /** Runs `fn` with the Bot Connector client of a conversation: works after the turn ended, and after restarts. */
  async function withConversations<T>(
    reference: StoredReference,
    fn: (conversations: ConnectorConversations) => Promise<T>,
  ): Promise<T> {
    let outcome = { ok: false, error: new ChatError('TEAMS_NOT_RUN', 'the proactive turn did not run') } as
      | { ok: true; value: T }
      | { ok: false; error: unknown };
    // Errors are caught inside the turn: botbuilder would hand them to onTurnError and swallow them.
    await track(
      cloud.continueConversationAsync(appId, reference as ConversationReference, async (context) => {
        try {
          const client = context.turnState.get(cloud.ConnectorClientKey) as
            | { conversations: ConnectorConversations }
            | undefined;
          if (!client) throw new ChatError('TEAMS_NO_CONNECTOR', 'no Bot Connector client in the proactive turn');
          outcome = { ok: true, value: await fn(withTimeout(client.conversations, timeoutMs)) };
        } catch (error) {
          outcome = { ok: false, error };
        }
      }),
    );
    if (!outcome.ok) throw toChatError(outcome.error);
    return outcome.value;
  }

  function resolveReference(conversationId: string, stored: unknown): StoredReference {
    if (stored) {
      const reference = parseStoredReference(stored);
      references.remember(reference);
      return reference;
    }
    const known = references.get(conversationId);
    if (!known) {
      throw new ChatError(
        'NO_CONVERSATION_REFERENCE',
        `no conversation reference for Teams conversation ${conversationId}: add the bot there first`,
      );
    }
    return known;
  }

  function emit(event: ChatEvent): void {
    const handler = onEvent;
    if (!handler) return;
    void track(Promise.resolve().then(() => handler(event))).catch((err: unknown) =>
      log.error({ err, event: event.eventId }, 'Teams event handling failed'),
    );
  }

  async function onMessage(context: TurnContext, reference: StoredReference): Promise<void> {
    const { activity } = context;
    if (activity.from?.role === 'bot') return;
    // Action.Submit arrives as a message with a value and no text: a card action, never a command.
    if (activity.value && !activity.text?.trim()) {
      const data = readCardAction(activity.value);
      if (!data) return;
      const card = cardContext(context, reference);
      await showAnswer(card, await handleCardAction(card, data));
      return;
    }
    const mentioned = TurnContext.getMentions(activity).some((m) => m.mentioned?.id === activity.recipient?.id);
    const text = stripBotMentions(activity);
    const quoted = readQuotedReply(activity);
    const route = routeMessage({
      text: quoted ? quoted.text : text,
      conversationId: activity.conversation.id,
      conversationType: activity.conversation.conversationType,
      activityId: activity.id,
      replyToMessageId: activity.replyToId ?? quoted?.messageId ?? null,
      mentioned,
    });
    if (route.kind === 'ignore') return;

    // Acknowledge now; the answer follows proactively. A throttled connector must not hold the turn near 15 s.
    const typing = context
      .sendActivity({ type: ActivityTypes.Typing })
      .catch((err: unknown) => log.debug({ err }, 'typing indicator not sent'));
    await Promise.race([typing, new Promise((resolve) => setTimeout(resolve, TYPING_WAIT_MS).unref())]);
    const channelId = reference.conversation.id;
    const eventId = `${channelId}|${activity.id ?? randomUUID()}`;
    const userId = activity.from?.aadObjectId ?? activity.from?.id ?? 'unknown';
    if (route.kind === 'question') {
      emit({
        type: 'question',
        platform: 'teams',
        eventId,
        thread: { platform: 'teams', channelId, threadId: route.threadId },
        userId,
        text: route.text,
      });
      return;
    }
    const conversationId = activity.conversation.id;
    const replyToId = activity.id ?? null;
    const card = cardContext(context, reference);
    emit({
      type: 'command',
      platform: 'teams',
      eventId,
      channel: { platform: 'teams', channelId, conversationRef: reference },
      userId,
      text: route.text,
      respond: async (message) => {
        await withConversations(reference, (c) =>
          replyParts(c, reference, { conversationId, replyToId }, renderMessage(message)),
        );
      },
      openForm: (form) =>
        card.replyCard(renderSubscribeCard(form, { userTz: card.activity.localTimezone }), 'Scheduled digest form'),
    });
  }

  /** The card action's surroundings, read while the turn is alive (its context is revoked once it ends). */
  function cardContext(context: TurnContext, reference: StoredReference): CardActionContext {
    return createCardContext(context.activity, reference, {
      log,
      emit: (event) => (onEvent ? track(onEvent(event)) : Promise.resolve()),
      send: (target, parts) =>
        withConversations(reference, (c) => replyParts(c, reference, target, parts)).then(() => undefined),
      replace: (target, activity) =>
        withConversations(reference, (c) => replaceActivity(c, reference, target, activity)),
    });
  }

  /** Action.Execute (Universal Actions): answered in the invoke response, which replaces the card at once. */
  async function onInvoke(context: TurnContext, reference: StoredReference): Promise<void> {
    const { activity } = context;
    if (activity.name !== 'adaptiveCard/action') return;
    const data = readCardAction(activity.value);
    const answer = data
      ? await handleCardAction(cardContext(context, reference), data)
      : { type: 'message' as const, text: 'This card is not one of mine.' };
    await context.sendActivity({
      type: ActivityTypes.InvokeResponse,
      value: { status: 200, body: invokeResponseBody(answer) },
    });
  }

  function onConversationUpdate(context: TurnContext, reference: StoredReference): void {
    const { activity } = context;
    const isBot = (members: Activity['membersAdded'] | undefined) =>
      (members ?? []).some((m) => m.id === activity.recipient?.id);
    const { eventType, channel } = (activity.channelData ?? {}) as { eventType?: string; channel?: { id?: string } };
    if (isBot(activity.membersAdded)) onInstalled(activity, reference);
    const here = reference.conversation.id;
    // Out of a team (removed, the team archived or deleted): every channel of it, not only the one the update names.
    const team = teamIdOf(activity);
    if (isBot(activity.membersRemoved)) onRemoved(activity, here, 'conversationUpdate membersRemoved', { team });
    else if (eventType === 'teamArchived' || eventType === 'teamDeleted')
      onRemoved(activity, here, `conversationUpdate ${eventType}`, {
        team,
        gone: eventType === 'teamDeleted' ? 'deleted' : 'archived',
      });
    else if (eventType === 'channelDeleted' && typeof channel?.id === 'string' && channel.id)
      onRemoved(activity, channel.id, 'conversationUpdate channelDeleted', { gone: 'deleted' });
  }

  /**
   * Sent for installs (personal ones in particular), at times without a conversationUpdate; '-upgrade': the bot came
   * or went with an app update.
   */
  function onInstallationUpdate(context: TurnContext, reference: StoredReference): void {
    const { action } = context.activity;
    if (action === 'add' || action === 'add-upgrade') onInstalled(context.activity, reference);
    else if (action === 'remove' || action === 'remove-upgrade')
      onRemoved(context.activity, reference.conversation.id, `installationUpdate ${action}`, {
        team: teamIdOf(context.activity),
      });
  }

  /**
   * The bot left a team or chat: its reference is forgotten here (no proactive send may use it), and the core pauses
   * the conversation's subscription and drops the stored one. Greeted again when it is added back.
   */
  function onRemoved(
    activity: Activity,
    channelId: string,
    cause: string,
    scope: { team?: string | undefined; gone?: 'archived' | 'deleted' } = {},
  ): void {
    const { team: teamId, gone } = scope;
    greeted.forget(channelId);
    references.forget(channelId);
    if (teamId) references.forgetWhere((r) => isOfTeam(teamId, r, r.conversation.id));
    emit({
      type: 'removed',
      platform: 'teams',
      eventId: `${channelId}|${activity.id ?? randomUUID()}`,
      channel: { platform: 'teams', channelId },
      cause,
      ...(gone ? { gone } : {}),
      ...(teamId ? { alsoCovers: (stored: unknown, id: string) => isOfTeam(teamId, stored, id) } : {}),
    });
  }

  /**
   * The bot was added to a team or chat: the core stores its reference (and resumes a paused subscription); the
   * conversation is greeted once, with the core's note ("Digests resume: ...") when it has one.
   */
  function onInstalled(activity: Activity, reference: StoredReference): void {
    const channelId = reference.conversation.id;
    emit({
      type: 'installed',
      platform: 'teams',
      eventId: `${channelId}|${activity.id ?? randomUUID()}`,
      channel: { platform: 'teams', channelId, conversationRef: reference },
      greet: async (note) => {
        if (!greeted.firstSeen(channelId)) return;
        const text = note ? `${GREETING}\n\n${note}` : GREETING;
        await withConversations(reference, (c) =>
          replyParts(c, reference, { conversationId: channelId, replyToId: null }, [
            renderNoticeActivity(text, 'info'),
          ]),
        ).catch((err: unknown) => log.warn({ err, channel: channelId }, 'could not greet the new Teams conversation'));
      },
    });
  }

  /**
   * Teams delivers an activity again when it got no answer within 15 s: the repeat gets its 200 and nothing else (no
   * second typing indicator). The core's store-backed dedupe still covers repeats that reach another instance.
   * Invokes run again: a repeat needs its invoke response too, and the core acts on their events once.
   */
  function isRepeat(activity: Activity, reference: StoredReference): boolean {
    if (!activity.id || activity.type === ActivityTypes.Invoke) return false;
    return !seenActivities.firstSeen(`${reference.conversation.id}|${activity.id}`);
  }

  async function onTurn(context: TurnContext): Promise<void> {
    const reference = referenceFromActivity(context.activity);
    if (!reference) {
      log.warn({ type: context.activity.type }, 'Teams activity without a usable conversation reference ignored');
      return;
    }
    references.remember(reference);
    if (isRepeat(context.activity, reference)) {
      log.debug({ activity: context.activity.id, type: context.activity.type }, 'repeated Teams activity ignored');
      return;
    }
    if (context.activity.type === ActivityTypes.Message) await onMessage(context, reference);
    else if (context.activity.type === ActivityTypes.ConversationUpdate) onConversationUpdate(context, reference);
    else if (context.activity.type === ActivityTypes.InstallationUpdate) onInstallationUpdate(context, reference);
    else if (context.activity.type === ActivityTypes.Invoke) await onInvoke(context, reference);
  }

  deps.app.post(
    TEAMS_ROUTE,
    express.json({ limit: '1mb' }),
    async (req: express.Request, res: express.Response) => {
      if (!onEvent || stopped) {
        res.status(503).json({ error: 'the bot is not accepting activities right now' });
        return;
      }
      const activity = toActivity(req.body);
      if (!activity) {
        res.status(400).json({ error: 'the body is not a Bot Framework activity' });
        return;
      }
      try {
        // Authenticates the request (a valid Bot Framework token when credentials are configured), then runs the turn.
        const invoke = await cloud.run(req.headers.authorization ?? '', activity, onTurn);
        res.status(invoke?.status ?? 200);
        if (invoke?.body !== undefined) res.json(invoke.body);
        else res.end();
      } catch (error) {
        if (isAuthFailure(error)) {
          log.warn(
            { reason: (error as Error).message, type: activity.type },
            'Teams request refused: not authenticated',
          );
          res.status(401).json({ error: 'unauthorized' });
          return;
        }
        log.error({ err: error }, 'Teams request failed');
        res.status(500).json({ error: 'internal error' });
      }
    },
    (err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(400).json({ error: `invalid request body: ${err.message}` });
    },
  );

  return {
    platform: 'teams',
    async start(handler) {
      // Inbound requests are authenticated without our token: they are served even while the check below fails.
      onEvent = handler;
      stopped = false;
      if (credentials) {
        // The same factory, app id and audience as every send: the token it gets is cached for them.
        const token = () =>
          credentials
            .createCredentials(appId, AuthenticationConstants.ToChannelFromBotOAuthScope, BOT_LOGIN_URL, true)
            .then((c) => (c as unknown as { getToken(forceRefresh: boolean): Promise<string> }).getToken(true));
        await checkCredentials(token, { loginUrl: config.loginUrl, timeoutMs: deps.tokenTimeoutMs ?? 10_000 });
      }
      log.info({ route: TEAMS_ROUTE, authenticated: !config.unauthenticated }, 'Teams adapter ready');
    },
    async stop() {
      stopped = true;
      await Promise.allSettled([...pending]);
    },
    async post(to, message: OutgoingMessage, options: PostOptions = {}): Promise<PostedMessage[]> {
      const reference = resolveReference(to.channelId, to.conversationRef);
      const parts = renderMessage(message);
      const key = message.kind === 'digest' ? `${to.channelId}|${message.digest.id}` : null;
      // Parts the connector accepted, whether or not the outbox could record them (its database may be down).
      const accepted = new Map<number, PostedMessage>([
        ...(key ? (acceptedParts.get(key) ?? []) : []),
        ...(options.posted ?? []),
      ]);
      const posted = await withConversations(reference, (c) =>
        postParts(c, reference, parts, {
          startThread: message.kind === 'digest',
          ...options,
          posted: accepted,
          onPosted: async (index, part) => {
            accepted.set(index, part);
            await options.onPosted?.(index, part);
          },
        }),
      ).catch((error: unknown) => {
        if (key && accepted.size > 0) remember(acceptedParts, key, accepted);
        throw error;
      });
      if (key) {
        acceptedParts.delete(key);
        remember(postedDigests, key, posted);
      }
      return posted;
    },
    async findPostedDigest(to, digestId) {
      // The Bot Connector cannot list a conversation's messages; only what this process posted is known.
      return postedDigests.get(`${to.channelId}|${digestId}`) ?? null;
    },
    async reply(thread, message) {
      const reference = resolveReference(thread.channelId, thread.conversationRef);
      // Channel threads are conversations of their own; in chats a reply answers one message (the digest part).
      const target = isThreadConversationId(thread.threadId)
        ? { conversationId: thread.threadId, replyToId: null }
        : { conversationId: thread.channelId, replyToId: thread.threadId };
      const parts = renderMessage(message);
      const ids = await withConversations(reference, (c) => replyParts(c, reference, target, parts));
      return ids.map((id, i) => ({ messageId: id, threadId: thread.threadId, storyIds: parts[i]?.storyIds ?? [] }));
    },
  };
}

/**
 * botbuilder reports most refused tokens as a 401, but lets jsonwebtoken's own errors through unchanged (a bad
 * signature under a published key id, alg "none", a disallowed algorithm): those are forged tokens too, not faults.
 */
function isAuthFailure(error: unknown): boolean {
  const { statusCode, name } = error as { statusCode?: number; name?: string };
  return (
    statusCode === 401 || name === 'JsonWebTokenError' || name === 'NotBeforeError' || name === 'TokenExpiredError'
  );
}

/**
 * CloudAdapter without its HTTP layer: `process()` prints every refused request to the console with a stack trace;
 * this runs the same authentication and turn (`processActivity`) and lets the route answer and log through pino.
 */
class TeamsCloudAdapter extends CloudAdapter {
  run(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** A parsed JSON body as an activity (what CloudAdapter.process checks): an object with a type; dates as Dates. */
function toActivity(body: unknown): Activity | null {
  if (!body || typeof body !== 'object' || Array.isArray(body) || typeof (body as { type?: unknown }).type !== 'string')
    return null;
  const activity = { ...(body as Record<string, unknown>) };
  for (const key of ['timestamp', 'localTimestamp', 'expiration']) {
    if (typeof activity[key] === 'string') activity[key] = new Date(activity[key] as string);
  }
  return activity as unknown as Activity;
}

/** What botbuilder passes as the login endpoint to the credentials factory (its public-cloud default). */
const BOT_LOGIN_URL = AuthenticationConstants.ToChannelFromBotLoginUrl;

/** botbuilder's public-cloud defaults: it wants every one of them as soon as one (the OpenID metadata URL) is set. */
const PUBLIC_CLOUD = {
  ToChannelFromBotLoginUrl: BOT_LOGIN_URL,
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  CallerId: CallerIdConstants.PublicAzureChannel,
};

/** botbuilder's own setting names, read from our validated config, never from process.env. */
function authOptions(config: TeamsConfig, openIdMetadataUrl?: string): ConfigurationBotFrameworkAuthenticationOptions {
  return {
    ...(openIdMetadataUrl ? { ...PUBLIC_CLOUD, ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl } : {}),
    ...(config.appId ? { MicrosoftAppId: config.appId } : {}),
    ...(config.appPassword ? { MicrosoftAppPassword: config.appPassword } : {}),
    ...(config.appType ? { MicrosoftAppType: config.appType } : {}),
    ...(config.tenantId ? { MicrosoftAppTenantId: config.tenantId } : {}),
  } as ConfigurationBotFrameworkAuthenticationOptions;
}

// The CommonJS build, which botbuilder has already loaded: `import` would load MSAL's ESM build as a second copy.
const { ConfidentialClientApplication } = createRequire(import.meta.url)(
  '@azure/msal-node',
) as typeof import('@azure/msal-node', { with: { 'resolution-mode': 'require' }});

/**
 * How the bot gets its Bot Framework token: botbuilder's own factories. A password goes to MSAL at TEAMS_LOGIN_URL
 * (tenant `botframework.com` for multi-tenant bots, as botbuilder does); another login host is a known authority, so
 * MSAL reads its endpoints from it instead of asking login.microsoftonline.com to vouch for it. None without an app id.
 */
function credentialsFactory(config: TeamsConfig, tokenCa?: string): ServiceClientCredentialsFactory | undefined {
  if (!config.appId) return undefined;
  if (config.appType === 'UserAssignedMSI') return new ConfigurationServiceClientCredentialFactory(authOptions(config));
  const tenant = config.appType === 'SingleTenant' ? config.tenantId : AuthenticationConstants.DefaultChannelAuthTenant;
  const { host } = new URL(config.loginUrl);
  const client = new ConfidentialClientApplication({
    auth: {
      clientId: config.appId,
      clientSecret: config.appPassword ?? '',
      authority: `${config.loginUrl}/${tenant}`,
      ...(host === MICROSOFT_LOGIN_HOST ? {} : { knownAuthorities: [host] }),
    },
    // Giving `ca` replaces Node's list: keep the system's roots too.
    ...(tokenCa ? { system: { customAgentOptions: { ca: [...rootCertificates, tokenCa] } } } : {}),
  });
  return new MsalServiceClientCredentialsFactory(config.appId, client);
}

const MICROSOFT_LOGIN_HOST = 'login.microsoftonline.com';

/** Keeps `value` under `key` in a map of at most 1,000 entries (the oldest goes first). */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  if (map.size >= 1000) map.delete(map.keys().next().value ?? '');
  map.set(key, value);
}
