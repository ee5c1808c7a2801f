import { randomUUID } from 'node:crypto';
import type { ChatAction, FormResult, SubscriptionFormModel } from '../../src/domain/interactions.js';
import type { ThreadRef } from '../../src/domain/types.js';
import type { ChatEvent, OutgoingMessage } from '../../src/ports/chat-adapter.js';
import type { Logger } from '../../src/util/create-logger.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from './cards/adaptive-card.js';
import { CARD_MARK, cardActionData } from './cards/card-actions.js';
import { isThreadConversationId, threadConversationId } from './conversation-ids.js';
import type { StoredReference } from './conversation-reference.js';
import { renderSubscribeCard, renderSubscribedCard, type TypedValues } from './cards/render-subscribe-card.js';

/** What the invoke answers (Universal Actions): a card that replaces the one acted on, or a short message. */
export type CardAnswer =
  | { type: typeof ADAPTIVE_CARD_CONTENT_TYPE; card: AdaptiveCard }
  | { type: 'message'; text: string };

export interface CardActionContext {
  /** The card's activity id (replyToId of the action) and the conversation it is in, as Teams sent them. */
  activity: {
    conversationId: string;
    conversationType: string | undefined;
    replyToId: string | null;
    id: string | null;
    userId: string;
    localTimezone: string | null;
  };
  reference: StoredReference;
  /** Hands an event to the core; resolves when it is handled. */
  emit(event: ChatEvent): Promise<void>;
  /** Sends a message into the conversation, in the thread of the card. */
  reply(message: OutgoingMessage): Promise<void>;
  /** Sends a form card into the conversation. */
  replyCard(card: AdaptiveCard, summary: string): Promise<void>;
  /** Replaces the card acted on, for everyone in the conversation (updateActivity). */
  replaceCard(card: AdaptiveCard, summary: string): Promise<void>;
  log: Logger;
}

const DONE: Record<string, string> = {
  open_form: 'Here is the form.',
  post_latest: 'Posting the latest stories…',
  unsubscribe: 'Done.',
  ask: 'Answering in the thread…',
  original: 'The original text is in the thread.',
  unmute: 'Done.',
};

// Teams waits a few seconds for an invoke answer; the form answers within this or says it is still saving.
const FORM_ANSWER_MS = 4_000;

/** The invoke response of an Action.Execute: the card that replaces the one acted on, or a short message. */
export function invokeResponseBody(answer: CardAnswer): Record<string, unknown> {
  return answer.type === 'message'
    ? { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: answer.text }
    : { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: answer.card };
}

/** Action.Submit has no response: the answer replaces the card (errors, confirmation) or is sent as a message. */
export async function showAnswer(ctx: CardActionContext, answer: CardAnswer): Promise<void> {
  if (answer.type === 'message') return;
  await ctx
    .replaceCard(answer.card, 'Scheduled digest form')
    .catch((err: unknown) => ctx.log.warn({ err }, 'could not update the Teams card'));
}

/** Returns the card action's verb data when the value is one of this bot's card actions, else null. */
export function readCardAction(value: unknown): Record<string, unknown> | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  // Action.Execute: { action: { verb, data } }; Action.Submit (message activity): the data and inputs themselves.
  const data = (v.action && typeof v.action === 'object' ? (v.action as { data?: unknown }).data : v) as
    | Record<string, unknown>
    | undefined;
  return data && typeof data === 'object' && data[CARD_MARK] === 1 ? data : null;
}

/**
 * One of this bot's card actions (Action.Execute invoke, or Action.Submit as a message with a value): the
 * subscription form, the status card's buttons and the digest's per-story actions. Values are validated here.
 */
export async function handleCardAction(ctx: CardActionContext, raw: Record<string, unknown>): Promise<CardAnswer> {
  // A story's question box has an id of its own on the card (q1, q2...), named by the action's `input`.
  const input = typeof raw.input === 'string' && /^q\d{1,3}$/.test(raw.input) ? raw[raw.input] : undefined;
  const parsed = cardActionData.safeParse(input === undefined ? raw : { ...raw, question: input });
  if (!parsed.success) return { type: 'message', text: 'That card is out of date: send the command again.' };
  const data = parsed.data;
  const { reference, activity } = ctx;
  const channel = { platform: 'teams' as const, channelId: reference.conversation.id, conversationRef: reference };
  const eventId = `${channel.channelId}|card|${activity.id ?? randomUUID()}`;
  const openForm = (form: SubscriptionFormModel) =>
    ctx.replyCard(renderSubscribeCard(form, { userTz: activity.localTimezone }), 'Scheduled digest form');

  if (data.verb === 'subscribe') return submitForm(ctx, raw, eventId);

  const action = toChatAction(data, threadOf(activity));
  if (!action) return { type: 'message', text: 'Type your question in the box first.' };
  // Not awaited: Teams waits for the invoke's answer, and posting a digest can take a while.
  void ctx
    .emit({
      type: 'action',
      platform: 'teams',
      eventId,
      channel,
      userId: activity.userId,
      action,
      respond: ctx.reply,
      openForm,
    })
    .catch((err: unknown) => ctx.log.error({ err }, 'Teams card action failed'));
  return { type: 'message', text: DONE[data.verb] ?? 'Done.' };
}

