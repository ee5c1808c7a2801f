import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSources } from '../../src/config/load-sources.js';
import type { SourceConfig } from '../../src/domain/types.js';
import { ingestSources } from '../../src/ingest/ingest-sources.js';
import { readSource } from '../../src/feeds/read-source.js';
import type { Store } from '../../src/ports/store.js';
import { createStore } from '../../src/store/create-store.js';
import { silentLogger } from '../../src/util/create-logger.js';
import { eventually, type SlackHarness, startSlackHarness } from '../e2e/slack-harness.js';
import { runCli } from '../e2e/run-cli.js';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';

/**
 * SPEC 5.1: a URL found in a feed item or typed by a chat user never makes the bot reach an internal address. Only
 * loopback servers are real targets here; private and link-local addresses (10.x, 169.254.169.254) are refused by
 * the guard before any connection, which the guard's error code (FEED_PRIVATE_ADDRESS) proves. fetchUrl's own table
 * of address forms is tests/unit/ingest-fetch-url.test.ts; here the guard is exercised through ingest and chat.
 */

const PAGE =
  '<!doctype html><html lang="en"><body><article><p>INTERNAL SECRET PAGE: metadata credentials.</p></article></body></html>';
const TEASER = 'Teaser of a story about arrivals in Lampedusa.';

let internal: FeedServer; // 127.0.0.1: what an attacker wants the bot to reach
let internalV6: FeedServer; // [::1]
let dir: string;
const stores: Store[] = [];

