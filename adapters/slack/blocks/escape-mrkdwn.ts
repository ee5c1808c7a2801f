import { truncate } from './slack-limits.js';

// C0/C1 controls except tab and newline, and the bidi embeddings/overrides/isolates that can make text read
// differently from what it is (RLM/LRM, which Arabic text legitimately contains, are kept).
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * Makes untrusted text (feed titles, summaries, source names, answers, user input) inert in Slack mrkdwn:
 * `&`, `<` and `>` are the only characters Slack parses into mentions (`<!channel>`, `<@U123>`) and links
 * (`<http://x|label>`), so escaping them leaves nothing that pings anyone or hides a link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Escapes (or makes safe with `render`, e.g. markdownToMrkdwn), shortening the text first so that the result fits in
 * `max` characters (entities are never cut).
 */
export function escapeWithin(text: string, max: number, render: (text: string) => string = escapeMrkdwn): string {
  let budget = max;
  let escaped = render(truncate(text, budget));
  while (escaped.length > max && budget > 1) {
    budget -= Math.max(1, escaped.length - max);
    escaped = render(truncate(text, budget));
  }
  return escaped;
}

/** An http(s) URL made safe for the inside of a Slack link, or null when the text is not one. */
export function safeUrl(raw: string | null | undefined, maxLength = 3_000): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // `|` would end the URL and start a label, `<` `>` would end the link; `&` is written as Slack writes it.
  const href = url.href.replace(/[|<>"\s]/g, (c) => encodeURIComponent(c)).replace(/&/g, '&amp;');
  return href.length <= maxLength ? href : null;
}

/** `<url|label>` with an escaped label, or just the escaped label when the URL is not a safe http(s) URL. */
export function mrkdwnLink(rawUrl: string | null | undefined, label: string, maxLabel = 300, maxUrl = 1_000): string {
  const text = escapeWithin(label.replace(/\s+/g, ' ').trim() || (rawUrl ?? ''), maxLabel);
  const url = safeUrl(rawUrl, maxUrl);
  return url ? `<${url}|${text}>` : text;
}
