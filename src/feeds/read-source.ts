import { pathToFileURL } from 'node:url';
import pLimit from 'p-limit';
import type { FeedItem, LanguageCode, SourceConfig } from '../domain/types.js';
import { canonicalUrl } from '../editions/canonical-url.js';
import { contentHash } from './content-hash.js';
import { detectLanguageFast } from '../text/detect-language-fast.js';
import { type FetchUrlOptions, fetchUrl } from '../http/fetch-url.js';
import { matchesFilter } from './filter-topic.js';
import { parseFeed } from './parse-feed.js';
import { storyAnchors } from '../editions/story-anchors.js';

/** A feed item ready for dedupe and storage. */
export type ReadItem = FeedItem & {
  canonicalUrl: string | null;
  /** Declared by the source, else detected, else the feed's declared language, else "und". */
  language: LanguageCode;
  /** Best text: the longer of feed body and article page (fullText), else the teaser, else the title. */
  text: string;
  /** Of the feed item's own title and text, whatever the page fetch did (SPEC 5.1): a failed fetch is no change. */
  contentHash: string;
  /** Of the title and `text` (the hash stored before hashes came from the feed alone); equals contentHash without a page. */
  textHash: string;
  /** The article page was wanted but could not be read: the text is the feed's, not the article's. */
  pageFailed: boolean;
  /**
   * storyAnchors of the title and text, computed where the item is read (the reading worker, so that grouping on the
   * storing thread does not); absent for items of unchanged feed content (previous.knownHashes), which are duplicates.
   */
  anchors?: string[];
};

/** What the previous polls of a source left: validators, and the hashes of its stored items (no page fetch for those). */
export interface PreviousRead {
  etag: string | null;
  lastModified: string | null;
  knownHashes?: string[];
}

export interface ReadSourceResult {
  status: 'ok' | 'not_modified';
  etag: string | null;
  lastModified: string | null;
  items: ReadItem[];
  /** The feed is not in the charset it declares and was read anyway: ingest logs it as a warning naming the source. */
  warning?: string;
  /** Items left out for having no title, text or link (an empty `<item/>`, a CMS placeholder): ingest logs how many. */
  leftOut?: number;
}

export interface ReadSourceDeps {
  fetchUrl?: typeof fetchUrl;
  /** Timeouts, size cap, retries for the feed request (validators and address policy are set here). */
  feedOptions?: Omit<FetchUrlOptions, 'etag' | 'lastModified' | 'allowPrivateAddress' | 'allowFile'>;
  /** Same for article pages (fullText). */
  articleOptions?: Omit<FetchUrlOptions, 'etag' | 'lastModified' | 'allowPrivateAddress' | 'allowFile'>;
  /** Article pages fetched at once for one source (hosts are limited separately). Default 4. */
  articleConcurrency?: number;
  /** Told about article pages that could not be used (the item keeps its teaser). */
  onWarning?: (message: string, cause: unknown) => void;
}

/** Teasers shorter than this make fullText "auto" fetch the article page. */
const SHORT_TEASER = 400;
/** The filter looks at the opening of long texts: a story about migration says so early. */
const FILTER_CHARS = 5000;

function sourceUrl(url: string): string {
  return url.startsWith('/') ? pathToFileURL(url).href : url;
}

