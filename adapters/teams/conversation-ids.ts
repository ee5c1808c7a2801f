/**
 * Teams conversation ids. A channel reply thread is its own conversation: `19:abc@thread.tacv2;messageid=1700000000001`,
 * where the part before `;messageid=` is the channel and the number is the id of the thread's root message.
 */
const THREAD_MARKER = ';messageid=';

/** The channel (or chat) a conversation id belongs to: the id without `;messageid=...`. */
export function baseConversationId(conversationId: string): string {
  const at = conversationId.indexOf(THREAD_MARKER);
  return at === -1 ? conversationId : conversationId.slice(0, at);
}

/** The root message id of a channel thread conversation, or null for a chat or a channel itself. */
export function threadRootId(conversationId: string): string | null {
  const at = conversationId.indexOf(THREAD_MARKER);
  return at === -1 ? null : conversationId.slice(at + THREAD_MARKER.length) || null;
}

/** The conversation id of the thread rooted at `rootMessageId` in a channel. */
export function threadConversationId(channelId: string, rootMessageId: string): string {
  return `${baseConversationId(channelId)}${THREAD_MARKER}${rootMessageId}`;
}

export function isThreadConversationId(conversationId: string): boolean {
  return threadRootId(conversationId) !== null;
}
