// A Markdown link or image, `[words](url "title")`: its words are kept (one level of parentheses in the URL).
const LINK = /!?\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"\n]*")?\s*\)/g;
// A heading, quote or list marker at the start of the text.
const LEADING_MARKER = /^\s{0,3}(?:#{1,6}|>|[-*+]|\d{1,3}[.)])\s+/;
// Paired markers around words (CommonMark: the inside neither starts nor ends with a space).
const STRONG = /(\*\*|__|~~)(?=\S)([^\n]*?\S)\1/g;
const STAR = /(^|[^\p{L}\p{N}*\\])\*(?=\S)([^*\n]*?\S)\*(?![\p{L}\p{N}*])/gu;
// Not inside words (snake_case stays as it is).
const UNDERSCORE = /(^|[^\p{L}\p{N}_\\])_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}_])/gu;
const CODE = /`([^`\n]+)`/g;

/**
 * The words of a short line of Markdown written by the LLM (a title), without its markup: `**x**`, `_x_`, `` `x` ``,
 * `~~x~~` and `[x](url)` become `x`, a leading `#` or list marker goes. A title becomes a link's text, where
 * mrkdwn would show the markers literally. The result is plain text: the caller escapes it.
 */
export function markdownToPlain(markdown: string): string {
  return (
    markdown
      .replace(LINK, '$1')
      .replace(LEADING_MARKER, '')
      .replace(CODE, '$1')
      // Twice: one marker pair may sit inside another (`**~~x~~**`).
      .replace(STRONG, '$2')
      .replace(STRONG, '$2')
      .replace(STAR, '$1$2')
      .replace(UNDERSCORE, '$1$2')
      .replace(/\\([*_`~[\]#\\])/g, '$1')
  );
}
