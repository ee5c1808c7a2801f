import { z } from 'zod';
import { ChatError } from '../../src/domain/errors.js';
import { baseConversationId } from './conversation-ids.js';

/**
 * What the bot keeps to reach a conversation later (proactive messages): the Bot Framework conversation reference of
 * the channel or chat itself, never of one message or thread in it.
 */
export interface StoredReference {
  channelId: string;
  serviceUrl: string;
  conversation: { id: string; conversationType?: string; tenantId?: string; isGroup?: boolean; name?: string };
  bot?: { id: string; name?: string };
  user?: { id: string; name?: string; aadObjectId?: string };
  locale?: string;
  /** The team of a channel (`channelData.team.id`), so that the bot leaving the team pauses every channel of it. */
  teamId?: string;
}

const account = z.looseObject({ id: z.string(), name: z.string().optional() });
const referenceSchema = z.looseObject({
  channelId: z.string().min(1),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  conversation: z.looseObject({
    id: z.string().min(1),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
    isGroup: z.boolean().optional(),
  }),
  bot: account.optional(),
  user: account.optional(),
  locale: z.string().optional(),
  teamId: z.string().optional(),
});

/** Fields of an incoming activity that make a reference (TurnContext.getConversationReference gives the same). */
export interface ReferenceSource {
  channelId?: string;
  serviceUrl?: string;
  conversation?: { id: string; conversationType?: string; tenantId?: string; isGroup?: boolean; name?: string };
  recipient?: { id: string; name?: string };
  from?: { id: string; name?: string; aadObjectId?: string };
  locale?: string;
  channelData?: unknown;
}

/** The reference of the channel or chat an activity came from (thread and message ids dropped). */
export function referenceFromActivity(activity: ReferenceSource): StoredReference | null {
  const parsed = referenceSchema.safeParse({
    channelId: activity.channelId,
    serviceUrl: activity.serviceUrl,
    conversation: activity.conversation
      ? { ...activity.conversation, id: baseConversationId(activity.conversation.id) }
      : undefined,
    bot: activity.recipient
      ? { id: activity.recipient.id, ...(activity.recipient.name ? { name: activity.recipient.name } : {}) }
      : undefined,
    user: activity.from
      ? { id: activity.from.id, ...(activity.from.name ? { name: activity.from.name } : {}) }
      : undefined,
    ...(activity.locale ? { locale: activity.locale } : {}),
    ...(teamIdOf(activity) ? { teamId: teamIdOf(activity) } : {}),
  });
  return parsed.success ? (parsed.data as StoredReference) : null;
}

/** Validates a reference read back from the store (it is JSON written by an earlier version or process). */
export function parseStoredReference(value: unknown): StoredReference {
  const parsed = referenceSchema.safeParse(value);
  if (!parsed.success) {
    throw new ChatError(
      'INVALID_CONVERSATION_REFERENCE',
      `stored Teams conversation reference is unusable: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    );
  }
  return {
    ...(parsed.data as StoredReference),
    conversation: { ...parsed.data.conversation, id: baseConversationId(parsed.data.conversation.id) },
  };
}

/** The team an activity comes from (`channelData.team.id`, Teams channels only), or undefined. */
export function teamIdOf(activity: { channelData?: unknown }): string | undefined {
  const id = (activity.channelData as { team?: { id?: unknown } } | undefined)?.team?.id;
  return typeof id === 'string' && id ? id : undefined;
}

/** Whether a stored reference (or the channel id) is of a channel of `teamId`; the General channel's id is the team's. */
export function isOfTeam(teamId: string, stored: unknown, channelId: string): boolean {
  if (channelId === teamId) return true;
  const parsed = referenceSchema.safeParse(stored);
  return parsed.success && parsed.data.teamId === teamId;
}
