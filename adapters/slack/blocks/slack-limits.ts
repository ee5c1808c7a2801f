/**
 * Slack's Block Kit and chat.postMessage limits (api.slack.com/reference/block-kit), in one place so the
 * renderer and the test validator agree. Where Slack documents no number, we pick a conservative one.
 */
export const SLACK_LIMITS = {
  /** Blocks in one message. */
  blocksPerMessage: 50,
  /** Characters in a section block's text object. */
  sectionText: 3_000,
  /** Characters in a header block's plain_text. */
  headerText: 150,
  /** Elements in a context block. */
  contextElements: 10,
  /** Characters in one context element's text object (Slack's text-object maximum). */
  contextText: 3_000,
  /** Characters in a block_id. */
  blockId: 255,
  /** Characters of a URL inside a link. */
  url: 3_000,
  /** chat.postMessage `text` is truncated by Slack beyond 40,000; the notification fallback stays short. */
  fallbackText: 3_000,
  /**
   * Characters of text across a message's blocks. Not a documented Slack limit: messages far beyond it render
   * collapsed or are refused, so the renderer starts a new message before reaching it.
   */
  messageText: 12_000,
} as const;

/** Shortens text to `max` characters (code points are not split), ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  // Do not leave half of a surrogate pair or of an escaped entity (&amp;) at the end.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  cut = cut.replace(/&[a-z]{0,4}$/, '');
  return `${cut}…`;
}
