import type { StoredReference } from './conversation-reference.js';

/**
 * The latest reference seen per channel/chat (bounded, least recently used out). Thread replies need the serviceUrl
 * of their conversation; the question that triggers a reply always arrives first and refreshes it.
 */
export class ReferenceCache {
  private readonly entries = new Map<string, StoredReference>();

  constructor(private readonly capacity = 10_000) {}

  remember(reference: StoredReference): void {
    const key = reference.conversation.id;
    this.entries.delete(key);
    this.entries.set(key, reference);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** The bot left the conversation: a later proactive send must not use its reference. */
  forget(conversationId: string): void {
    this.entries.delete(conversationId);
  }

  /** Forgets every reference `matches` (the bot left a whole team). */
  forgetWhere(matches: (reference: StoredReference) => boolean): void {
    for (const [key, reference] of this.entries) if (matches(reference)) this.entries.delete(key);
  }

  get(conversationId: string): StoredReference | undefined {
    return this.entries.get(conversationId);
  }
}
