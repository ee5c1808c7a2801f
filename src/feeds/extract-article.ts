import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { SourceError } from '../domain/errors.js';
import type { LanguageCode } from '../domain/types.js';
import { canonicalUrl } from '../editions/canonical-url.js';
import { htmlToText } from './html-to-text.js';
import { parseFeedDate } from './parse-feed-date.js';
import { primaryLanguage } from '../text/primary-language.js';
import { resolveHttpUrl } from '../http/resolve-http-url.js';

export interface ExtractedArticle {
  title: string;
  /** Article body as plain text, one paragraph per line; '' when nothing readable was found. */
  text: string;
  /** From `<html lang>` (or Content-Language meta / og:locale), primary tag. */
  language: LanguageCode | null;
  /** Other-language editions from `<link rel="alternate" hreflang>`, x-default and self excluded. */
  alternates: Array<{ url: string; language: LanguageCode }>;
  publishedAt: string | null;
}

type Doc = ReturnType<typeof parseHTML>['document'];

/** linkedom needs an <html> element; fragments and junk are wrapped into a document. */
function parsePage(html: string): Doc {
  const { document } = parseHTML(html);
  if (document.documentElement) return document;
  return parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`).document;
}

function attr(document: Doc, selector: string, name: string): string | null {
  return document.querySelector(selector)?.getAttribute(name)?.trim() || null;
}

function pageLanguage(document: Doc): LanguageCode | null {
  return (
    primaryLanguage(document.documentElement?.getAttribute('lang')) ??
    primaryLanguage(document.documentElement?.getAttribute('xml:lang')) ??
    primaryLanguage(attr(document, 'meta[http-equiv="content-language" i]', 'content')) ??
    primaryLanguage(attr(document, 'meta[property="og:locale"]', 'content'))
  );
}

function alternates(document: Doc, url: string): ExtractedArticle['alternates'] {
  const self = canonicalUrl(url);
  const seen = new Set<string>();
  const out: ExtractedArticle['alternates'] = [];
  for (const link of Array.from(document.querySelectorAll('link[hreflang]'))) {
    if (!/(^|\s)alternate(\s|$)/i.test(link.getAttribute('rel') ?? '')) continue;
    const language = primaryLanguage(link.getAttribute('hreflang'));
    const href = resolveHttpUrl(link.getAttribute('href'), url);
    const key = canonicalUrl(href);
    if (!language || !href || !key || key === self || seen.has(key)) continue;
    seen.add(key);
    // Canonical like item URLs, so that "%d9%85" + utm_* finds the edition stored as "%D9%85" (SPEC 5.1).
    out.push({ url: key, language });
  }
  return out;
}

function metaDate(document: Doc): string | null {
  return (
    attr(document, 'meta[property="article:published_time"]', 'content') ??
    attr(document, 'meta[itemprop="datePublished"]', 'content') ??
    attr(document, 'meta[name="date"]', 'content') ??
    attr(document, 'meta[name="dc.date"]', 'content') ??
    attr(document, 'time[datetime]', 'datetime')
  );
}

const CHROME =
  'nav, header, footer, aside, form, button, noscript, dialog, [role="navigation"], [role="banner"], [role="contentinfo"], [aria-hidden="true"]';
const CHROME_NAME = /cookie|consent|gdpr|newsletter|subscribe|share|social|related|promo|advert|banner|popup|modal/i;

/** Removes page chrome Readability would otherwise keep (it appends short sibling sentences such as cookie notices). */
function removeChrome(document: Doc): void {
  const named = Array.from(document.querySelectorAll('[class], [id]')).filter((el) =>
    CHROME_NAME.test(`${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`),
  );
  for (const el of [...Array.from(document.querySelectorAll(CHROME)), ...named]) {
    if (['HTML', 'BODY', 'MAIN', 'ARTICLE'].includes(el.tagName) || el.querySelector('article, main')) continue;
    el.remove();
  }
}

function withoutTitleLine(text: string, title: string): string {
  const [first, ...rest] = text.split('\n');
  const same = (a: string, b: string) =>
    a.replace(/\s+/g, ' ').trim().toLowerCase() === b.replace(/\s+/g, ' ').trim().toLowerCase();
  return first !== undefined && title && same(first, title) ? rest.join('\n') : text;
}

function fallbackText(document: Doc): string {
  const root = document.querySelector('article') ?? document.querySelector('main') ?? document.body;
  return root ? htmlToText(root.innerHTML) : '';
}

/**
 * Reads an article page: main text with Mozilla Readability on a fresh linkedom document (it
 * mutates the document), plus the page's language, hreflang alternates and publication date.
 * Page content is untrusted; the result is plain text. Throws SourceError ARTICLE_UNREADABLE.
 */
export function extractArticle(html: string, url: string): ExtractedArticle {
  try {
    const document = parsePage(html);
    // Read the head before Readability rewrites the document.
    const language = pageLanguage(document);
    const links = alternates(document, url);
    const declaredDate = metaDate(document);
    const heading = document.querySelector('article h1') ?? document.querySelector('h1');
    const pageTitle = attr(document, 'meta[property="og:title"]', 'content') ?? heading?.textContent?.trim() ?? null;
    removeChrome(document);
    const article = new Readability(document as unknown as Document).parse();
    const title = htmlToText(pageTitle || article?.title || document.title || '').replace(/\n/g, ' ');
    const text = article?.content ? htmlToText(article.content) : fallbackText(parsePage(html));
    return {
      title,
      // Readability keeps the headline when it differs slightly from <title>; it is not body text.
      text: withoutTitleLine(text, title),
      language: language ?? primaryLanguage(article?.lang),
      alternates: links,
      publishedAt: parseFeedDate(article?.publishedTime ?? declaredDate),
    };
  } catch (error) {
    throw new SourceError('ARTICLE_UNREADABLE', `${url}: could not read the article page`, { cause: error });
  }
}
