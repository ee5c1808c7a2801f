import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSources } from '../../../src/config/load-sources.js';
import { SourceError } from '../../../src/domain/errors.js';
import type { SourceConfig } from '../../../src/domain/types.js';
import { contentHash } from '../../../src/feeds/content-hash.js';
import { readSource } from '../../../src/feeds/read-source.js';
import { type FeedServer, startFeedServer } from '../../fakes/feed-server.js';
import { articles, paragraphs, readFeed } from '../../helpers/ingest-fixtures.js';

const examplesFile = fileURLToPath(new URL('../../../examples/sources.yaml', import.meta.url));
const examples = parseSources(readFileSync(examplesFile, 'utf8'), examplesFile);
const fast = { retryDelayMs: 5, timeoutMs: 5_000 };

function source(overrides: Partial<SourceConfig>): SourceConfig {
  return {
    id: 'test',
    name: 'Test',
    url: 'http://127.0.0.1/feed',
    fullText: 'never',
    allowPrivateAddress: true,
    ...overrides,
  };
}

describe('readSource on the bundled example sources', () => {
  it('reads every example source with the declared languages', async () => {
    const counts: Record<string, number> = {};
    for (const example of examples) {
      const result = await readSource(example, null);
      expect(result.status).toBe('ok');
      counts[example.id] = result.items.length;
      for (const item of result.items) {
        expect(item.language).toBe(example.language);
        expect(item.contentHash).toBe(contentHash(item.title, item.text));
        expect(item.text.length).toBeGreaterThan(0);
      }
    }
    // The New Arab is filtered to migration: the TikTok story and the Lebanon casualty reports go.
    expect(counts).toEqual({
      'iom-mena-ar': 1,
      'ays-en': 2,
      'ays-ar': 4,
      'ays-fa': 1,
      'newarab-en': 3,
      'courrierinternational-fr': 1,
      'thebadely-en': 1,
    });
  });

  it('uses the full text, the canonical URL and the article as stored', async () => {
    const courrier = examples.find((s) => s.id === 'courrierinternational-fr') as SourceConfig;
    const [item] = (await readSource(courrier, null)).items;
    const article = articles.find((a) => a.id === 'dev-fr-courrierinternational-libye-migrants');
    expect(item?.text).toBe(paragraphs(article?.text ?? ''));
    expect(item?.canonicalUrl).toBe(
      'https://www.courrierinternational.com/video/enquete-comment-leurope-et-la-libye-laissent-mourir-les-migrants-en-mer',
    );
    const newarab = (await readSource(examples.find((s) => s.id === 'newarab-en') as SourceConfig, null)).items;
    expect(newarab.map((i) => i.text)).toContain(
      articles.find((a) => a.id === 'dev-en-newarab-us-refugee-funding-suspended')?.text,
    );
  });

  it('detects each item language when the source declares none (English title over Arabic body; Persian)', async () => {
    for (const id of ['ays-ar', 'ays-fa', 'ays-en']) {
      const example = examples.find((s) => s.id === id) as SourceConfig;
      const { items } = await readSource({ ...example, language: undefined }, null);
      expect(items.map((i) => i.language)).toEqual(items.map(() => example.language));
    }
  });
});

