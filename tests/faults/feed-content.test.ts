import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeStatus } from '../../src/chat/describe-status.js';
import { parseSources } from '../../src/config/load-sources.js';
import type { SourceConfig } from '../../src/domain/types.js';
import { readSource } from '../../src/feeds/read-source.js';
import { ingestSources, type SourceReport } from '../../src/ingest/ingest-sources.js';
import type { Store } from '../../src/ports/store.js';
import { createStore } from '../../src/store/create-store.js';
import { createCaptureLogger } from '../helpers/capture-logger.js';

/**
 * SPEC 5.1 and 8 through the real ingest (HTTP over loopback, real SQLite) on feeds that misbehave in their content
 * rather than their transport: a body cut short between two items by a server that closes the connection (no length,
 * no chunking: the client cannot tell), dates in the future or in Eastern Arabic digits, and empty items. The feeds
 * are written here, not taken from the fixtures.
 */

const CHANNEL = { platform: 'slack' as const, channelId: 'CCONTENT' };
const rss = (items: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title><link>https://content.example/</link>${items}</channel></rss>`;
const item = (n: number, extra = '') =>
  `<item><title>Boat carrying ${n * 10} migrants reaches Lampedusa after four days at sea</title><link>https://content.example/news/${n}</link><guid>story-${n}</guid><description>The Italian coastguard said ${n * 10} people, among them children, were brought ashore on Lampedusa on Monday.</description>${extra}</item>`;
const yesterday = new Date(Date.now() - 86_400_000);
const EASTERN = '٠١٢٣٤٥٦٧٨٩';
const eastern = (text: string) => text.replace(/\d/g, (d) => EASTERN[Number(d)] as string);

const FEEDS: Record<string, string> = {
  '/future.xml': rss(
    `${item(1, '<pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate>')}${item(2, `<pubDate>${yesterday.toUTCString()}</pubDate>`)}`,
  ),
  '/arabic-digits.xml': rss(item(3, `<pubDate>${eastern(yesterday.toUTCString())}</pubDate>`)),
  '/empty-items.xml': rss(
    `<item/><item><title></title><description> </description></item><item><guid isPermaLink="false">placeholder-1</guid></item>${item(4)}`,
  ),
};
// Served whole on the second poll of /cut.xml; cut after its first item on the first.
const WHOLE = rss(`${item(5)}${item(6)}`);
const CUT = WHOLE.slice(
  0,
  WHOLE.indexOf('<item>', WHOLE.indexOf('</item>')) + '<item><title>Boat carrying'.length + 20,
);
// Cut after the second item's title: that item has no link or guid yet.
const CUT_BETWEEN = WHOLE.slice(0, WHOLE.indexOf('</title>', WHOLE.indexOf('</item>')) + '</title>'.length);

let http: Server;
let raw: NetServer;
let dir: string;
let store: Store;
let sources: SourceConfig[];
let cutPolls = 0;
const { log, lines: logged } = createCaptureLogger('warn');

beforeAll(async () => {
  http = createServer((req, res) => {
    const body = FEEDS[req.url ?? ''];
    if (body === undefined) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(body);
  });
  // HTTP/1.1 without Content-Length or chunking: the body ends where the server closes the connection.
  raw = createNetServer((socket) => {
    socket.once('data', () => {
      cutPolls++;
      const body = cutPolls === 1 ? CUT_BETWEEN : cutPolls === 2 ? CUT : WHOLE;
      socket.end(`HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n${body}`);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  const httpOrigin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const rawOrigin = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
  dir = await mkdtemp(join(tmpdir(), 'mnb-faults-content-'));
  store = await createStore(`sqlite:${join(dir, 'db.sqlite')}`);
  const yaml = [
    'sources:',
    ...Object.keys(FEEDS).map(
      (path) =>
        `  - { id: ${path.slice(1, -4)}, name: ${path.slice(1, -4)}, url: "${httpOrigin}${path}", language: en, fullText: never }`,
    ),
    `  - { id: cut, name: Cut, url: "${rawOrigin}/cut.xml", language: en, fullText: never }`,
  ].join('\n');
  sources = parseSources(yaml, join(dir, 'sources.yaml'));
});

afterAll(async () => {
  await store?.close();
  await new Promise((resolve) => http?.close(resolve));
  await new Promise((resolve) => raw?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const ingest = async () =>
  Object.fromEntries(
    (
      await ingestSources(
        { store, log, readSource: (source, previous) => readSource(source, previous, { feedOptions: { retries: 0 } }) },
        sources,
      )
    ).map((r) => [r.sourceId, r]),
  ) as Record<string, SourceReport>;
const editionsOf = async (sourceId: string) =>
  (await store.stories.latest({ since: null, limit: 100 }))
    .flatMap((s) => s.editions)
    .filter((e) => e.sourceId === sourceId);

describe('feeds whose content misbehaves: nothing half-read or empty is stored, no date pins a story, the others go on', () => {
  let first: Record<string, SourceReport>;
  let startedAt: string;
  let endedAt: string;

  beforeAll(async () => {
    startedAt = new Date().toISOString();
    first = await ingest();
    endedAt = new Date().toISOString();
  }, 30_000);

  it('marks a feed cut short between two items failing, visibly in `status`, and stores nothing of it', async () => {
    expect(first.cut).toMatchObject({ status: 'failed', new: 0 });
    expect(first.cut?.error).toMatch(/^FEED_MALFORMED: .*cut short/);
    expect(await editionsOf('cut')).toEqual([]);
    const line = (await describeStatus({ store, sources }, CHANNEL)).split('\n').find((l) => l.includes('(cut):'));
    expect(line).toMatch(/FAILING for 1 fetch\(es\).*FEED_MALFORMED/);
  });

  it('stores the whole feed once the server sends it whole, with no title-only story left from the cut', async () => {
    expect((await ingest()).cut).toMatchObject({ status: 'failed' }); // cut inside an item this time
    const third = await ingest();
    expect(third.cut).toMatchObject({ status: 'ok', new: 2, error: null });
    const stored = await editionsOf('cut');
    expect(stored.map((e) => [e.guid, e.url])).toEqual(
      expect.arrayContaining([
        ['story-5', 'https://content.example/news/5'],
        ['story-6', 'https://content.example/news/6'],
      ]),
    );
    expect(stored).toHaveLength(2);
  }, 30_000);

  it('takes a publication date in the future as the fetch time, so it does not rank first in every digest', async () => {
    expect(first.future).toMatchObject({ status: 'ok', new: 2 });
    const stored = await editionsOf('future');
    const future = stored.find((e) => e.guid === 'story-1');
    expect(future?.publishedAt).not.toBeNull();
    expect(future?.publishedAt && future.publishedAt >= startedAt && future.publishedAt <= endedAt).toBe(true);
    expect(stored.find((e) => e.guid === 'story-2')?.publishedAt).toBe(
      new Date(Math.floor(yesterday.getTime() / 1000) * 1000).toISOString(),
    );
  });

  it('reads a pubDate written in Eastern Arabic digits', async () => {
    const [edition] = await editionsOf('arabic-digits');
    expect(edition?.publishedAt).toBe(new Date(Math.floor(yesterday.getTime() / 1000) * 1000).toISOString());
  });

  it('stores no story for items with no title, no text and no link, and keeps the real item beside them', async () => {
    expect(first['empty-items']).toMatchObject({ status: 'ok', new: 1, duplicate: 0 });
    const stored = await editionsOf('empty-items');
    expect(stored.map((e) => e.guid)).toEqual(['story-4']);
    // Not silently: the operator's log says how many were left out, and from which source.
    const leftOut = logged.filter((l) => l.msg === 'feed items with no title, text or link left out');
    expect(leftOut.length).toBeGreaterThan(0); // once per poll
    for (const line of leftOut) expect(line).toMatchObject({ source: 'empty-items', items: 3 });
    for (const sourceId of Object.keys(first))
      for (const e of await editionsOf(sourceId)) expect(e.title.trim(), sourceId).not.toBe('');
  });
});
