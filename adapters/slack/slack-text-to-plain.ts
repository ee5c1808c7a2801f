/**
 * Turns the text of an incoming message or slash command (Slack's escaped format) into plain text for the
 * core: the bot's own mention is dropped, other mentions and links keep their label, entities are decoded.
 */
export function slackTextToPlain(text: string, botUserId?: string | null): string {
  return text
    .replace(/<([^<>]*)>/g, (_m, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (botUserId && target === `@${botUserId}`) return ' ';
      if (label) return target.startsWith('@') ? `@${label}` : target.startsWith('#') ? `#${label}` : label;
      if (target.startsWith('!')) return `@${target.slice(1).split('^')[0]}`;
      return target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .trim();
}
