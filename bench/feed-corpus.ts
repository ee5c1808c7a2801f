import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRepublication } from '../src/editions/is-republication.js';
import { splitSentences } from '../src/text/split-sentences.js';
import { EXTRA_SENTENCES } from './extra-sentences.js';
import { prng } from '../tests/helpers/prng.js';

const ARTICLES = join(dirname(fileURLToPath(import.meta.url)), '..', 'tests', 'fixtures', 'articles');

/** The ingest benchmark's corpus (SPEC 9 row 1): 20,000 items in 40 feeds, 2,000 of them repeats. */
export const INGEST_CORPUS = { feeds: 40, itemsPerFeed: 500, guidRepeats: 25, urlVariants: 25 } as const;

export interface CorpusOptions {
  feeds: number;
  itemsPerFeed: number;
  /** Per feed: items that repeat an earlier item of the same feed (same guid). */
  guidRepeats: number;
  /** Per feed: items that copy an item of another feed under a tracking-parameter URL variant and a new guid. */
  urlVariants: number;
  seed?: number;
}

export interface CorpusFeed {
  id: string;
  /** Publisher name (sources of one publisher may carry editions of one story). */
  name: string;
  path: string;
  language: string;
  /** Whether the sources file declares the language (otherwise it is detected per item). */
  declared: boolean;
  type: 'rss' | 'atom' | 'jsonfeed';
  contentType: string;
  body: string;
}

export interface Corpus {
  feeds: CorpusFeed[];
  items: number;
  /** What a correct ingest reports. */
  expected: { new: number; duplicate: number };
  bytes: number;
}

interface Entry {
  guid: string;
  url: string;
  title: string;
  sentences: string[];
  /** Teaser-only item (no full body in the feed). */
  teaserOnly: boolean;
  publishedAt: Date;
}

/** Sentences per language from the real-article fixtures (plus written fr/es material), for building items. */
export function sentencePools(): Record<string, string[]> {
  const pools: Record<string, string[]> = {};
  for (const file of readdirSync(ARTICLES).sort()) {
    const article = JSON.parse(readFileSync(join(ARTICLES, file), 'utf8')) as { lang: string; text: string };
    for (const s of splitSentences(article.text)) {
      if (s.length < 40 || s.length > 400) continue;
      const arabic = (s.match(/[\u0600-\u06ff]/g) ?? []).length;
      const latin = (s.match(/[A-Za-z\u00c0-\u024f]/g) ?? []).length;
      // AYS summaries mix English headings into the Arabic and Persian texts: keep each pool in its language.
      if (article.lang === 'ar' || article.lang === 'fa' ? arabic < latin * 4 : arabic > 0) continue;
      pools[article.lang] = [...(pools[article.lang] ?? []), s];
    }
  }
  for (const [language, extra] of Object.entries(EXTRA_SENTENCES))
    pools[language] = [...(pools[language] ?? []), ...extra];
  return pools;
}

