import { ChatError } from '../../src/domain/errors.js';
import type { PostedMessage, PostOptions } from '../../src/ports/chat-adapter.js';
import type { CardActivity, RenderedActivity } from './cards/adaptive-card.js';
import { baseConversationId, threadConversationId, threadRootId } from './conversation-ids.js';
import type { StoredReference } from './conversation-reference.js';

/** Per-request options of botframework-connector's operations (the subset used here). */
export interface ConnectorRequestOptions {
  /** Milliseconds before the request is aborted. */
  timeout?: number;
}

/** The three Bot Connector operations the bot uses (botframework-connector's ConnectorClient.conversations). */
export interface ConnectorConversations {
  sendToConversation(
    conversationId: string,
    activity: Record<string, unknown>,
    options?: ConnectorRequestOptions,
  ): Promise<{ id?: string }>;
  replyToActivity(
    conversationId: string,
    activityId: string,
    activity: Record<string, unknown>,
    options?: ConnectorRequestOptions,
  ): Promise<{ id?: string }>;
  createConversation(
    parameters: Record<string, unknown>,
    options?: ConnectorRequestOptions,
  ): Promise<{ id?: string; activityId?: string }>;
  updateActivity(
    conversationId: string,
    activityId: string,
    activity: Record<string, unknown>,
    options?: ConnectorRequestOptions,
  ): Promise<{ id?: string }>;
}

/**
 * The connector client has no timeout of its own: a request the connector accepted and never answered would hold
 * the delivery (and its subscription's runs) forever. Timed out, the delivery fails and is retried on the next run.
 */
export function withTimeout(conversations: ConnectorConversations, timeoutMs: number): ConnectorConversations {
  const options = { timeout: timeoutMs };
  return {
    sendToConversation: (conversationId, activity) =>
      conversations.sendToConversation(conversationId, activity, options),
    replyToActivity: (conversationId, activityId, activity) =>
      conversations.replyToActivity(conversationId, activityId, activity, options),
    createConversation: (parameters) => conversations.createConversation(parameters, options),
    updateActivity: (conversationId, activityId, activity) =>
      conversations.updateActivity(conversationId, activityId, activity, options),
  };
}

/**
 * Posts rendered parts as new messages. A digest to a Teams channel starts a thread (a new conversation in the
 * channel) whose id is every part's threadId: later parts go into that thread, and questions asked there find all
 * their stories. In chats each part is a message of its own and its activity id is the thread id (replies quote it).
 */
export async function postParts(
  conversations: ConnectorConversations,
  reference: StoredReference,
  parts: RenderedActivity[],
  options: { startThread: boolean } & PostOptions,
): Promise<PostedMessage[]> {
  const base = baseConversationId(reference.conversation.id);
  const isChannel = reference.conversation.conversationType === 'channel';
  const posted: PostedMessage[] = [];
  let thread: string | null = null;
  for (const [index, part] of parts.entries()) {
    // Recorded by an earlier attempt (the Bot Connector cannot list messages): resume after it, in its thread.
    const done = options.posted?.get(index);
    if (done) {
      posted.push(done);
      if (isChannel && options.startThread && index === 0) thread = done.threadId;
      continue;
    }
    await options.beforePart?.(index);
    const message = await postPart(conversations, reference, part, {
      base,
      isChannel,
      first: options.startThread && index === 0,
      thread,
    });
    if (isChannel && options.startThread && index === 0) thread = message.threadId;
    posted.push(message);
    await options.onPosted?.(index, message);
  }
  return posted;
}