function rss(links: string[]): string {
  const items = links.map(
    (link, i) =>
      `<item><title>Story ${i + 1} about migrants</title><link>${link.replace(/&/g, '&amp;')}</link><guid>g-${i + 1}</guid><description>${TEASER}</description></item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>${items.join('')}</channel></rss>`;
}

/** Ingests the sources; `refused` lists each article page that was not fetched, with the guard's error code. */
async function ingest(
  sources: SourceConfig[],
): Promise<{ store: Store; refused: Array<{ url: string; code: string }> }> {
  const store = await createStore(`sqlite:${join(dir, `db-${stores.length + 1}.sqlite`)}`);
  stores.push(store);
  const refused: Array<{ url: string; code: string }> = [];
  const fast = { timeoutMs: 3_000, retries: 0 };
  const reports = await ingestSources(
    {
      store,
      log: silentLogger(),
      readSource: (source, previous) =>
        readSource(source, previous, {
          feedOptions: fast,
          articleOptions: fast,
          onWarning: (message, cause) =>
            refused.push({
              url: /article (\S+) not used/.exec(message)?.[1] ?? message,
              code: String((cause as { code?: string }).code),
            }),
        }),
    },
    sources,
  );
  expect(reports.every((r) => r.status === 'ok')).toBe(true);
  return { store, refused };
}

beforeAll(async () => {
  internal = await startFeedServer({ '/secret': { body: PAGE, contentType: 'text/html; charset=utf-8' } });
  internalV6 = await startFeedServer(
    { '/secret': { body: PAGE, contentType: 'text/html; charset=utf-8' } },
    { host: '::1' },
  );
  dir = await mkdtemp(join(tmpdir(), 'mnb-ssrf-'));
});

afterAll(async () => {
  for (const store of stores) await store.close();
  await internal?.close();
  await internalV6?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('SPEC 5.1/8 · SSRF: feed item links (fullText: always) to internal addresses are never fetched', () => {
  it('refuses every internal address an item of a public feed links to, before connecting, and keeps the teaser', async () => {
    const port = internal.port;
    const links = [
      `http://127.0.0.1:${port}/secret`,
      `https://127.0.0.1:${port}/secret`,
      `http://localhost:${port}/secret`, // a DNS name resolving to loopback
      `http://[::1]:${internalV6.port}/secret`,
      `http://[::ffff:127.0.0.1]:${port}/secret`,
      `http://2130706433:${port}/secret`, // 127.0.0.1 as one number
      `http://0x7f.0.0.1:${port}/secret`,
      'http://10.0.0.1/secret',
      'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
      'http://[fd00::1]/secret',
    ];
    // A feed read from a file, like a public feed: nothing about it allows internal addresses.
    await writeFile(join(dir, 'public.xml'), rss(links));
    const sources = parseSources(
      'sources:\n  - { id: public, name: Public, url: public.xml, language: en, fullText: always }\n',
      join(dir, 'sources.yaml'),
    );
    expect(sources[0]?.allowPrivateAddress).toBe(false);

    const { store, refused } = await ingest(sources);
    expect(refused).toHaveLength(links.length);
    for (const { url, code } of refused) expect(code, url).toBe('FEED_PRIVATE_ADDRESS');
    expect(internal.requests).toEqual([]);
    expect(internalV6.requests).toEqual([]);
    const texts = (await store.stories.latest({ since: null, limit: 50 })).flatMap((s) =>
      s.editions.map((e) => e.text),
    );
    // (Links that are one address written differently are one story.)
    expect(new Set(texts)).toEqual(new Set([TEASER]));
  });

  it('refuses a redirect from the configured (allowed) origin to any other internal address', async () => {
    // The operator configured a feed on an internal host on purpose; its item pages redirect elsewhere inside.
    const configured = await startFeedServer();
    try {
      const targets = [
        `http://127.0.0.1:${internal.port}/secret`,
        `http://localhost:${configured.port}/secret`,
        `http://[::1]:${internalV6.port}/secret`,
        'http://169.254.169.254/latest/meta-data/',
        'http://10.0.0.1/secret',
      ];
      for (const [i, to] of targets.entries())
        configured.route(`/moved-${i}`, { behaviour: { kind: 'redirect', to, status: 302 } });
      configured.route('/secret', { body: PAGE, contentType: 'text/html' });
      configured.route('/feed.xml', { body: rss(targets.map((_, i) => configured.url(`/moved-${i}`))) });
      const sources = parseSources(
        `sources:\n  - { id: inside, name: Inside, url: "${configured.url('/feed.xml')}", language: en, fullText: always }\n`,
        join(dir, 'sources.yaml'),
      );
      expect(sources[0]?.allowPrivateAddress).toBe(true);

      const { refused } = await ingest(sources);
      expect(refused.map((r) => r.code)).toEqual(targets.map(() => 'FEED_PRIVATE_ADDRESS'));
      // The configured origin was asked (allowed); nothing a redirect pointed at was, not even its own host by another name.
      expect(configured.requests.map((r) => r.path).sort()).toEqual(
        ['/feed.xml', ...targets.map((_, i) => `/moved-${i}`)].sort(),
      );
      expect(internal.requests).toEqual([]);
      expect(internalV6.requests).toEqual([]);
    } finally {
      await configured.close();
    }
  });
});

describe('SPEC 5.1/8 · SSRF: URLs typed by a user are never fetched', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness();
  });
  afterAll(async () => h?.stop());

  const internalUrls = () => [
    `http://127.0.0.1:${internal.port}/secret`,
    `http://localhost:${internal.port}/secret`,
    `http://[::1]:${internalV6.port}/secret`,
  ];

  it('`migration-news ask <url>` looks the URL up in the store and never fetches it', async () => {
    for (const url of internalUrls()) {
      const result = await runCli(['ask', url, 'what does it say?'], { DATABASE_URL: `sqlite:${join(dir, 'ask.db')}` });
      // An unknown story is bad usage (SPEC 3: exit 2), not a fault.
      expect(result.code, url).toBe(2);
      expect(result.stderr).toContain('no stored story');
    }
    expect(internal.requests).toEqual([]);
    expect(internalV6.requests).toEqual([]);
  });

  it('chat commands and thread questions carrying internal URLs fetch nothing', async () => {
    const [loopback, byName, v6] = internalUrls();
    for (const text of [`search ${loopback}`, `subscribe daily 08:00 filter ${byName}`, `search <${v6}>`]) {
      const { responseUrl } = await h.command(text, { channel: 'CSSRF' });
      await h.replyTo(responseUrl);
    }
    await h.command('latest', { channel: 'CSSRF' });
    const [digest] = await h.fake.waitFor(() => {
      const posted = h.fake.posted({ channel: 'CSSRF', thread_ts: null }).filter((m) => m.metadata);
      return posted.length ? posted : null;
    });
    if (!digest) throw new Error('no digest');
    await eventually(() => h.core.store.threads.stories('slack', 'CSSRF', digest.ts), 15_000, 'the thread mapping');
    await h.event({
      type: 'message',
      channel: 'CSSRF',
      user: 'U9',
      text: `Summarise <${loopback}> and ${v6} please`,
      ts: `${Math.floor(Date.now() / 1000)}.000777`,
      thread_ts: digest.ts,
    });
    await h.fake.waitFor(
      () => h.fake.posted({ channel: 'CSSRF', thread_ts: digest.ts }).length > 0,
      15_000,
      'the answer',
    );
    expect(internal.requests).toEqual([]);
    expect(internalV6.requests).toEqual([]);
  });
});