function isHttp(url: string | null): url is string {
  return !!url && /^https?:\/\//i.test(url);
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

function wantsFullText(source: SourceConfig, item: FeedItem): boolean {
  if (!isHttp(item.url) || source.fullText === 'never') return false;
  return source.fullText === 'always' || (!item.body && item.teaser.length < SHORT_TEASER);
}

interface ArticleExtras {
  text: string | null;
  language: LanguageCode | null;
  alternates: FeedItem['alternates'];
  publishedAt: string | null;
}

async function readArticle(
  source: SourceConfig,
  feedUrl: string,
  item: FeedItem,
  deps: ReadSourceDeps,
): Promise<ArticleExtras | 'failed'> {
  const url = item.url as string;
  try {
    const page = await (deps.fetchUrl ?? fetchUrl)(url, {
      timeoutMs: 15_000,
      retries: 1,
      accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5',
      ...deps.articleOptions,
      // An item link must never reach an internal address, except on the origin the operator configured.
      allowPrivateAddress: source.allowPrivateAddress && sameOrigin(url, feedUrl),
      allowFile: false,
    });
    // Readability and linkedom load on the first article page: most sources never need them.
    const { extractArticle } = await import('./extract-article.js');
    const article = extractArticle(page.text, page.url);
    const text = article.text.length > item.teaser.length ? article.text : null;
    return { text, language: article.language, alternates: article.alternates, publishedAt: article.publishedAt };
  } catch (error) {
    deps.onWarning?.(`${source.id}: article ${url} not used: ${(error as Error).message}`, error);
    return 'failed';
  }
}

function canonicalAlternates(alternates: FeedItem['alternates']): FeedItem['alternates'] {
  return alternates.flatMap((a) => {
    const url = canonicalUrl(a.url);
    return url ? [{ url, language: a.language }] : [];
  });
}

/**
 * A publication date later than the fetch is a feed's mistake (a wrong zone, a year typo): it would rank the story first
 * in every digest and keep it in every time window. It is taken as the fetch time. ISO strings in UTC compare as text.
 */
function notAfter(date: string | null, fetchedAt: string): string | null {
  return date && date > fetchedAt ? fetchedAt : date;
}

/** Links longer than this are not kept: no browser or CDN takes them, and PostgreSQL cannot index them (about 2.7 KB). */
const MAX_URL = 2_048;

/** A link short enough to be an edition's identity and link; null beyond (the item keeps its guid and content hash). */
function indexable(url: string | null): string | null {
  return url && url.length > MAX_URL ? null : url;
}

const isEmpty = (item: FeedItem) => !item.title && !item.url;

function feedText(item: FeedItem): string {
  return item.body || item.teaser || item.title;
}

function toReadItem(
  source: SourceConfig,
  item: FeedItem,
  read: ArticleExtras | 'failed' | null,
  feedHash: string,
  known: boolean,
  fetchedAt: string,
): ReadItem {
  const extras = read === 'failed' ? null : read;
  // fullText "always" exists for feeds that truncate their content: the longer text wins.
  const page = extras?.text && extras.text.length > (item.body?.length ?? 0) ? extras.text : null;
  const text = page || feedText(item);
  const hint = extras?.language ?? item.declaredLanguage;
  const language =
    source.language ?? detectLanguageFast(`${item.title}\n${text}`, { hint }) ?? item.declaredLanguage ?? 'und';
  return {
    ...item,
    alternates: extras?.alternates.length ? extras.alternates : canonicalAlternates(item.alternates),
    publishedAt: notAfter(item.publishedAt ?? extras?.publishedAt ?? null, fetchedAt),
    canonicalUrl: indexable(canonicalUrl(item.url)),
    language,
    text,
    contentHash: feedHash,
    textHash: page ? contentHash(item.title, text) : feedHash,
    pageFailed: read === 'failed',
    ...(known ? {} : { anchors: [...storyAnchors(`${item.title}\n${text}`)] }),
  };
}

/**
 * Reads one source: conditional fetch (file: for local paths), parse, topic filter, article pages
 * per the source's fullText mode, then language, canonical URL and content hash per item.
 * Throws SourceError when the feed itself cannot be fetched or parsed; article failures only
 * leave the item with its teaser.
 */
export async function readSource(
  source: SourceConfig,
  previous: PreviousRead | null,
  deps: ReadSourceDeps = {},
): Promise<ReadSourceResult> {
  const url = sourceUrl(source.url);
  const fetched = await (deps.fetchUrl ?? fetchUrl)(url, {
    ...deps.feedOptions,
    etag: previous?.etag ?? null,
    lastModified: previous?.lastModified ?? null,
    allowPrivateAddress: source.allowPrivateAddress,
    allowFile: url.startsWith('file:'),
  });
  if (fetched.notModified) {
    return { status: 'not_modified', etag: fetched.etag, lastModified: fetched.lastModified, items: [] };
  }

  const fetchedAt = new Date().toISOString();
  const feed = parseFeed(fetched.text, { type: source.type, baseUrl: fetched.url });
  // No title and no link leaves nothing to show or fetch (a title is the text's opening when it has none): not a story.
  const contentful = feed.items.some(isEmpty) ? feed.items.filter((item) => !isEmpty(item)) : feed.items;
  const kept = source.filter
    ? contentful.filter((item) =>
        matchesFilter(`${item.title}\n${item.teaser}\n${item.body ?? ''}`.slice(0, FILTER_CHARS), source.filter),
      )
    : contentful;
  const limit = pLimit(deps.articleConcurrency ?? 4);
  const known = new Set(previous?.knownHashes ?? []);
  const items = await Promise.all(
    kept.map(async (item) => {
      const feedHash = contentHash(item.title, feedText(item));
      // A stored item whose feed content did not change: its page was read before (or failed) and is not fetched again.
      const unchanged = known.has(feedHash);
      const extras =
        wantsFullText(source, item) && !unchanged
          ? await limit(() => readArticle(source, fetched.url, item, deps))
          : null;
      return toReadItem(source, item, extras, feedHash, unchanged, fetchedAt);
    }),
  );
  const warning = fetched.warning ? { warning: fetched.warning } : {};
  const leftOut = feed.items.length - contentful.length;
  return {
    status: 'ok',
    etag: fetched.etag,
    lastModified: fetched.lastModified,
    items,
    ...warning,
    ...(leftOut ? { leftOut } : {}),
  };
}
