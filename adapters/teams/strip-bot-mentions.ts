/** The parts of a Teams message activity that carry mentions. */
export interface ActivityWithMentions {
  text?: string;
  recipient?: { id?: string };
  entities?: Array<{ type?: string; text?: unknown; mentioned?: { id?: unknown } }>;
}

/**
 * The message text without any @mention of the bot. New Teams clients send a multi-word name as one `<at>` per word
 * (`<at>Migration</at> <at>News</at>`), each its own mention entity of the bot's id; botbuilder's
 * removeRecipientMention removes the first only, which left "News latest" as the command.
 */
export function stripBotMentions(activity: ActivityWithMentions): string {
  let text = activity.text ?? '';
  const botId = activity.recipient?.id;
  if (!botId) return text.trim();
  for (const entity of activity.entities ?? []) {
    if (entity.type !== 'mention' || entity.mentioned?.id !== botId || typeof entity.text !== 'string') continue;
    const words = entity.text
      .split(/(?:\s|&nbsp;|\u00a0)+/)
      .filter(Boolean)
      .map(escapeRegExp);
    // The same mention whichever space Teams put between its words (a space, &nbsp; or U+00A0).
    if (words.length) text = text.replace(new RegExp(words.join('(?:\\s|&nbsp;|\\u00a0)+'), 'gi'), ' ');
  }
  return text.trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