/** Sends one part: the first part of a channel digest creates its thread; later ones go into it. */
async function postPart(
  conversations: ConnectorConversations,
  reference: StoredReference,
  part: RenderedActivity,
  at: { base: string; isChannel: boolean; first: boolean; thread: string | null },
): Promise<PostedMessage> {
  const { base, isChannel, thread } = at;
  if (isChannel && at.first) {
    const created = await conversations.createConversation({
      isGroup: true,
      bot: reference.bot,
      tenantId: reference.conversation.tenantId,
      channelData: {
        channel: { id: base },
        ...(reference.conversation.tenantId ? { tenant: { id: reference.conversation.tenantId } } : {}),
      },
      activity: outgoing(part.activity, reference, base),
    });
    const rootId = created.activityId ?? (created.id ? threadRootId(created.id) : null);
    if (!rootId)
      throw new ChatError('TEAMS_BAD_RESPONSE', 'the Bot Connector created a conversation without returning its id');
    const threadId = created.id && threadRootId(created.id) ? created.id : threadConversationId(base, rootId);
    return { messageId: rootId, threadId, storyIds: part.storyIds };
  }
  const target = thread ?? base;
  const sent = await conversations.sendToConversation(target, outgoing(part.activity, reference, target));
  const messageId = requireId(sent.id);
  return {
    messageId,
    threadId: thread ?? (isChannel ? threadConversationId(base, messageId) : messageId),
    storyIds: part.storyIds,
  };
}

/** Sends parts into an existing conversation, as replies to one message when replyToId is given. */
export async function replyParts(
  conversations: ConnectorConversations,
  reference: StoredReference,
  target: { conversationId: string; replyToId: string | null },
  parts: RenderedActivity[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const part of parts) {
    const activity = outgoing(part.activity, reference, target.conversationId, target.replyToId);
    const sent = target.replyToId
      ? await conversations.replyToActivity(target.conversationId, target.replyToId, activity)
      : await conversations.sendToConversation(target.conversationId, activity);
    ids.push(sent.id ?? '');
  }
  return ids;
}

/** Replaces a message the bot sent (a form card once it is saved), for everyone in the conversation. */
export async function replaceActivity(
  conversations: ConnectorConversations,
  reference: StoredReference,
  target: { conversationId: string; activityId: string },
  activity: CardActivity,
): Promise<void> {
  await conversations.updateActivity(target.conversationId, target.activityId, {
    ...outgoing(activity, reference, target.conversationId),
    id: target.activityId,
  });
}

function outgoing(
  activity: CardActivity,
  reference: StoredReference,
  conversationId: string,
  replyToId?: string | null,
): Record<string, unknown> {
  return {
    ...activity,
    channelId: reference.channelId,
    serviceUrl: reference.serviceUrl,
    conversation: { ...reference.conversation, id: conversationId },
    ...(reference.bot ? { from: reference.bot } : {}),
    ...(replyToId ? { replyToId } : {}),
  };
}

function requireId(id: string | undefined): string {
  if (!id) throw new ChatError('TEAMS_BAD_RESPONSE', 'the Bot Connector accepted a message without returning its id');
  return id;
}

/** Connector failures as ChatErrors with codes callers branch on (the SDK has already retried 429/5xx). */
export function toChatError(error: unknown): ChatError {
  if (error instanceof ChatError) return error;
  const status = (error as { statusCode?: number }).statusCode;
  const message = error instanceof Error ? error.message : String(error);
  const code =
    (error as { name?: string }).name === 'AbortError'
      ? 'TEAMS_TIMEOUT'
      : status === 401
        ? 'TEAMS_UNAUTHORIZED'
        : status === 403
          ? 'BOT_NOT_IN_CONVERSATION'
          : status === 404
            ? 'CONVERSATION_NOT_FOUND'
            : status === 429
              ? 'RATE_LIMITED'
              : status !== undefined && status >= 500
                ? 'TEAMS_UNAVAILABLE'
                : 'TEAMS_SEND_FAILED';
  return new ChatError(code, `Bot Connector request failed${status ? ` (${status})` : ''}: ${message}`, {
    cause: error,
    ...(code === 'BOT_NOT_IN_CONVERSATION'
      ? {
          userHint:
            'I cannot post in this conversation. Add the Migration News app to this team or chat and try again.',
        }
      : {}),
  });
}
