/**
 * Untrusted text (feed titles and summaries, answers, user input) made inert for Adaptive Card TextBlocks, which
 * interpret a subset of Markdown (emphasis, links, lists) and `{{DATE()}}`/`{{TIME()}}` functions.
 */

// Control characters, and bidi embeddings/overrides/isolates that can make text read differently than it is stored.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const UNSAFE_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const AT_TAGS = /<\/?at\b[^>]*>/gi;
const INLINE_MARKUP = /[\\`*_~[\]|#<>]/g;
const ZWSP = '\u200b';

/** Plain text for a TextBlock: no markup, no mentions, no links, no card functions; single spaces; at most `max` characters. */
export function cardText(text: string, max = 2000): string {
  return escapeMarkdown(truncate(plainText(text).replace(/\s+/g, ' ').trim(), max));
}

/** Like cardText but keeps line breaks (answers, notices), one paragraph per line. */
export function cardParagraphs(text: string, max = 4000): string[] {
  return truncate(plainText(text), max)
    .split(/\n+/)
    .map((line) => line.replace(/[ \t\r\f\v]+/g, ' ').trim())
    .filter(Boolean)
    .map(escapeMarkdown);
}

/** For strings that are not Markdown (action titles, summaries): control characters and mention tags removed. */
export function plainText(text: string): string {
  return text.replace(UNSAFE_CHARS, '').replace(AT_TAGS, '');
}

/** Escapes one line so that no Markdown, link, list, heading or card function can form. */
export function escapeMarkdown(line: string): string {
  return (
    line
      .replace(INLINE_MARKUP, (c) => `\\${c}`)
      // A list item needs "- ", "+ " or "1. " at the start of a line.
      .replace(/^(\s*)([-+])(?=\s)/, '$1\\$2')
      .replace(/^(\s*\d+)([.)])(?=\s)/, '$1\\$2')
      // {{DATE(...)}} and {{TIME(...)}} are evaluated by the card host.
      .replace(/\{\{/g, `{${ZWSP}{`)
      // Hosts turn bare URLs into links; a zero-width space after the scheme keeps them as text.
      .replace(/:\/\//g, `:${ZWSP}//`)
      .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWSP}.`)
  );
}

/** Escapes user text and renders `code` spans of trusted core notices as bold. */
export function noticeLine(line: string): string {
  const parts = plainText(line).split('`');
  return parts
    .map((part, i) =>
      i % 2 === 1 && i < parts.length - 1 && part ? `**${escapeMarkdown(part)}**` : escapeMarkdown(part),
    )
    .join('');
}

/** Only http(s) URLs become buttons: no javascript:, data:, file: or relative links from a feed. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  // Never leave half of a surrogate pair (emoji, rare scripts) at the cut.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.8 ? cut.slice(0, space) : cut}…`;
}
