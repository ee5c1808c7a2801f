import type { Logger } from '../../src/util/create-logger.js';
import type { ChatEvent } from '../../src/ports/chat-adapter.js';
import { type CardActivity, cardActivity, type RenderedActivity } from './cards/adaptive-card.js';
import type { StoredReference } from './conversation-reference.js';
import type { CardActionContext } from './handle-card-action.js';
import { renderMessage } from './cards/render-message.js';

/** The fields of an incoming Bot Framework activity a card action reads (botbuilder's Activity has them). */
export interface CardActionActivity {
  id?: string;
  replyToId?: string;
  localTimezone?: string;
  conversation: { id: string; conversationType?: string };
  from?: { id?: string; aadObjectId?: string };
}

export interface CardContextDeps {
  log: Logger;
  emit(event: ChatEvent): Promise<void>;
  /** Sends parts into a conversation (as replies to one message when replyToId is set), after the turn too. */
  send(target: { conversationId: string; replyToId: string | null }, parts: RenderedActivity[]): Promise<void>;
  /** Replaces one of the bot's messages (updateActivity). */
  replace(target: { conversationId: string; activityId: string }, activity: CardActivity): Promise<void>;
}

/**
 * Everything a card action needs from its activity, copied now: botbuilder revokes the TurnContext (and its
 * activity proxy) when the turn ends, and answers are often sent later.
 */
export function createCardContext(
  activity: CardActionActivity,
  reference: StoredReference,
  deps: CardContextDeps,
): CardActionContext {
  const conversationId = activity.conversation.id;
  const replyToId = activity.replyToId ?? null;
  const target = { conversationId, replyToId };
  return {
    activity: {
      conversationId,
      conversationType: activity.conversation.conversationType,
      replyToId,
      id: activity.id ?? null,
      userId: activity.from?.aadObjectId ?? activity.from?.id ?? 'unknown',
      localTimezone: typeof activity.localTimezone === 'string' ? activity.localTimezone.slice(0, 100) : null,
    },
    reference,
    emit: deps.emit,
    reply: (message) => deps.send(target, renderMessage(message)),
    replyCard: (card, summary) => deps.send(target, [{ activity: cardActivity(card, summary), storyIds: [] }]),
    replaceCard: async (card, summary) => {
      if (replyToId) await deps.replace({ conversationId, activityId: replyToId }, cardActivity(card, summary));
    },
    log: deps.log,
  };
}