async function submitForm(ctx: CardActionContext, raw: Record<string, unknown>, eventId: string): Promise<CardAnswer> {
  const str = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string).slice(0, 500) : undefined);
  const typed: TypedValues = {
    schedule: str('schedule'),
    day: str('day'),
    time: str('time'),
    timezone: str('timezone'),
    language_1: str('language_1'),
    language_2: str('language_2'),
    filter: str('filter'),
  };
  const fields = {
    schedule: typed.schedule,
    day: typed.day,
    time: typed.time,
    timezone: typed.timezone,
    languages: [typed.language_1, typed.language_2].filter((l): l is string => Boolean(l)),
    filter: typed.filter,
  };
  let answered: (result: FormResult) => void = () => undefined;
  const result = new Promise<FormResult>((resolve) => {
    answered = resolve;
  });
  let form: SubscriptionFormModel | null = null;
  // The form to show again with errors: the core's current model for this conversation.
  const work = ctx.emit({
    type: 'form',
    platform: 'teams',
    eventId,
    userId: ctx.activity.userId,
    channel: { platform: 'teams', channelId: ctx.reference.conversation.id, conversationRef: ctx.reference },
    fields,
    done: async (r) => answered(r),
  });
  const outcome = await Promise.race([
    result,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), FORM_ANSWER_MS).unref()),
  ]);
  if (!outcome) {
    void work.then(async () => {
      const final = await result;
      if (final.ok) await ctx.replaceCard(renderSubscribedCard(final.text), final.text);
    });
    return { type: 'message', text: 'Saving…' };
  }
  if (!outcome.ok) {
    // Re-open the form from the core (same defaults), with what the user typed and the errors under each field.
    await ctx.emit({
      type: 'action',
      platform: 'teams',
      eventId: `${eventId}|form`,
      channel: { platform: 'teams', channelId: ctx.reference.conversation.id, conversationRef: ctx.reference },
      userId: ctx.activity.userId,
      action: { name: 'open_form' },
      respond: async () => undefined,
      openForm: async (model) => {
        form = model;
      },
    });
    if (!form) return { type: 'message', text: Object.values(outcome.errors).join(' ') };
    return {
      type: ADAPTIVE_CARD_CONTENT_TYPE,
      card: renderSubscribeCard(form, { errors: outcome.errors, typed, userTz: ctx.activity.localTimezone }),
    };
  }
  const card = renderSubscribedCard(outcome.text);
  // The invoke answer replaces the card for the user who pressed Save; updateActivity does it for everyone else.
  await ctx
    .replaceCard(card, outcome.text)
    .catch((err: unknown) => ctx.log.warn({ err }, 'could not replace the Teams form card for everyone'));
  return { type: ADAPTIVE_CARD_CONTENT_TYPE, card };
}

function toChatAction(
  data: Exclude<ReturnType<typeof cardActionData.parse>, { verb: 'subscribe' }>,
  thread: ThreadRef | null,
): ChatAction | null {
  switch (data.verb) {
    case 'open_form':
    case 'post_latest':
    case 'unsubscribe':
      return { name: data.verb };
    case 'original':
      return { name: 'original', storyId: data.storyId };
    case 'unmute':
      return { name: 'unmute', sourceId: data.sourceId };
    case 'ask': {
      const question = data.question?.trim();
      if (!question || !thread) return null;
      return { name: 'ask', storyId: data.storyId, question, thread };
    }
  }
}

/** The digest's thread: in a channel the thread conversation; in a chat the card's own message. */
function threadOf(activity: CardActionContext['activity']): ThreadRef | null {
  const channelId = activity.conversationId.split(';messageid=')[0] ?? activity.conversationId;
  if (isThreadConversationId(activity.conversationId))
    return { platform: 'teams', channelId, threadId: activity.conversationId };
  if (!activity.replyToId) return null;
  if (activity.conversationType === 'channel')
    return { platform: 'teams', channelId, threadId: threadConversationId(channelId, activity.replyToId) };
  return { platform: 'teams', channelId, threadId: activity.replyToId };
}
