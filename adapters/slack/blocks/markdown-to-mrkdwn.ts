import slackifyMarkdown from 'slackify-markdown';
import { escapeMrkdwn, safeUrl } from './escape-mrkdwn.js';

// Private-use stand-ins for & < >, so that the Markdown converter never sees (and never passes through) a raw
// Slack control sequence such as <!channel>; they become entities after conversion.
const AMP = '\uE000';
const LT = '\uE001';
const GT = '\uE002';
const PLACEHOLDERS = /[\uE000-\uE002]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/g;
// What the converter would read as Markdown (emphasis, code, links, escapes, autolinks, block markers, line breaks);
// text without any of it comes out as the escaped text.
const MARKDOWN_SYNTAX = /[*_`~[\]\\#|@\n\t]| {2}|^\s*(?:[-+>]|\d+[.)])(?:\s|$)|https?:\/\/|www\./i;
const MAX_CONVERTED = 1_000;
const converted = new Map<string, string>();
const DOMAIN_LIKE = /(https?:\/\/|www\.|\b[a-z0-9-]+\.[a-z]{2,}\b)/i;

export interface MrkdwnOptions {
  /**
   * 'shown' (default): a link stays a link and shows its real URL. 'words': a link becomes its words, for text a
   * whole channel sees (a digest summary), whose only links are the ones the bot builds to the story's own articles.
   */
  links?: 'shown' | 'words';
}

/**
 * Converts Markdown written by the LLM (untrusted: article text can steer it) into Slack mrkdwn with
 * slackify-markdown, then makes it safe: no mention or special command survives, links are http(s) only,
 * and every link shows its real URL (a label is kept as text before it), or is only words (`links: 'words'`).
 */
export function markdownToMrkdwn(markdown: string, options: MrkdwnOptions = {}): string {
  const links = options.links ?? 'shown';
  // The converter costs ~0.5 ms a call and a digest goes to many channels: text without Markdown skips it, and
  // a text converted once (the same summary in every channel's digest) is not converted again.
  // Control and bidi-override characters go on this path too (a spoofed direction is no Markdown).
  if (!MARKDOWN_SYNTAX.test(markdown)) return escapeMrkdwn(markdown.replace(UNSAFE_CHARACTERS, '')).trim();
  const key = `${links}:${markdown}`;
  const known = converted.get(key);
  if (known !== undefined) return known;
  if (converted.size >= MAX_CONVERTED) converted.clear();
  const mrkdwn = convert(markdown, links);
  converted.set(key, mrkdwn);
  return mrkdwn;
}

function convert(markdown: string, links: 'shown' | 'words'): string {
  const shielded = markdown
    .replace(UNSAFE_CHARACTERS, '')
    .replace(PLACEHOLDERS, '')
    .split('\n')
    .map((line) => {
      // Keep a leading `>` (a Markdown block quote); every other & < > becomes a stand-in.
      const quote = /^(\s*>)+/.exec(line)?.[0] ?? '';
      return quote + line.slice(quote.length).replace(/&/g, AMP).replace(/</g, LT).replace(/>/g, GT);
    })
    .join('\n');
  const converted = slackifyMarkdown(shielded).trim();
  // The only `<...>` left are links the converter built from Markdown links and images.
  const linked = converted.replace(
    /<([^<>|]*)(?:\|([^<>]*))?>/g,
    (_match, rawUrl: string, rawLabel: string | undefined) => {
      const url = safeUrl(unshieldUrl(rawUrl));
      const label = rawLabel === undefined ? undefined : unshield(rawLabel);
      if (!url || links === 'words') return escapeMrkdwn(label ?? unshield(rawUrl));
      if (label === undefined || label === unshield(rawUrl) || DOMAIN_LIKE.test(label)) return `<${url}>`;
      // A model steered by an article must not hide a destination behind friendly words: show the URL.
      return `${escapeMrkdwn(label)} (<${url}>)`;
    },
  );
  return linked.replace(PLACEHOLDERS, (c) => (c === AMP ? '&amp;' : c === LT ? '&lt;' : '&gt;'));
}

/** The converter percent-encodes the stand-ins inside link destinations. */
function unshieldUrl(url: string): string {
  return unshield(url.replace(/%EE%80%8([0-2])/gi, (_m, d: string) => String.fromCharCode(0xe000 + Number(d))));
}

function unshield(text: string): string {
  return text.replace(PLACEHOLDERS, (c) => (c === AMP ? '&' : c === LT ? '<' : '>'));
}
