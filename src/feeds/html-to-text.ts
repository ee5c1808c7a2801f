import { decode } from 'html-entities';

const ENTITY = /&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]{1,31});/i;
const MARKUP =
  /<\/?(?:p|div|br|a|span|b|i|em|strong|img|ul|ol|li|h[1-6]|table|tr|td|blockquote|figure|iframe|script|style)\b[^>]*>/i;
const HAS_DROP_BLOCK = /<(?:script|style|noscript|template|iframe|svg|head|object|select)\b/i;
const DROP_BLOCKS = /<(script|style|noscript|template|iframe|svg|head|object|select)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const TAG_OR_COMMENT =
  /<!--[\s\S]*?-->|<!\[CDATA\[|\]\]>|<\/?([a-z][a-z0-9]*)\b(?:[^>"']|"[^"]*"|'[^']*')*>|<[!?][^>]*>/gi;
const LINE_TAGS = new Set(
  'p div br li ul ol dl dt dd h1 h2 h3 h4 h5 h6 tr table thead tbody tfoot blockquote section article header footer aside nav main figure figcaption pre hr address details summary form fieldset center'.split(
    ' ',
  ),
);
const CELL_TAGS = new Set(['td', 'th']);

function decodeEntities(text: string): string {
  return text.includes('&') ? decode(text, { level: 'html5', scope: 'body' }) : text;
}

const MESSY_SPACE = /\s\s|[\t\n\r\f\v\u00a0\u2028\u2029\ufeff]/;
const BREAK = '\u0001';
// Control characters are never text (and PostgreSQL refuses NUL in text columns).
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being removed
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being removed
const HAS_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Collapses whitespace inside each line and drops empty lines: one paragraph per line. */
function tidyLines(text: string, separator = '\n'): string {
  const out: string[] = [];
  // Testing before replacing is much faster than a global /\s+/ replace on clean text.
  for (const line of text.split(separator)) {
    const trimmed = (HAS_CONTROL.test(line) ? line.replace(CONTROL, '') : line).trim();
    if (trimmed) out.push(MESSY_SPACE.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed);
  }
  return out.join('\n');
}

function replaceTag(match: string, name: string | undefined): string {
  if (!name) return match.startsWith('<!--') ? ' ' : '';
  const tag = name.toLowerCase();
  // Source line breaks are just spaces in HTML; only block elements start a new line.
  if (LINE_TAGS.has(tag)) return BREAK;
  return CELL_TAGS.has(tag) ? ' ' : '';
}

function stripMarkup(html: string): string {
  const text = HAS_DROP_BLOCK.test(html) ? html.replace(DROP_BLOCKS, ' ') : html;
  return tidyLines(decodeEntities(text.replace(TAG_OR_COMMENT, replaceTag)), BREAK);
}

/**
 * Turns an HTML fragment (feed description, content:encoded, article body) into plain text with
 * one paragraph per line. Text without markup takes a cheap path; entities are decoded, including
 * double-escaped ones such as `&amp;#039;` that many feeds carry. Output is inert text.
 */
export function htmlToText(input: string | null | undefined, options: { plain?: boolean } = {}): string {
  if (!input) return '';
  // Declared plain text (Atom type="text") keeps a literal "<" but still gets sloppy entities decoded.
  if (options.plain) return tidyLines(ENTITY.test(input) ? decodeEntities(input) : input);
  if (!input.includes('<')) {
    if (!input.includes('&')) return tidyLines(input);
    const decoded = decodeEntities(input);
    if (!decoded.includes('<') || !MARKUP.test(decoded)) {
      return tidyLines(ENTITY.test(decoded) ? decodeEntities(decoded) : decoded);
    }
    input = decoded; // entity-escaped HTML: treat what it decodes to as markup
  }
  const text = stripMarkup(input);
  if (text.includes('&') && ENTITY.test(text)) {
    const decoded = decodeEntities(text);
    // Markup escaped twice by the publisher shows up as tags only now.
    return decoded.includes('<') && MARKUP.test(decoded)
      ? stripMarkup(decoded.replace(/\n/g, '<br>'))
      : tidyLines(decoded);
  }
  return text;
}