const LANGUAGE_MIX = ['en', 'ar', 'fr', 'en', 'es', 'ar', 'fa', 'en', 'fr', 'ar'] as const;
const TRACKING = [
  'utm_source=twitter&utm_medium=social&utm_campaign=daily',
  'fbclid=IwAR3xYz',
  'utm_source=rss&utm_medium=feed',
  'gclid=Cj0KCQ&utm_term=migration',
];

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cdata = (text: string) => `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

function headline(sentence: string): string {
  if (sentence.length <= 110) return sentence.replace(/[.!?؟]+$/, '');
  const cut = sentence.lastIndexOf(' ', 100);
  return sentence.slice(0, cut > 40 ? cut : 100);
}

/**
 * Builds `feeds` feeds (RSS 2.0, Atom, JSON Feed) of `itemsPerFeed` items each, in English, Arabic, French, Spanish
 * and Persian, from sentences of the real-article fixtures. Each item is a distinct story (its own headline and
 * sentence combination, published 13 h after the previous item of its feed), except the planted duplicates:
 * repeated guids within a feed, and copies of another feed's items under tracking-parameter URL variants.
 */
export function buildCorpus(options: CorpusOptions): Corpus {
  const random = prng(options.seed ?? 20_240_601);
  const pools = sentencePools();
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const unique = options.itemsPerFeed - options.guidRepeats - options.urlVariants;
  const seen = new Set<string>();
  const start = Date.UTC(2024, 0, 1);

  const plans = Array.from({ length: options.feeds }, (_, f) => {
    const language = LANGUAGE_MIX[f % LANGUAGE_MIX.length] as string;
    const publisher = `Publisher ${Math.floor(f / 4) + 1}`;
    const host = `news${Math.floor(f / 4) + 1}.example`;
    const pool = pools[language] ?? [];
    const entries: Entry[] = [];
    for (let i = 0; i < unique; i++) {
      let title = '';
      let sentences: string[] = [];
      for (let tries = 0; tries < 1000; tries++) {
        title = headline(pick(pool));
        sentences = Array.from({ length: 3 + Math.floor(random() * 4) }, () => pick(pool));
        const key = `${language}|${title}|${sentences.join('|')}`;
        if (new Set(sentences).size === sentences.length && !seen.has(key)) {
          seen.add(key);
          break;
        }
      }
      entries.push({
        guid: `urn:bench:${f}:${i}`,
        url: `https://${host}/${language}/news/${f}-${i}-story`,
        title,
        sentences,
        teaserOnly: random() < 0.3,
        // 13 h apart: no two items of one feed fall in the 12 h window where a near-copy counts as a re-publication.
        publishedAt: new Date(start + (f * 7 + i * 13) * 3_600_000 + Math.floor(random() * 3_600_000)),
      });
    }
    return { f, language, publisher, entries, declared: f % 2 === 0 };
  });

  // Planted duplicates: each needs its original in the corpus, so a correct dedupe finds every one of them.
  const feeds: CorpusFeed[] = plans.map((plan) => {
    const items = [...plan.entries];
    const sameLanguage = plans.filter((p) => p.language === plan.language && p.f !== plan.f);
    const asEdition = (e: Entry) => ({
      title: e.title,
      text: e.sentences.join(' '),
      language: plan.language,
      publishedAt: e.publishedAt.toISOString(),
    });
    for (let k = 0; k < options.urlVariants; k++) {
      const other = sameLanguage.length ? (sameLanguage[k % sameLanguage.length] ?? plan) : plan;
      let original = other.entries[0] as Entry;
      for (let tries = 0; tries < 100; tries++) {
        original = other.entries[Math.floor(random() * other.entries.length)] as Entry;
        // Not a near-copy of one of this feed's own items published close by: that would be a re-publication (an update).
        if (!plan.entries.some((e) => isRepublication(asEdition(e), asEdition(original)))) break;
      }
      items.push({
        ...original,
        guid: `urn:bench:${plan.f}:variant:${k}`,
        url: `${original.url}?${pick(TRACKING)}#comments`,
      });
    }
    for (let k = 0; k < options.guidRepeats; k++)
      items.push({ ...(plan.entries[Math.floor(random() * plan.entries.length)] as Entry) });
    // Duplicates are spread through the feed, as they appear in real feeds.
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [items[i], items[j]] = [items[j] as Entry, items[i] as Entry];
    }
    const type = plan.f % 10 === 3 ? 'atom' : plan.f % 10 === 7 ? 'jsonfeed' : 'rss';
    // Half the sources declare their language; of the others, half of the feeds still declare one themselves.
    const feedLanguage = plan.declared || plan.f % 4 === 1 ? plan.language : null;
    const body =
      type === 'rss'
        ? rss(plan.publisher, feedLanguage, items)
        : type === 'atom'
          ? atom(plan.publisher, feedLanguage, items)
          : jsonFeed(plan.publisher, feedLanguage, items);
    return {
      id: `bench-${String(plan.f).padStart(2, '0')}-${plan.language}`,
      name: plan.publisher,
      path: `/feeds/${plan.f}.${type === 'jsonfeed' ? 'json' : 'xml'}`,
      language: plan.language,
      declared: plan.declared,
      type,
      contentType:
        type === 'rss'
          ? 'application/rss+xml; charset=utf-8'
          : type === 'atom'
            ? 'application/atom+xml; charset=utf-8'
            : 'application/feed+json; charset=utf-8',
      body,
    };
  });
  const items = options.feeds * options.itemsPerFeed;
  return {
    feeds,
    items,
    expected: { new: options.feeds * unique, duplicate: options.feeds * (options.guidRepeats + options.urlVariants) },
    bytes: feeds.reduce((sum, f) => sum + Buffer.byteLength(f.body), 0),
  };
}

const paragraphs = (sentences: string[]) =>
  `<p>${escapeXml(sentences.slice(0, 2).join(' '))}</p><p>${escapeXml(sentences.slice(2).join(' '))}</p>`;

function rss(title: string, language: string | null, items: Entry[]): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">',
    `<channel><title>${escapeXml(title)}</title><link>https://example.org/</link><description>Migration news</description>`,
    language ? `<language>${language}</language>` : '',
  ];
  for (const e of items) {
    out.push(
      `<item><title>${escapeXml(e.title)}</title><link>${escapeXml(e.url)}</link><guid isPermaLink="false">${e.guid}</guid>`,
      `<pubDate>${e.publishedAt.toUTCString()}</pubDate>`,
      e.teaserOnly
        ? `<description>${escapeXml(e.sentences.join(' '))}</description>`
        : `<description>${escapeXml(e.sentences[0] ?? '')}</description><content:encoded>${cdata(paragraphs(e.sentences))}</content:encoded>`,
      '<category>Migration</category></item>',
    );
  }
  out.push('</channel></rss>');
  return out.join('\n');
}

function atom(title: string, language: string | null, items: Entry[]): string {
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom"${language ? ` xml:lang="${language}"` : ''}>`,
    `<title>${escapeXml(title)}</title><id>urn:bench:feed</id><updated>2024-06-01T00:00:00Z</updated><link rel="alternate" href="https://example.org/"/>`,
  ];
  for (const e of items) {
    out.push(
      `<entry><title>${escapeXml(e.title)}</title><id>${e.guid}</id><link rel="alternate" type="text/html" href="${escapeXml(e.url)}"/>`,
      `<published>${e.publishedAt.toISOString()}</published><updated>${e.publishedAt.toISOString()}</updated>`,
      e.teaserOnly
        ? `<summary>${escapeXml(e.sentences.join(' '))}</summary>`
        : `<summary>${escapeXml(e.sentences[0] ?? '')}</summary><content type="html">${escapeXml(paragraphs(e.sentences))}</content>`,
      '</entry>',
    );
  }
  out.push('</feed>');
  return out.join('\n');
}

function jsonFeed(title: string, language: string | null, items: Entry[]): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title,
    home_page_url: 'https://example.org/',
    ...(language ? { language } : {}),
    items: items.map((e) => ({
      id: e.guid,
      url: e.url,
      title: e.title,
      date_published: e.publishedAt.toISOString(),
      ...(e.teaserOnly
        ? { summary: e.sentences.join(' ') }
        : { summary: e.sentences[0] ?? '', content_html: paragraphs(e.sentences) }),
    })),
  });
}
