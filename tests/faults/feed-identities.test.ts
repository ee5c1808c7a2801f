import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseSources } from '../../src/config/load-sources.js';
import { readSource } from '../../src/feeds/read-source.js';
import { ingestSources } from '../../src/ingest/ingest-sources.js';
import { createCaptureLogger } from '../helpers/capture-logger.js';
import { describeOnEachStore } from '../helpers/store-backends.js';

/**
 * Feed values PostgreSQL refuses where SQLite takes them, so that one item made the whole source's write fail at every
 * poll there, losing all its items: a NUL byte (a corrupt CMS export; not XML, but the rest of the feed is readable),
 * and a link or guid longer than a btree index entry can hold (about 2.7 KB).
 */
const LONG_TOKEN = 'x9'.repeat(2_000);
const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>N</title>
<item><title>Aid convoy reaches displaced families in Darfur\u0000</title><link>https://nul.example/news/1</link><guid isPermaLink="false">nul\u0000-1</guid><description>The convoy carried food for 12,000 people\u0000, the agency said.</description></item>
<item><title>Second item without any control character</title><link>https://nul.example/news/2</link><guid isPermaLink="false">clean-2</guid></item>
<item><title>Third item, control characters in its guid</title><link>https://nul.example/news/3</link><guid isPermaLink="false">\u0001ctl\u0000-3\u001f</guid></item>
</channel></rss>`;
const LONG_FEED = `<rss version="2.0"><channel><title>L</title>
<item><title>Story whose link carries a 4 KB token</title><link>https://long.example/a?token=${LONG_TOKEN}</link><guid isPermaLink="false">short-1</guid><description>Hundreds of migrants sheltered in Calais.</description></item>
<item><title>Story whose guid is a 4 KB token</title><link>https://long.example/b</link><guid isPermaLink="false">${LONG_TOKEN}</guid></item>
<item><title>Story without a guid whose link is 4 KB</title><link>https://long.example/c/${LONG_TOKEN}</link></item>
<item><title>An ordinary story beside them</title><link>https://long.example/d</link><guid>d</guid></item>
</channel></rss>`;

// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters that must not be stored
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

let server: Server;
let origin = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    res
      .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' })
      .end(req.url === '/long.xml' ? LONG_FEED : FEED);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describeOnEachStore('feed values PostgreSQL refuses', import.meta.url, (backend) => {
  it('stores every item, with no control character in any stored guid, title or text, and again unchanged next poll', async () => {
    const store = await backend.open();
    try {
      const sources = parseSources(
        `sources:\n  - { id: nul, name: NUL, url: "${origin}/feed.xml", fullText: never }`,
        '/tmp/s.yaml',
      );
      const { log } = createCaptureLogger('warn');
      const ingest = () =>
        ingestSources({ store, log, readSource: (s, p) => readSource(s, p, { feedOptions: { retries: 0 } }) }, sources);
      expect(await ingest()).toEqual([expect.objectContaining({ sourceId: 'nul', status: 'ok', new: 3, error: null })]);
      const editions = (await store.stories.latest({ since: null, limit: 10 })).flatMap((s) => s.editions);
      expect(editions.map((e) => e.guid).sort()).toEqual(['clean-2', 'ctl-3', 'nul-1']);
      for (const e of editions) expect(`${e.guid}${e.title}${e.text}${e.url}`).not.toMatch(CONTROL);
      expect(await ingest()).toEqual([expect.objectContaining({ status: 'ok', new: 0, duplicate: 3 })]);
    } finally {
      await store.close();
    }
  });

  it('stores items whose link or guid is too long to index, keeping them apart and the same at the next poll', async () => {
    const store = await backend.open();
    try {
      const sources = parseSources(
        `sources:\n  - { id: long, name: Long, url: "${origin}/long.xml", fullText: never }`,
        '/tmp/s.yaml',
      );
      const { log } = createCaptureLogger('warn');
      const ingest = () =>
        ingestSources({ store, log, readSource: (s, p) => readSource(s, p, { feedOptions: { retries: 0 } }) }, sources);
      expect(await ingest()).toEqual([
        expect.objectContaining({ sourceId: 'long', status: 'ok', new: 4, error: null }),
      ]);
      const editions = (await store.stories.latest({ since: null, limit: 10 })).flatMap((s) => s.editions);
      expect(editions).toHaveLength(4);
      for (const e of editions) {
        expect(e.url?.length ?? 0, e.title).toBeLessThanOrEqual(2_048);
        expect(e.guid?.length ?? 0, e.title).toBeLessThanOrEqual(512);
      }
      expect(editions.find((e) => e.title.startsWith('An ordinary'))?.url).toBe('https://long.example/d');
      expect(editions.find((e) => e.title.includes('guid is a 4 KB'))?.url).toBe('https://long.example/b');
      expect(await ingest()).toEqual([expect.objectContaining({ status: 'ok', new: 0, duplicate: 4 })]);
    } finally {
      await store.close();
    }
  });
});
