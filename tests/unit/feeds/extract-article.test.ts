import { describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/domain/errors.js';
import { extractArticle } from '../../../src/feeds/extract-article.js';
import { articles, paragraphs } from '../../helpers/ingest-fixtures.js';

const iom = articles.find((a) => a.id === 'seed-accra-gcm-dialogue-ar');
if (!iom) throw new Error('missing IOM fixture');
const url = iom.url ?? 'https://mena.iom.int/ar/news/x';

/** A page shaped like a real news site: navigation, cookie banner, article, related links. */
function page(lang: string, title: string, text: string, head = ''): string {
  const body = text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => `<p>${l.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`)
    .join('\n');
  return `<!doctype html><html lang="${lang}" dir="rtl"><head><meta charset="utf-8"><title>${title} | IOM</title>${head}</head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><div class="cookie">We use cookies. <button>OK</button></div>
<main><article><h1>${title}</h1>${body}</article></main>
<aside><h2>Related</h2><ul><li><a href="/a">Other story</a></li><li><a href="/b">Another story</a></li></ul></aside>
<script>window.tracker = 1</script><footer>© IOM</footer></body></html>`;
}

describe('extractArticle', () => {
  const head = `<link rel="alternate" hreflang="ar" href="${url}"><link rel="alternate" hreflang="en"
    href="https://mena.iom.int/news/strong-partnerships-heart-cross-regional-dialogue-global-compact-migration-champions">
    <link rel="alternate" hreflang="x-default" href="https://mena.iom.int/news/x"><link rel="alternate" hreflang="fr" href="/fr/news/x">
    <meta property="article:published_time" content="2022-12-02T10:00:00+00:00">`;
  const extracted = extractArticle(page('ar-EG', iom.title, iom.text, head), url);

  it('extracts the article text, one paragraph per line, without page chrome', () => {
    expect(extracted.text).toBe(paragraphs(iom.text));
    expect(extracted.text).not.toMatch(/cookies|Related|Home|tracker/);
  });

  it('reads the page language, title and publication date', () => {
    expect(extracted.language).toBe('ar');
    expect(extracted.title).toContain('شراكات قوية');
    expect(extracted.publishedAt).toBe('2022-12-02T10:00:00.000Z');
  });

  it('lists hreflang alternates, resolved, without x-default or the page itself', () => {
    expect(extracted.alternates).toEqual([
      {
        url: 'https://mena.iom.int/news/strong-partnerships-heart-cross-regional-dialogue-global-compact-migration-champions',
        language: 'en',
      },
      { url: 'https://mena.iom.int/fr/news/x', language: 'fr' },
    ]);
  });

  it('works on a fresh document every call (Readability mutates it)', () => {
    const again = extractArticle(page('ar-EG', iom.title, iom.text, head), url);
    expect(again).toEqual(extracted);
  });

  it('returns an empty text for a page without an article, and copes with junk', () => {
    const empty = extractArticle('<html><body></body></html>', 'https://example.org/');
    expect(empty).toMatchObject({ text: '', language: null, alternates: [], publishedAt: null });
    expect(extractArticle('\u0000<<<>>>', 'https://example.org/').text).toBe('<<<>>>');
  });

  it('wraps failures as ARTICLE_UNREADABLE', () => {
    expect(() => extractArticle(42 as unknown as string, 'https://example.org/')).toThrow(SourceError);
    try {
      extractArticle(42 as unknown as string, 'https://example.org/');
    } catch (error) {
      expect((error as SourceError).code).toBe('ARTICLE_UNREADABLE');
    }
  });
});
