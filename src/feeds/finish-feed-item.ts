import { hash } from 'node:crypto';
import type { FeedItem } from '../domain/types.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being removed
const CONTROL = /[\u0000-\u001f\u007f]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being looked for
const HAS_CONTROL = /[\u0000-\u001f\u007f]/;

/** Longer guids are stored as their hash: PostgreSQL cannot index a value of more than about 2.7 KB. */
const MAX_GUID = 512;

/**
 * A guid as an identity: control characters are no part of it (PostgreSQL refuses NUL in a text column), and a very
 * long one (a serialised token) is kept as its SHA-256, the same from poll to poll.
 */
function cleanGuid(guid: string | null): string | null {
  // Testing first: a clean guid, the common case, costs no replace.
  const clean = (guid && HAS_CONTROL.test(guid) ? guid.replace(CONTROL, '').trim() : guid) || null;
  return clean && clean.length > MAX_GUID ? `sha256:${hash('sha256', clean, 'hex')}` : clean;
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * Completes an item read from a feed: a missing teaser is the body's opening, a missing title is
 * the text's first line, shortened (JSON Feed and some RSS items have no title); a body equal to
 * the teaser is dropped.
 */
export function finishFeedItem(
  parts: Omit<FeedItem, 'alternates'> & { alternates?: FeedItem['alternates'] },
): FeedItem {
  const teaser = parts.teaser || (parts.body ? shorten(parts.body.split('\n', 1)[0] ?? '', 500) : '');
  // A "body" that only repeats the teaser is not a full text (matters for fullText: auto).
  const body = parts.body && parts.body !== parts.teaser ? parts.body : null;
  const title = parts.title || shorten((teaser || body || '').split('\n', 1)[0] ?? '', 120);
  return {
    guid: cleanGuid(parts.guid),
    url: parts.url,
    title,
    teaser,
    body,
    publishedAt: parts.publishedAt,
    declaredLanguage: parts.declaredLanguage,
    alternates: parts.alternates ?? [],
  };
}
