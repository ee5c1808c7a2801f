import { escapeHtml } from '../../../src/preview/escape-html.js';

// Private-use stand-ins for the pieces that are rendered apart (links, mentions, code) while formatting runs.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const STAND_INS = /[\uE000\uE001]/g;

/** The few emoji shortcodes the bot's messages use, as Slack shows them. */
const EMOJI: Record<string, string> = {
  warning: '⚠️',
  information_source: 'ℹ️',
  newspaper: '📰',
  link: '🔗',
  globe_with_meridians: '🌐',
  white_check_mark: '✅',
  x: '❌',
  mag: '🔍',
  speech_balloon: '💬',
};

/**
 * Slack mrkdwn (as the bot sends it: `&`, `<`, `>` already escaped by the adapter) as HTML, the way Slack's client
 * shows it: `<url|label>` links, mentions, *bold*, _italic_, ~strike~, `code`, ``` blocks, `>` quotes, line breaks.
 * Everything that is not markup is HTML-escaped; only http(s) and mailto links get an href.
 */
export function mrkdwnToHtml(mrkdwn: string): string {
  const parts = mrkdwn.replace(STAND_INS, '').split('```');
  return parts
    .map((part, i) =>
      i % 2 === 1 && i < parts.length - 1
        ? `<pre class="sk-pre">${escapeHtml(decodeSlackEntities(part.replace(/^\n/, '')))}</pre>`
        : linesToHtml(part),
    )
    .join('');
}

function linesToHtml(text: string): string {
  const out: string[] = [];
  let quote: string[] = [];
  const flush = () => {
    if (quote.length) out.push(`<blockquote class="sk-quote">${quote.join('<br>')}</blockquote>`);
    quote = [];
  };
  let plain: string[] = [];
  const flushPlain = () => {
    if (plain.length) out.push(plain.join('<br>'));
    plain = [];
  };
  for (const line of text.split('\n')) {
    // Slack stores a typed `>` as `&gt;`; both start a block quote at the beginning of a line.
    const quoted = /^(?:&gt;|>)\s?(.*)$/.exec(line);
    if (quoted) {
      flushPlain();
      quote.push(inlineToHtml(quoted[1] ?? ''));
    } else {
      flush();
      plain.push(inlineToHtml(line));
    }
  }
  flush();
  flushPlain();
  return out
    .join('<br>')
    .replace(/<br><blockquote/g, '<blockquote')
    .replace(/<\/blockquote><br>/g, '</blockquote>');
}

function inlineToHtml(line: string): string {
  const pieces: string[] = [];
  const stand = (html: string) => `${OPEN}${pieces.push(html) - 1}${CLOSE}`;
  let text = line.replace(/`([^`]+)`/g, (_m, code: string) =>
    stand(`<code class="sk-code">${escapeHtml(decodeSlackEntities(code))}</code>`),
  );
  text = text.replace(/<([^<>]+)>/g, (_m, inner: string) => stand(angleToHtml(inner)));
  let html = escapeHtml(decodeSlackEntities(text));
  html = format(html, '*', 'strong');
  html = format(html, '_', 'em');
  html = format(html, '~', 'del');
  html = html.replace(/:([a-z0-9_+-]+):/g, (m, name: string) => EMOJI[name] ?? m);
  return html.replace(new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g'), (_m, i: string) => pieces[Number(i)] ?? '');
}

/** `*bold*`: the marker must touch the text inside and not sit inside a word (Slack's rule). */
function format(html: string, marker: string, tag: string): string {
  // Unicode-mode regexes allow `\` only before syntax characters (`*`), not before `_` or `~`.
  const m = marker === '*' ? '\\*' : marker;
  const pattern = new RegExp(
    `(^|[^\\p{L}\\p{N}${m}])${m}([^\\s${m}](?:[^${m}\\n]*?[^\\s${m}])?)${m}(?![\\p{L}\\p{N}${m}])`,
    'gu',
  );
  return html.replace(pattern, (_match, before: string, inner: string) => `${before}<${tag}>${inner}</${tag}>`);
}

/** What Slack makes of `<...>`: a link, a user/channel mention, or a special mention such as @channel. */
function angleToHtml(inner: string): string {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? null : decodeSlackEntities(inner.slice(bar + 1));
  if (target.startsWith('!')) {
    const [command = ''] = target.slice(1).split('^');
    // <!date^...|fallback> is a formatted date, not a mention.
    if (command === 'date') return escapeHtml(label ?? '');
    const text = label ?? `@${command}`;
    return `<span class="sk-mention sk-broadcast" title="Slack special mention: it notifies people">${escapeHtml(text)}</span>`;
  }
  if (target.startsWith('@'))
    return `<span class="sk-mention" title="Slack user mention">@${escapeHtml(label ?? target.slice(1))}</span>`;
  if (target.startsWith('#'))
    return `<span class="sk-mention" title="Slack channel link">#${escapeHtml(label ?? target.slice(1))}</span>`;
  const url = decodeSlackEntities(target);
  if (!/^(https?:\/\/|mailto:)/i.test(url)) return escapeHtml(label ?? url);
  return `<a class="sk-link" href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer nofollow">${escapeHtml(label ?? url)}</a>`;
}

/** The three entities Slack uses in message text. */
export function decodeSlackEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_m, name: string) => (name === 'amp' ? '&' : name === 'lt' ? '<' : '>'));
}
