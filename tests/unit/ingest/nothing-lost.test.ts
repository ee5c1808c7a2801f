import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SourceConfig, Story } from '../../../src/domain/types.js';
import { ingestSources } from '../../../src/ingest/ingest-sources.js';
import { readSource } from '../../../src/feeds/read-source.js';
import type { Store } from '../../../src/ports/store.js';
import { createStore } from '../../../src/store/create-store.js';
import { storyContentHash } from '../../../src/summarise/story-content-hash.js';
import { silentLogger } from '../../../src/util/create-logger.js';
import { type FeedServer, startFeedServer } from '../../fakes/feed-server.js';

// SPEC 5.1 "Nothing is lost", one test per way a story was lost (issue 11, item 6-7), through the real ingest.
const FAST = { retryDelayMs: 5, timeoutMs: 5_000, retries: 0 };
let server: FeedServer;
let store: Store;

beforeEach(async () => {
  server = await startFeedServer();
  store = await createStore('sqlite::memory:');
});
afterEach(async () => {
  await store.close();
  await server.close();
});

function source(id: string, path: string, overrides: Partial<SourceConfig> = {}): SourceConfig {
  return {
    id,
    name: overrides.name ?? 'Publisher',
    url: server.url(path),
    fullText: 'never',
    allowPrivateAddress: true,
    language: 'en',
    ...overrides,
  };
}

