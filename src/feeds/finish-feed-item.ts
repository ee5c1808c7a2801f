import type { FeedItem } from '../domain/types.js';

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
    guid: parts.guid || null,
    url: parts.url,
    title,
    teaser,
    body,
    publishedAt: parts.publishedAt,
    declaredLanguage: parts.declaredLanguage,
    alternates: parts.alternates ?? [],
  };
}
