import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Digest, digestSchema } from '../../src/domain/digest.js';
import { type FakeOpenAi, startFakeOpenAi } from '../fakes/fake-openai.js';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { ROOT, runCli } from './run-cli.js';

const FEEDS = ['iom-mena-ar', 'ays-en', 'ays-ar', 'ays-fa', 'newarab-en', 'courrierinternational-fr', 'thebadely-en'];
const feedXml = (name: string) => readFileSync(join(ROOT, 'examples/feeds', `${name}.xml`));

/** A sources file pointing at the loopback feed server; the same publishers and languages as examples/sources.yaml. */
function writeSources(dir: string, server: FeedServer, extra = ''): string {
  const langs: Record<string, string> = {
    'iom-mena-ar': 'ar',
    'ays-en': 'en',
    'ays-ar': 'ar',
    'ays-fa': 'fa',
    'newarab-en': 'en',
    'courrierinternational-fr': 'fr',
    'thebadely-en': 'en',
  };
  const names: Record<string, string> = {
    'iom-mena-ar': 'IOM',
    'newarab-en': 'The New Arab',
    'courrierinternational-fr': 'Courrier international',
    'thebadely-en': 'thebadely',
  };
  const lines = ['sources:'];
  for (const feed of FEEDS) {
    lines.push(
      `  - id: ${feed}`,
      `    name: ${names[feed] ?? 'Are You Syrious?'}`,
      `    url: ${server.url(`/${feed}.xml`)}`,
      `    language: ${langs[feed]}`,
      '    fullText: never',
    );
    if (feed === 'newarab-en') lines.push('    filter: migration');
  }
  const path = join(dir, 'sources.yaml');
  writeFileSync(path, `${lines.join('\n')}\n${extra}`);
  return path;
}