interface Item {
  title: string;
  link?: string;
  guid?: string;
  description: string;
  pubDate?: string;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
function rss(items: Item[]): string {
  const body = items
    .map(
      (i) =>
        `<item><title>${escapeXml(i.title)}</title>${i.link ? `<link>${escapeXml(i.link)}</link>` : ''}${i.guid ? `<guid isPermaLink="false">${i.guid}</guid>` : ''}<description>${escapeXml(i.description)}</description>${i.pubDate ? `<pubDate>${i.pubDate}</pubDate>` : ''}</item>`,
    )
    .join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://example.org/</link>${body}</channel></rss>`;
}

const ingest = (sources: SourceConfig[]) =>
  ingestSources(
    {
      store,
      log: silentLogger(),
      readSource: (s, previous) => readSource(s, previous, { feedOptions: FAST, articleOptions: FAST }),
    },
    sources,
  );
const allStories = async (): Promise<Story[]> => store.stories.latest({ since: null, limit: 100 });
const pageFetches = (path: string) => server.requests.filter((r) => r.path === path).length;

describe('nothing is lost (SPEC 5.1)', () => {
  it('keeps five items that share one homepage link but have their own guid as five stories', async () => {
    const items = ['Libya', 'Tunisia', 'Greece', 'Italy', 'Spain'].map((country, i) => ({
      title: `${country}: ${20 + i} migrants rescued at sea`,
      link: 'https://example.org/',
      guid: `urn:example:${i}`,
      description: `Rescuers brought ${20 + i} migrants ashore in ${country} on ${i + 1} March after a night at sea.`,
      pubDate: `Mon, 0${i + 1} Mar 2025 10:00:00 GMT`,
    }));
    server.route('/feed', { body: rss(items) });
    const [report] = await ingest([source('homepage', '/feed')]);
    expect(report).toMatchObject({ status: 'ok', new: 5, updated: 0, duplicate: 0 });
    const stories = await allStories();
    expect(stories).toHaveLength(5);
    expect(stories.map((s) => s.editions[0]?.guid).sort()).toEqual(items.map((i) => i.guid));
    // A second poll of the same feed (re-served in full) changes nothing.
    server.route('/feed', { body: rss(items), etag: '"v2"' });
    const [again] = await ingest([source('homepage', '/feed')]);
    expect(again).toMatchObject({ new: 0, updated: 0, duplicate: 5 });
    expect(await allStories()).toHaveLength(5);
  });

  /** Three polls of the same feed (re-served in full each time): what is stored, and how many revisions. */
  async function threePolls(id: string, items: Item[]) {
    const reports = [];
    for (const version of [1, 2, 3]) {
      server.route('/feed', { body: rss(items), etag: `"v${version}"` });
      reports.push((await ingest([source(id, '/feed')]))[0]);
    }
    const stories = await allStories();
    return { reports, stories, versions: stories.map((s) => s.editions[0]?.version) };
  }

  const rescue = (country: string, n: number, extra: Partial<Item> = {}): Item => ({
    title: `${country}: ${n} migrants rescued at sea`,
    description: `Rescuers brought ${n} migrants ashore in ${country} after a night at sea, the coastguard said.`,
    pubDate: 'Mon, 03 Mar 2025 10:00:00 GMT',
    ...extra,
  });

  it('keeps items without a guid that share one link as stories of their own, and leaves them alone at every poll', async () => {
    const items = [
      rescue('Libya', 21, { link: 'https://example.org/' }),
      rescue('Tunisia', 34, { link: 'https://example.org/' }),
    ];
    const { reports, stories, versions } = await threePolls('noguid', items);
    expect(reports[0]).toMatchObject({ status: 'ok', new: 2, updated: 0 });
    // Before: the second item overwrote the first, and the two took turns at every poll (a revision each time).
    for (const later of reports.slice(1)) expect(later).toMatchObject({ new: 0, updated: 0, duplicate: 2 });
    expect(stories.map((s) => s.editions[0]?.title).sort()).toEqual(items.map((i) => i.title).sort());
    expect(versions).toEqual([1, 1]);
  });

  it('keeps every item of a feed that gives them all one guid, and leaves them alone at every poll', async () => {
    const items = ['Libya', 'Tunisia', 'Greece'].map((country, i) =>
      rescue(country, 21 + i, { guid: 'urn:same', link: `https://example.org/${country.toLowerCase()}` }),
    );
    const { reports, stories, versions } = await threePolls('sameguid', items);
    expect(reports[0]).toMatchObject({ status: 'ok', new: 3, updated: 0 });
    for (const later of reports.slice(1)) expect(later).toMatchObject({ new: 0, updated: 0, duplicate: 3 });
    expect(stories).toHaveLength(3);
    expect(versions).toEqual([1, 1, 1]);
  });

  it('updates only its own story when one of several items sharing a link changes, wherever it stands in the feed', async () => {
    const first = rescue('Libya', 21, { link: 'https://example.org/' });
    const second = rescue('Tunisia', 34, { link: 'https://example.org/' });
    server.route('/feed', { body: rss([first, second]) });
    await ingest([source('shared', '/feed')]);
    // The second item's figure is revised and it moves to the top of the feed.
    const revised = rescue('Tunisia', 43, { link: 'https://example.org/' });
    server.route('/feed', { body: rss([revised, first]), etag: '"v2"' });
    const [report] = await ingest([source('shared', '/feed')]);
    expect(report).toMatchObject({ new: 0, updated: 1, duplicate: 1 });
    const byTitle = new Map((await allStories()).map((s) => [s.editions[0]?.title, s.editions[0]]));
    expect(byTitle.get(first.title)).toMatchObject({ version: 1, text: expect.stringContaining('21 migrants') });
    expect(byTitle.get(revised.title)).toMatchObject({ version: 2, text: expect.stringContaining('43 migrants') });
    expect(byTitle.size).toBe(2);
  });

  it('still stores an item listed twice with the same content once (a duplicate, not a second story)', async () => {
    const item = rescue('Libya', 21, { link: 'https://example.org/a', guid: 'urn:a' });
    server.route('/feed', { body: rss([item, item]) });
    const [report] = await ingest([source('twice', '/feed')]);
    expect(report).toMatchObject({ new: 1, duplicate: 1, updated: 0 });
    expect(await allStories()).toHaveLength(1);
  });

  const bulletin = (week: string, intercepted: string, total: string, link: string, hour: string): Item => ({
    title: `Maritime update Libya: ${week}`,
    link,
    description: `Between ${week}, ${intercepted} migrants were intercepted at sea and returned to Libya. In 2025 so far, ${total} migrants have been intercepted and returned to Libya, and most were taken to detention centres in Tripoli and Zawiya.`,
    pubDate: `Mon, 10 Mar 2025 ${hour}:00:00 GMT`,
  });

  it.each([
    [
      'en',
      'Twelve migrants died and the coastguard rescued dozens more near the island overnight, officials said.',
      'Fifteen',
    ],
    [
      'fr',
      'Douze migrants sont morts et les garde-côtes en ont secouru des dizaines près de l’île cette nuit.',
      'Quinze',
    ],
    [
      'es',
      'Doce migrantes murieron y los guardacostas rescataron a decenas más cerca de la isla esta noche.',
      'Quince',
    ],
    ['ar', 'توفي اثنا عشر مهاجرا وأنقذ خفر السواحل العشرات قرب الجزيرة الليلة الماضية بحسب المسؤولين.', 'خمسة عشر'],
  ])(
    'keeps two reports of one template whose figures are written in words (%s) as two stories',
    async (language, text, other) => {
      const first = text.split(' ')[0] as string;
      const second = language === 'ar' ? text.replace('اثنا عشر', other) : text.replace(first, other);
      server.route('/feed', {
        body: rss([
          {
            title: 'Daily brief',
            link: 'https://example.org/b1',
            description: text,
            pubDate: 'Mon, 10 Mar 2025 08:00:00 GMT',
          },
          {
            title: 'Daily brief',
            link: 'https://example.org/b2',
            description: second,
            pubDate: 'Mon, 10 Mar 2025 11:00:00 GMT',
          },
        ]),
      });
      const [report] = await ingest([source('brief', '/feed', { language })]);
      // Before: 1 new, 1 duplicate: the re-publication check read figures in digits only.
      expect(report).toMatchObject({ new: 2, updated: 0, duplicate: 0 });
      expect(await allStories()).toHaveLength(2);
    },
  );

  it('still takes a re-publication whose figures are written in the same words as the same story', async () => {
    const text =
      'Twelve migrants died and the coastguard rescued dozens more near the island overnight, officials said.';
    server.route('/feed', {
      body: rss([
        {
          title: 'Daily brief',
          link: 'https://example.org/b1',
          description: text,
          pubDate: 'Mon, 10 Mar 2025 08:00:00 GMT',
        },
      ]),
    });
    await ingest([source('brief', '/feed')]);
    server.route('/feed', {
      body: rss([
        {
          title: 'Daily brief (corrected)',
          link: 'https://example.org/b1-corrected',
          description: text.replace('overnight', 'during the night'),
          pubDate: 'Mon, 10 Mar 2025 10:00:00 GMT',
        },
      ]),
      etag: '"v2"',
    });
    const [second] = await ingest([source('brief', '/feed')]);
    expect(second).toMatchObject({ new: 0 });
    expect(await allStories()).toHaveLength(1);
  });

  it('keeps two bulletins of one template for different weeks and figures, published hours apart, as two stories', async () => {
    server.route('/feed', {
      body: rss([
        bulletin('2 and 8 March 2025', '612', '4,127', 'https://example.org/w10', '08'),
        bulletin('9 and 15 March 2025', '538', '4,665', 'https://example.org/w11', '11'),
      ]),
    });
    const [report] = await ingest([source('iom', '/feed')]);
    expect(report).toMatchObject({ new: 2, updated: 0 });
    expect(await allStories()).toHaveLength(2);
  });

  it('keeps a bulletin with other figures only as a new story, and a true re-publication (same figures) as the same story', async () => {
    server.route('/feed', {
      body: rss([bulletin('2 and 8 March 2025', '612', '4,127', 'https://example.org/w10', '08')]),
    });
    await ingest([source('iom', '/feed')]);
    // Same week, same figures, a new URL and a reworded title: the same story (an update, as the update rule says).
    const republished = {
      ...bulletin('2 and 8 March 2025', '612', '4,127', 'https://example.org/w10-corrected', '10'),
      title: 'Maritime update on Libya: 2 - 8 March 2025',
    };
    server.route('/feed', { body: rss([republished]), etag: '"v2"' });
    const [second] = await ingest([source('iom', '/feed')]);
    expect(second).toMatchObject({ new: 0, updated: 1 });
    const [only] = await allStories();
    expect(await allStories()).toHaveLength(1);
    expect(only?.editions[0]).toMatchObject({ version: 2, url: 'https://example.org/w10-corrected' });
    // The same week with one figure changed: another report, never an overwrite of the first.
    const revised = bulletin('2 and 8 March 2025', '621', '4,127', 'https://example.org/w10-revised', '11');
    server.route('/feed', { body: rss([revised]), etag: '"v3"' });
    const [third] = await ingest([source('iom', '/feed')]);
    expect(third).toMatchObject({ new: 1, updated: 0 });
    expect(await allStories()).toHaveLength(2);
  });

  const snapshot = (week: number, guid: boolean): Item => ({
    title: 'Mediterranean situation: weekly snapshot',
    link: `https://example.org/snapshot-${week}.pdf`,
    ...(guid ? { guid: `urn:snapshot:${week}` } : {}),
    description: '',
    pubDate: `${week === 48 ? 'Tue, 25' : 'Tue, 02'} ${week === 48 ? 'Nov' : 'Dec'} 2025 09:00:00 GMT`,
  });

  it.each([
    ['with', true],
    ['without', false],
  ])(
    'keeps weekly issues whose feed text is the same title only (%s guids) as one story each, at every poll',
    async (_, guid) => {
      const issues = [snapshot(49, guid), snapshot(48, guid)];
      const { reports, stories, versions } = await threePolls(`snapshots-${_}`, issues);
      // Before: the same content hash made week 49 a duplicate of week 48, so it was never shown.
      expect(reports[0]).toMatchObject({ status: 'ok', new: 2, duplicate: 0, updated: 0 });
      for (const later of reports.slice(1)) expect(later).toMatchObject({ new: 0, updated: 0, duplicate: 2 });
      expect(stories.map((s) => s.editions[0]?.url).sort()).toEqual([
        'https://example.org/snapshot-48.pdf',
        'https://example.org/snapshot-49.pdf',
      ]);
      expect(versions).toEqual([1, 1]);
    },
  );

  it('still drops the same title-only item re-published at a new link the same morning (a copy, not an issue)', async () => {
    server.route('/feed', { body: rss([snapshot(48, false)]) });
    await ingest([source('copies', '/feed')]);
    const moved = { ...snapshot(48, false), link: 'https://example.org/snapshot-48-final.pdf' };
    server.route('/feed', { body: rss([moved]), etag: '"v2"' });
    const [second] = await ingest([source('copies', '/feed')]);
    expect(second).toMatchObject({ new: 0, duplicate: 1 });
    expect(await allStories()).toHaveLength(1);
  });

  const homepageBulletin = (week: number, arrivals: string, date: string): Item => ({
    title: `Arrivals in Greece, week ${week}`,
    link: 'https://example.org/',
    description: `In week ${week}, ${arrivals} refugees and migrants arrived in Greece by sea, most of them on Lesvos and Samos.`,
    pubDate: date,
  });

  it("keeps last week's bulletin when this week's replaces it at the same homepage link without a guid", async () => {
    server.route('/feed', { body: rss([homepageBulletin(48, '1,200', 'Tue, 25 Nov 2025 09:00:00 GMT')]) });
    await ingest([source('weekly', '/feed')]);
    server.route('/feed', {
      body: rss([homepageBulletin(49, '1,350', 'Tue, 02 Dec 2025 09:00:00 GMT')]),
      etag: '"v2"',
    });
    const [second] = await ingest([source('weekly', '/feed')]);
    // Before: week 49 overwrote week 48 as an "update" (0 new, 1 updated), so week 48 was lost.
    expect(second).toMatchObject({ new: 1, updated: 0 });
    const titles = (await allStories()).map((s) => s.editions[0]?.title).sort();
    expect(titles).toEqual(['Arrivals in Greece, week 48', 'Arrivals in Greece, week 49']);
    // The next poll of the same feed changes nothing.
    server.route('/feed', {
      body: rss([homepageBulletin(49, '1,350', 'Tue, 02 Dec 2025 09:00:00 GMT')]),
      etag: '"v3"',
    });
    expect((await ingest([source('weekly', '/feed')]))[0]).toMatchObject({ new: 0, updated: 0, duplicate: 1 });
  });

  it('still updates a story at its own link without a guid when its figure is revised the next day (same title)', async () => {
    server.route('/feed', { body: rss([homepageBulletin(48, '1,200', 'Tue, 25 Nov 2025 09:00:00 GMT')]) });
    await ingest([source('weekly', '/feed')]);
    server.route('/feed', {
      body: rss([{ ...homepageBulletin(48, '1,260', 'Wed, 26 Nov 2025 12:00:00 GMT') }]),
      etag: '"v2"',
    });
    expect((await ingest([source('weekly', '/feed')]))[0]).toMatchObject({ new: 0, updated: 1 });
    const [story] = await allStories();
    expect(story?.editions[0]?.text).toContain('1,260');
    expect(await allStories()).toHaveLength(1);
  });

  it("keeps two publishers' different stories that link to one homepage, and still drops a copy of one article", async () => {
    server.route('/a', {
      body: rss([rescue('Libya', 21, { link: 'https://news.example/', guid: 'a-1' })]),
    });
    server.route('/b', {
      body: rss([
        {
          title: 'Winter appeal for displaced families in Lebanon',
          link: 'https://NEWS.example/?utm_source=rss',
          guid: 'b-1',
          description: 'The appeal seeks funds for blankets, heating fuel and shelter repairs for displaced families.',
          pubDate: 'Mon, 03 Mar 2025 11:00:00 GMT',
        },
        // The same article as /a's, with its own guid and a tracking parameter: a copy.
        rescue('Libya', 21, { link: 'https://news.example/?utm_medium=feed', guid: 'b-2' }),
      ]),
    });
    const [a, b] = await ingest([source('pub-a', '/a', { name: 'A' }), source('pub-b', '/b', { name: 'B' })]);
    expect(a).toMatchObject({ new: 1 });
    // Before: the winter appeal was dropped as a duplicate of A's rescue story (same canonical link).
    expect(b).toMatchObject({ new: 1, duplicate: 1 });
    const titles = (await allStories()).map((s) => s.editions[0]?.title).sort();
    expect(titles).toEqual(['Libya: 21 migrants rescued at sea', 'Winter appeal for displaced families in Lebanon']);
  });

  it("joins a publisher's Arabic item at the same link as its English one to that story, instead of dropping it", async () => {
    server.route('/en', {
      body: rss([rescue('Libya', 21, { link: 'https://pub.example/news/77', guid: 'en-77' })]),
    });
    server.route('/ar', {
      body: rss([
        {
          title: 'ليبيا: إنقاذ 21 مهاجرا في البحر',
          link: 'https://pub.example/news/77',
          guid: 'ar-77',
          description: 'قال خفر السواحل إن رجال الإنقاذ أوصلوا 21 مهاجرا إلى الشاطئ في ليبيا بعد ليلة في البحر.',
          pubDate: 'Mon, 03 Mar 2025 10:30:00 GMT',
        },
      ]),
    });
    const [en, ar] = await ingest([
      source('pub-en', '/en', { name: 'Pub' }),
      source('pub-ar', '/ar', { name: 'Pub', language: 'ar' }),
    ]);
    expect(en).toMatchObject({ new: 1 });
    // Before: 0 new, 1 duplicate: the Arabic text was lost.
    expect(ar).toMatchObject({ new: 1, duplicate: 0 });
    const stories = await allStories();
    expect(stories).toHaveLength(1);
    expect(stories[0]?.editions.map((e) => e.language).sort()).toEqual(['ar', 'en']);
  });

  it('groups an Arabic edition named by an hreflang link with lower-case percent-encoding and a utm parameter', async () => {
    const arPath = '/ar/%D9%85%D9%87%D8%A7%D8%AC%D8%B1%D9%88%D9%86';
    const alternate = `${server.origin}${arPath.toLowerCase()}/?utm_source=twitter&utm_medium=social`;
    const enPage = `<!doctype html><html lang="en"><head><title>Rescue</title><link rel="alternate" hreflang="ar" href="${alternate}"></head>
      <body><article><h1>Rescue</h1><p>Rescuers brought survivors ashore on Sunday after a long night at sea.</p><p>The agency said more help was needed.</p></article></body></html>`;
    server.route('/en/story', { body: enPage, contentType: 'text/html; charset=utf-8' });
    server.route('/feed-ar', {
      body: rss([
        {
          title: 'إنقاذ مهاجرين',
          link: server.url(arPath),
          guid: 'ar-1',
          description: 'أنقذت فرق الإنقاذ ناجين يوم الأحد.',
          pubDate: 'Sun, 09 Mar 2025 10:00:00 GMT',
        },
      ]),
    });
    server.route('/feed-en', {
      body: rss([
        {
          title: 'Rescue at sea',
          link: server.url('/en/story'),
          guid: 'en-1',
          description: 'Short teaser.',
          pubDate: 'Sun, 09 Mar 2025 11:00:00 GMT',
        },
      ]),
    });
    expect(alternate).not.toContain('%D9'); // the page really writes the lower-case form
    await ingest([source('pub-ar', '/feed-ar', { language: 'ar' })]);
    await ingest([source('pub-en', '/feed-en', { fullText: 'auto' })]);
    const stories = await allStories();
    expect(stories).toHaveLength(1);
    expect(stories[0]?.editions.map((e) => e.language).sort()).toEqual(['ar', 'en']);
  });

  describe('article pages', () => {
    const page = (text: string) =>
      `<!doctype html><html lang="en"><head><title>Rescue</title></head><body><article><h1>Rescue</h1>${text
        .split('\n')
        .map((p) => `<p>${p}</p>`)
        .join('')}</article></body></html>`;
    const fullText =
      'Rescuers brought 120 migrants ashore in Lampedusa on Saturday after two days at sea.\nThe IOM said 14 of them needed hospital care, among them 3 children.';
    const item = (n: number, teaser = `Teaser ${n}.`): Item => ({
      title: `Rescue ${n}`,
      link: server.url(`/story-${n}`),
      guid: `g${n}`,
      description: teaser,
      pubDate: `Sat, 0${n} Mar 2025 10:00:00 GMT`,
    });

    it('a failed page fetch is no update: the stored full text, hash and version stay, so no new summary', async () => {
      server.route('/story-1', { body: page(fullText), contentType: 'text/html' });
      server.route('/feed', { body: rss([item(1)]) });
      await ingest([source('pages', '/feed', { fullText: 'auto' })]);
      const [before] = await allStories();
      expect(before?.editions[0]?.text).toBe(fullText);

      // The feed changes its teaser (so the page is wanted again) while the article page fails.
      server.route('/story-1', { behaviour: { kind: 'status', status: 500 } });
      server.route('/feed', { body: rss([item(1, 'Teaser 1, edited.')]), etag: '"v2"' });
      const [report] = await ingest([source('pages', '/feed', { fullText: 'auto' })]);
      expect(report).toMatchObject({ new: 0, updated: 0, duplicate: 1 });
      const [after] = await allStories();
      expect(after?.editions[0]).toMatchObject({
        text: fullText,
        version: 1,
        contentHash: before?.editions[0]?.contentHash,
      });
      // The summary cache key follows the story's content hash: unchanged, so the summary is not made again.
      expect(storyContentHash(after as Story)).toBe(storyContentHash(before as Story));

      // Once the page reads again, the changed item is an update.
      server.route('/story-1', { body: page(`${fullText}\nA third paragraph.`), contentType: 'text/html' });
      server.route('/feed', { body: rss([item(1, 'Teaser 1, edited.')]), etag: '"v3"' });
      const [later] = await ingest([source('pages', '/feed', { fullText: 'auto' })]);
      expect(later).toMatchObject({ updated: 1 });
    });

    it('a revised figure in the feed is an update even while the page fails: the figure is never lost', async () => {
      server.route('/story-1', { body: page(fullText), contentType: 'text/html' });
      server.route('/feed', { body: rss([item(1, '120 migrants brought ashore in Lampedusa.')]) });
      await ingest([source('pages', '/feed', { fullText: 'auto' })]);

      // The feed's teaser revises the count (and the new ETag means the next poll would get 304), the page is down.
      server.route('/story-1', { behaviour: { kind: 'status', status: 404 } });
      server.route('/feed', { body: rss([item(1, '135 migrants brought ashore in Lampedusa.')]), etag: '"v2"' });
      const [report] = await ingest([source('pages', '/feed', { fullText: 'auto' })]);
      expect(report).toMatchObject({ new: 0, updated: 1, duplicate: 0 });
      const [after] = await allStories();
      expect(after?.editions[0]).toMatchObject({ version: 2, text: '135 migrants brought ashore in Lampedusa.' });

      // A new title while the page fails is an update too.
      server.route('/feed', {
        body: rss([{ ...item(1, '135 migrants brought ashore in Lampedusa.'), title: 'Rescue 1: 135 ashore' }]),
        etag: '"v3"',
      });
      const [titled] = await ingest([source('pages', '/feed', { fullText: 'auto' })]);
      expect(titled).toMatchObject({ updated: 1 });
      expect((await allStories())[0]?.editions[0]).toMatchObject({ version: 3, title: 'Rescue 1: 135 ashore' });
    });

    it('does not fetch the pages of stored, unchanged items again', async () => {
      for (const n of [1, 2, 3])
        server.route(`/story-${n}`, { body: page(`${fullText}\nStory ${n}.`), contentType: 'text/html' });
      server.route('/feed', { body: rss([item(1), item(2), item(3)]) });
      await ingest([source('pages', '/feed', { fullText: 'auto' })]);
      expect([1, 2, 3].map((n) => pageFetches(`/story-${n}`))).toEqual([1, 1, 1]);

      // Next poll: the feed is re-served in full (new ETag) with one new item; only the new item's page is read.
      server.route('/story-4', { body: page(`${fullText}\nStory 4.`), contentType: 'text/html' });
      server.route('/feed', { body: rss([item(4), item(1), item(2), item(3)]), etag: '"v2"' });
      const [report] = await ingest([source('pages', '/feed', { fullText: 'auto' })]);
      expect(report).toMatchObject({ new: 1, updated: 0, duplicate: 3 });
      expect([1, 2, 3, 4].map((n) => pageFetches(`/story-${n}`))).toEqual([1, 1, 1, 1]);
      const stored = (await allStories()).flatMap((s) => s.editions);
      expect(stored.every((e) => e.text.startsWith(fullText))).toBe(true);
    });
  });
});