describe('readSource over HTTP', () => {
  let server: FeedServer;
  beforeEach(async () => {
    server = await startFeedServer({ '/feed': { body: readFeed('newarab-en.xml') } });
  });
  afterEach(async () => {
    await server.close();
  });

  it('returns not_modified on the second poll when the feed did not change', async () => {
    const config = source({ url: server.url('/feed'), language: 'en' });
    const first = await readSource(config, null, { feedOptions: fast });
    expect(first).toMatchObject({ status: 'ok', lastModified: 'Mon, 01 Jan 2024 00:00:00 GMT' });
    expect(first.items).toHaveLength(6);
    const second = await readSource(
      config,
      { etag: first.etag, lastModified: first.lastModified },
      { feedOptions: fast },
    );
    expect(second).toEqual({ status: 'not_modified', etag: first.etag, lastModified: first.lastModified, items: [] });
  });

  it('throws a SourceError for a failing or malformed feed', async () => {
    server.route('/down', { behaviour: { kind: 'status', status: 503 } });
    server.route('/html', { body: '<html><body>Maintenance</body></html>', contentType: 'text/html' });
    await expect(readSource(source({ url: server.url('/down') }), null, { feedOptions: fast })).rejects.toMatchObject({
      code: 'FEED_HTTP_STATUS',
    });
    await expect(readSource(source({ url: server.url('/html') }), null, { feedOptions: fast })).rejects.toBeInstanceOf(
      SourceError,
    );
  });

  it('refuses a loopback feed unless the source was configured with that address', async () => {
    await expect(
      readSource(source({ url: server.url('/feed'), allowPrivateAddress: false }), null),
    ).rejects.toMatchObject({
      code: 'FEED_PRIVATE_ADDRESS',
    });
    expect(server.requests).toHaveLength(0);
  });

  it('applies a word-list filter', async () => {
    const { items } = await readSource(source({ url: server.url('/feed'), filter: 'Lebanon, TikTok' }), null, {
      feedOptions: fast,
    });
    expect(items.map((i) => i.title)).toEqual([
      'Israel massacres 15 in Lebanon on ceasefire withdrawal deadline',
      'Israel massacres 22 in Lebanon on ceasefire withdrawal deadline',
      'White House in talks to have Oracle, investors take over TikTok',
    ]);
  });

  describe('full text', () => {
    const articleText =
      'Paragraph one about 120 migrants rescued off Libya on Saturday.\nParagraph two, with the IOM statement.';
    const page = (lang: string) => `<!doctype html><html lang="${lang}"><head><title>Rescue</title>
      <link rel="alternate" hreflang="ar" href="/ar/story"><meta property="article:published_time" content="2025-01-02T03:04:05Z"></head>
      <body><article><h1>Rescue</h1>${articleText
        .split('\n')
        .map((p) => `<p>${p}</p>`)
        .join('')}</article></body></html>`;
    const feed = (link: string, teaser = 'Short teaser.', body = '') =>
      `<rss xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title><item><title>Rescue off Libya</title>
       <link>${link}</link><description>${teaser}</description>${body ? `<content:encoded>${body}</content:encoded>` : ''}</item></channel></rss>`;

    it('auto: fetches the page of an item with only a short teaser, on the configured origin', async () => {
      server.route('/story', { body: page('en-GB'), contentType: 'text/html; charset=utf-8' });
      server.route('/auto', { body: feed(server.url('/story')) });
      const { items } = await readSource(source({ url: server.url('/auto'), fullText: 'auto' }), null, {
        feedOptions: fast,
        articleOptions: fast,
      });
      expect(items[0]).toMatchObject({
        text: articleText,
        teaser: 'Short teaser.',
        language: 'en',
        publishedAt: '2025-01-02T03:04:05.000Z',
        alternates: [{ url: server.url('/ar/story'), language: 'ar' }],
      });
      expect(server.requests.find((r) => r.path === '/story')?.headers.accept).toMatch(/text\/html/);
    });

    it('auto: does not fetch when the teaser is long or the feed has the body; never: does not fetch', async () => {
      server.route('/story', { body: page('en') });
      server.route('/long', { body: feed(server.url('/story'), 'Long teaser about migrants. '.repeat(20)) });
      server.route('/body', { body: feed(server.url('/story'), 'Short.', 'Full body from the feed about migrants.') });
      server.route('/short', { body: feed(server.url('/story')) });
      await readSource(source({ url: server.url('/long'), fullText: 'auto' }), null, { feedOptions: fast });
      await readSource(source({ url: server.url('/body'), fullText: 'auto' }), null, { feedOptions: fast });
      await readSource(source({ url: server.url('/short'), fullText: 'never' }), null, { feedOptions: fast });
      expect(server.requests.filter((r) => r.path === '/story')).toHaveLength(0);
    });

    it('always: fetches the page even when the feed has a (truncated) body', async () => {
      server.route('/story', { body: page('en') });
      server.route('/always', { body: feed(server.url('/story'), 'Short.', 'Truncated body…') });
      const { items } = await readSource(source({ url: server.url('/always'), fullText: 'always' }), null, {
        feedOptions: fast,
        articleOptions: fast,
      });
      expect(items[0]?.text).toBe(articleText);
    });

    it('never lets an item link reach another internal address, and keeps the teaser', async () => {
      server.route('/story', { body: page('en') });
      // The feed is on 127.0.0.1 (configured); its item points at "localhost", another origin.
      server.route('/elsewhere', { body: feed(`http://localhost:${server.port}/story`) });
      const warnings: string[] = [];
      const { items } = await readSource(source({ url: server.url('/elsewhere'), fullText: 'always' }), null, {
        feedOptions: fast,
        articleOptions: fast,
        onWarning: (message) => warnings.push(message),
      });
      expect(items[0]?.text).toBe('Short teaser.');
      expect(warnings.join()).toMatch(/FEED_PRIVATE_ADDRESS|not a public address/);
      expect(server.requests.map((r) => r.path)).toEqual(['/elsewhere']);
    });

    it('keeps the teaser when the article page fails', async () => {
      server.route('/gone', { body: feed(server.url('/missing-page')) });
      const { items } = await readSource(source({ url: server.url('/gone'), fullText: 'auto' }), null, {
        feedOptions: fast,
        articleOptions: fast,
      });
      expect(items[0]?.text).toBe('Short teaser.');
    });
  });
});