describe('migration-news CLI against a loopback feed server and a fake OpenAI server', () => {
  let feeds: FeedServer;
  let llm: FakeOpenAi;
  let dir: string;
  let sources: string;

  beforeAll(async () => {
    feeds = await startFeedServer(Object.fromEntries(FEEDS.map((f) => [`/${f}.xml`, { body: feedXml(f) }])));
    llm = await startFakeOpenAi();
    dir = mkdtempSync(join(tmpdir(), 'mnb-cli-'));
    sources = writeSources(dir, feeds);
  });
  afterAll(async () => {
    await feeds.close();
    await llm.close();
  });

  const llmEnv = (db: string) => ({
    DATABASE_URL: `sqlite:${join(dir, db)}`,
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: llm.baseURL,
    OPENAI_MODEL: 'fake-model',
  });
  const digestJson = async (env: Record<string, string>, extra: string[] = []) => {
    const result = await runCli(
      ['digest', '--sources', sources, '--since', 'all', '--limit', '50', '--format', 'json', ...extra],
      env,
    );
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    return digestSchema.parse(JSON.parse(result.stdout)) as Digest;
  };

  it('prints a Digest the exported schema accepts, with one LLM call per story, and none on the second run', async () => {
    llm.requests.length = 0;
    const env = llmEnv('llm.db');
    const digest = await digestJson(env);
    expect(digest.languages).toEqual(['en', 'ar']);
    // 16 feed items: 3 New Arab items are not about migration; the Arabic and Persian weekly summaries of 17-23 June are
    // one story. The English daily digest (7 days earlier) and the Beirut en/ar digests stay apart: digests of many
    // stories whose figures mostly differ are not one event (SPEC 5.1, precision first).
    expect(digest.items).toHaveLength(12);
    const summariseCalls = llm.requests.filter((r) => llm.textOf(r, 'system').length > 0);
    expect(summariseCalls).toHaveLength(digest.items.length);
    for (const request of summariseCalls) {
      expect(llm.formatOf(request)).toBe('json_schema');
      expect(request.body.model).toBe('fake-model');
    }
    for (const item of digest.items) {
      expect(item.text.en).not.toBeNull();
      expect(item.text.ar).not.toBeNull();
    }
    const bodrum = digest.items.find((i) => i.editions.length > 1);
    expect(bodrum?.editions.map((e) => e.language).sort()).toEqual(['ar', 'fa']);

    llm.requests.length = 0;
    const again = await digestJson(env);
    expect(again.items.map((i) => i.id).sort()).toEqual(digest.items.map((i) => i.id).sort());
    expect(llm.requests).toHaveLength(0);
  });

  it('does not carry a figure the source does not have silently', async () => {
    llm.requests.length = 0;
    // The model invents "4817 dead" (a figure no fixture has) for every story, in both languages, every time it is asked.
    llm.respond((request) => {
      const languages = (llm.schemaOf(request)?.properties?.items?.items?.properties?.language?.enum ?? [
        'en',
        'ar',
      ]) as string[];
      return llm.completion({
        items: languages.map((language) =>
          language === 'ar'
            ? {
                language,
                title: 'غرق قارب: ٤٨١٧ قتيلا',
                summary: 'قتل ٤٨١٧ شخصا في غرق قارب قبالة الساحل. وأنقذ خفر السواحل الناجين.',
              }
            : {
                language,
                title: 'Boat sinks: 4817 dead',
                summary: 'In all 4817 people died when a boat sank off the coast. The coast guard rescued survivors.',
              },
        ),
      });
    });
    try {
      const digest = await digestJson(llmEnv('faithful.db'));
      for (const item of digest.items) {
        const texts = Object.values(item.text).filter((t) => t !== null);
        const carriesFigure = texts.some((t) => /4817|٤٨١٧/.test(`${t?.title} ${t?.summary}`));
        if (carriesFigure) expect(item.warnings.join(' ')).toMatch(/4817|٤٨١٧/);
      }
      // Every story was asked twice at most: the answer, and one regeneration.
      expect(llm.requests.length).toBeLessThanOrEqual(digest.items.length * 2);
      expect(llm.requests.length).toBeGreaterThan(digest.items.length);
    } finally {
      llm.respond((request) => llm.autoAnswer(request));
    }
  });

  it('still prints the digest when the LLM keeps failing, with the affected stories flagged', async () => {
    llm.respond(() => llm.serverError(500));
    try {
      const digest = await digestJson(llmEnv('faults.db'));
      expect(digest.items).toHaveLength(12);
      for (const item of digest.items) expect(item.warnings.join(' ')).toMatch(/LLM unavailable/);
    } finally {
      llm.respond((request) => llm.autoAnswer(request));
    }
  });

  it('offline, shows both languages from their own editions, with origin "source"', async () => {
    // The fixtures' one two-language story is Arabic + Persian (the weekly summaries of 17-23 June).
    const digest = await digestJson({ DATABASE_URL: `sqlite:${join(dir, 'offline.db')}` }, ['--langs', 'ar,fa']);
    const twoEditions = digest.items.filter(
      (i) => new Set(i.editions.map((e) => e.language)).has('ar') && i.editions.some((e) => e.language === 'fa'),
    );
    expect(twoEditions.length).toBe(1);
    for (const item of twoEditions) {
      expect(item.text.fa?.origin).toBe('source');
      expect(item.text.ar?.origin).toBe('source');
    }
    const frenchOnly = digest.items.find((i) => i.language === 'fr');
    expect(frenchOnly?.text.fa).toBeNull();
    expect(frenchOnly?.text.ar).toBeNull();
    // Said once for the digest (SPEC 5.3), not on every story that lacks a language.
    expect(digest.notices?.filter((n) => n.startsWith('Translations need an LLM'))).toHaveLength(1);
    for (const item of digest.items) expect(item.warnings.join(' ')).not.toContain('translation needs');
  });

  it('offline, says once in the terminal digest that translations need an LLM', async () => {
    const env = { DATABASE_URL: `sqlite:${join(dir, 'offline-text.db')}` };
    const result = await runCli(['digest', '--sources', sources, '--since', 'all', '--limit', '50'], env);
    expect(result.code).toBe(0);
    expect(result.stdout.split(/needs? an LLM/i).length - 1).toBe(1);
  });

  it('counts new, duplicate and updated items, and strips tracking parameters', async () => {
    const base = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>`;
    const item = (link: string, text: string) =>
      `<item><title>Boat capsizes near Lampedusa</title><link>${link}</link><description>${text}</description><pubDate>Sat, 15 Nov 2025 10:00:00 GMT</pubDate></item>`;
    const story =
      'A boat carrying 45 migrants capsized near Lampedusa on Saturday; 12 people were rescued by the coast guard.';
    feeds.route('/dedupe.xml', {
      body: `${base}${item('https://news.example.org/a?utm_source=x&fbclid=1', story)}${item('https://NEWS.example.org/a#top', story)}</channel></rss>`,
    });
    const file = join(dir, 'dedupe.yaml');
    writeFileSync(
      file,
      `sources:\n  - id: dd\n    name: DD\n    url: ${feeds.url('/dedupe.xml')}\n    language: en\n    fullText: never\n`,
    );
    const env = { DATABASE_URL: `sqlite:${join(dir, 'dedupe.db')}` };
    const first = JSON.parse((await runCli(['ingest', '--sources', file, '--json'], env)).stdout);
    expect(first[0]).toMatchObject({ new: 1, duplicate: 1, updated: 0 });
    const second = JSON.parse((await runCli(['ingest', '--sources', file, '--json'], env)).stdout);
    expect(second[0].new).toBe(0);
    feeds.route('/dedupe.xml', {
      body: `${base}${item('https://news.example.org/a?utm_medium=y', story.replace('12 people', '14 people'))}</channel></rss>`,
    });
    const third = JSON.parse((await runCli(['ingest', '--sources', file, '--json'], env)).stdout);
    expect(third[0]).toMatchObject({ new: 0, updated: 1 });
  });

  it('fetches the article page when the feed carries only a teaser, and keeps the teaser when an item link points at a private address', async () => {
    const article = readFileSync(
      join(ROOT, 'tests/fixtures/articles/dev-en-thebadely-libya-boats-capsized.json'),
      'utf8',
    );
    const { title, text } = JSON.parse(article) as { title: string; text: string };
    const paragraphs = text
      .split('\n')
      .map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`)
      .join('');
    feeds.route('/news/libya-boats.html', {
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="en"><head><title>${title}</title></head><body><nav>Home | World</nav><article><h1>${title}</h1>${paragraphs}</article><footer>Cookies</footer></body></html>`,
    });
    const teaser = 'At least four people have died after two boats capsized off Libya.';
    feeds.route('/teasers.xml', {
      body: `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>${title}</title><link>${feeds.url('/news/libya-boats.html')}</link><description>${teaser}</description><pubDate>Sun, 16 Nov 2025 01:58:00 GMT</pubDate></item><item><title>Internal</title><link>http://10.0.0.1/admin</link><description>short</description></item></channel></rss>`,
    });
    const file = join(dir, 'fulltext.yaml');
    writeFileSync(
      file,
      `sources:\n  - id: ft\n    name: FT\n    url: ${feeds.url('/teasers.xml')}\n    language: en\n    fullText: auto\n`,
    );
    const result = await runCli(['digest', '--sources', file, '--since', 'all', '--format', 'json', '--langs', 'en'], {
      DATABASE_URL: `sqlite:${join(dir, 'ft.db')}`,
    });
    expect(result.code).toBe(0);
    const digest = digestSchema.parse(JSON.parse(result.stdout));
    const libya = digest.items.find((i) => i.text.en?.title.includes('four dead'));
    // The offline summary is taken from the article body, which the teaser does not contain.
    expect(libya?.text.en?.summary.length).toBeGreaterThan(teaser.length);
    expect(feeds.requests.some((r) => r.path === '/news/libya-boats.html')).toBe(true);
    // The 10.0.0.1 link is refused by the address guard before any connection; the item keeps its teaser.
    expect(digest.items.find((i) => i.text.en?.title === 'Internal')?.text.en?.summary).toBe('short');
  });

  it('exits 2 naming every bad setting', async () => {
    const result = await runCli(['digest', '--sources', sources], {
      DIGEST_CRON: '0 25 * * *',
      DIGEST_MAX_ITEMS: 'lots',
      DATABASE_URL: `sqlite:${join(dir, 'x.db')}`,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DIGEST_CRON');
    expect(result.stderr).toContain('DIGEST_MAX_ITEMS');
  });

  it('exits 2 on bad usage and on an invalid sources file', async () => {
    expect((await runCli(['digest', '--since', 'yesterday-ish'], {})).code).toBe(2);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'sources:\n  - id: Bad Id\n    name: x\n    url: https://e.org/f\n    colour: red\n');
    const result = await runCli(['ingest', '--sources', bad], { DATABASE_URL: `sqlite:${join(dir, 'bad.db')}` });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/colour/);
    expect(result.stderr).toMatch(/sources\.0\.id/);
  });
});
