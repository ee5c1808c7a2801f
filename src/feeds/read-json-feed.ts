import { SourceError } from '../domain/errors.js';
import type { FeedItem } from '../domain/types.js';
import { finishFeedItem } from './finish-feed-item.js';
import { htmlToText } from './html-to-text.js';
import type { ParsedFeed } from './parse-feed.js';
import { parseFeedDate } from './parse-feed-date.js';
import { primaryLanguage } from '../text/primary-language.js';
import { resolveHttpUrl } from '../http/resolve-http-url.js';

type Json = Record<string, unknown>;

function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function readItem(item: Json, feedLanguage: string | null, bases: Array<string | null | undefined>): FeedItem {
  const html = htmlToText(str(item.content_html));
  const body = html || htmlToText(str(item.content_text), { plain: true });
  return finishFeedItem({
    guid: str(item.id) || null,
    url:
      resolveHttpUrl(str(item.url), ...bases) ??
      resolveHttpUrl(str(item.external_url), ...bases) ??
      resolveHttpUrl(str(item.id)),
    title: htmlToText(str(item.title), { plain: true }).replace(/\n/g, ' '),
    teaser: htmlToText(str(item.summary), { plain: true }),
    body: body || null,
    publishedAt: parseFeedDate(str(item.date_published) || str(item.date_modified)),
    declaredLanguage: primaryLanguage(str(item.language)) ?? feedLanguage,
  });
}

/** Reads a JSON Feed 1.0/1.1 document. */
export function readJsonFeed(text: string, baseUrl?: string): ParsedFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new SourceError('FEED_MALFORMED', `Invalid JSON Feed: ${(error as Error).message}`, { cause: error });
  }
  const feed = doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Json) : null;
  if (!feed || (!str(feed.version).includes('jsonfeed.org') && !Array.isArray(feed.items))) {
    throw new SourceError('FEED_MALFORMED', 'Not a JSON Feed: no "version" naming jsonfeed.org and no "items" array');
  }
  const language = primaryLanguage(str(feed.language));
  const link = resolveHttpUrl(str(feed.home_page_url), baseUrl);
  const bases = [baseUrl, link, resolveHttpUrl(str(feed.feed_url), baseUrl)];
  const items = (Array.isArray(feed.items) ? feed.items : [])
    .filter((item): item is Json => !!item && typeof item === 'object' && !Array.isArray(item))
    .map((item) => readItem(item, language, bases));
  return {
    type: 'jsonfeed',
    title: htmlToText(str(feed.title), { plain: true }).replace(/\n/g, ' '),
    language,
    link,
    items,
  };
}
