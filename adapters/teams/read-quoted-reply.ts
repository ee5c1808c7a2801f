/** The parts of an incoming activity that carry a quoted reply (Teams "Reply" in chats). */
export interface ActivityWithAttachments {
  attachments?: Array<{ contentType?: string; content?: unknown }>;
}

export interface QuotedReply {
  /** Id of the quoted message. */
  messageId: string;
  /** The user's own text, without the quote. */
  text: string;
}

const REPLY_QUOTE = /<blockquote\b[^>]*itemtype="http:\/\/schema\.skype\.com\/Reply"[^>]*>[\s\S]*?<\/blockquote>/i;
const ITEM_ID = /itemid="(\d+)"/i;

/**
 * Teams chats have no threads: "Reply" quotes the message instead, as an HTML attachment whose blockquote names the
 * quoted message id (`itemid`). Returns that id and the user's text after the quote, or null.
 */
export function readQuotedReply(activity: ActivityWithAttachments): QuotedReply | null {
  for (const attachment of activity.attachments ?? []) {
    if (attachment.contentType !== 'text/html' || typeof attachment.content !== 'string') continue;
    const quote = REPLY_QUOTE.exec(attachment.content);
    const id = quote ? ITEM_ID.exec(quote[0])?.[1] : undefined;
    if (!quote || !id) continue;
    const rest = attachment.content.replace(quote[0], ' ');
    return { messageId: id, text: htmlToText(rest) };
  }
  return null;
}

function htmlToText(html: string): string {
  return html
    .replace(/<at\b[^>]*>[\s\S]*?<\/at>/gi, ' ')
    .replace(/<br\s*\/?>|<\/p>/gi, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
