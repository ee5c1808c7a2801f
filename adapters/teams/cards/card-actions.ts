import { z } from 'zod';
import type { CardElement } from './adaptive-card.js';

/** Every card action of this bot carries `mn` (so other cards' submits are not mistaken for ours) and a verb. */
export const CARD_MARK = 'mn';

export type CardVerb = 'subscribe' | 'open_form' | 'post_latest' | 'unsubscribe' | 'ask' | 'original' | 'unmute';

/**
 * Action.Execute (Universal Actions): Teams sends it as an `adaptiveCard/action` invoke in channels, group chats and
 * personal chats alike, and the invoke's answer replaces the card at once (errors shown on the card).
 */
export function executeAction(
  title: string,
  data: { verb: CardVerb } & Record<string, string>,
  options: Record<string, unknown> = {},
): CardElement {
  return { type: 'Action.Execute', title, verb: data.verb, data: { [CARD_MARK]: 1, ...data }, ...options };
}

// Values of a card action are untrusted: ids only, checked for their shape.
const storyId = z.string().regex(/^[A-Za-z0-9_:.-]{1,120}$/);
export const cardActionData = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal('subscribe') }).passthrough(),
  z.object({ verb: z.literal('open_form') }),
  z.object({ verb: z.literal('post_latest') }),
  z.object({ verb: z.literal('unsubscribe') }),
  z.object({ verb: z.literal('original'), storyId }),
  z.object({ verb: z.literal('ask'), storyId, question: z.string().max(2_000).optional() }),
  z.object({ verb: z.literal('unmute'), sourceId: z.string().regex(/^[a-z0-9-]{1,64}$/) }),
]);
export type CardActionData = z.infer<typeof cardActionData>;
