import { pathToFileURL } from 'node:url';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { brotliCompressSync, deflateRawSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/domain/errors.js';
import { type FetchUrlOptions, fetchUrl } from '../../../src/http/fetch-url.js';
import { parseFeed } from '../../../src/feeds/parse-feed.js';
import { type FeedServer, startFeedServer } from '../../fakes/feed-server.js';
import { encodeSingleByte, feedFile, readFeed } from '../../helpers/ingest-fixtures.js';

const FEED = readFeed('newarab-en.xml');
// The feed server is on loopback: tests that are not about the SSRF guard allow it explicitly.
const LOCAL: FetchUrlOptions = { allowPrivateAddress: true, retryDelayMs: 5, timeoutMs: 5_000 };

let server: FeedServer;
beforeEach(async () => {
  server = await startFeedServer({ '/feed': { body: FEED } });
});
afterEach(async () => {
  await server.close();
});

async function refusal(promise: Promise<unknown>): Promise<SourceError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SourceError);
    return error as SourceError;
  }
  throw new Error('expected a SourceError');
}

describe('fetchUrl', () => {
  it('fetches a feed with the bot User-Agent and returns the validators', async () => {
    const result = await fetchUrl(server.url('/feed'), LOCAL);
    expect(result).toMatchObject({ status: 200, notModified: false, url: server.url('/feed'), charset: 'utf-8' });
    expect(result.text).toBe(FEED);
    expect(result.etag).toMatch(/^".+"$/);
    expect(result.lastModified).toBe('Mon, 01 Jan 2024 00:00:00 GMT');
    expect(server.requests[0]?.headers['user-agent']).toBe(
      'migration-news-bot/0.1 (+https://github.com/migration-news-bot)',
    );
  });

  it('makes a conditional GET and reports 304 as not modified', async () => {
    const first = await fetchUrl(server.url('/feed'), LOCAL);
    const byEtag = await fetchUrl(server.url('/feed'), { ...LOCAL, etag: first.etag });
    expect(byEtag).toMatchObject({
      notModified: true,
      status: 304,
      text: '',
      etag: first.etag,
      lastModified: first.lastModified,
    });
    expect(server.requests[1]?.headers['if-none-match']).toBe(first.etag);
    const byDate = await fetchUrl(server.url('/feed'), { ...LOCAL, lastModified: first.lastModified });
    expect(byDate.notModified).toBe(true);
    expect(server.requests[2]?.headers['if-modified-since']).toBe(first.lastModified);
  });

  it('retries a 5xx with backoff and succeeds', async () => {
    server.route('/flaky', { body: FEED, behaviour: { kind: 'fail-then-ok', failures: 2, status: 503 } });
    const result = await fetchUrl(server.url('/flaky'), LOCAL);
    expect(result.text).toBe(FEED);
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after the bounded number of retries, and never retries a 404', async () => {
    server.route('/down', { behaviour: { kind: 'status', status: 500 } });
    const error = await refusal(fetchUrl(server.url('/down'), LOCAL));
    expect(error.code).toBe('FEED_HTTP_STATUS');
    expect(error.message).toContain('HTTP 500');
    expect(server.requests).toHaveLength(3);
    expect((await refusal(fetchUrl(server.url('/missing'), LOCAL))).code).toBe('FEED_HTTP_STATUS');
    expect(server.requests).toHaveLength(4);
  });

  it('times out a server that never answers, and retries the timeout', async () => {
    server.route('/hang', { behaviour: { kind: 'hang' } });
    const error = await refusal(fetchUrl(server.url('/hang'), { ...LOCAL, timeoutMs: 200, retries: 1 }));
    expect(error.code).toBe('FEED_TIMEOUT');
    expect(server.requests).toHaveLength(2);
  });

  it('times out a server that trickles bytes slower than the attempt budget', async () => {
    server.route('/trickle', { body: FEED, behaviour: { kind: 'trickle', intervalMs: 20, chunkBytes: 1 } });
    const started = performance.now();
    const error = await refusal(fetchUrl(server.url('/trickle'), { ...LOCAL, timeoutMs: 300, retries: 0 }));
    expect(error.code).toBe('FEED_TIMEOUT');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('aborts a body larger than the cap while it streams in', async () => {
    server.route('/huge', { behaviour: { kind: 'huge', bytes: 6 * 1024 * 1024 } });
    expect((await refusal(fetchUrl(server.url('/huge'), LOCAL))).code).toBe('FEED_TOO_LARGE');
    server.route('/declared', { behaviour: { kind: 'huge', bytes: 6 * 1024 * 1024, declareLength: true } });
    expect((await refusal(fetchUrl(server.url('/declared'), LOCAL))).message).toMatch(/content-length/);
    expect((await refusal(fetchUrl(server.url('/feed'), { ...LOCAL, maxBytes: 1000 }))).code).toBe('FEED_TOO_LARGE');
  });

  it('caps the decompressed size of a gzip body (a small download can expand enormously)', async () => {
    server.route('/bomb', { body: 'a'.repeat(20 * 1024 * 1024), gzip: true });
    expect((await refusal(fetchUrl(server.url('/bomb'), LOCAL))).code).toBe('FEED_TOO_LARGE');
    expect(gzipSync('a'.repeat(20 * 1024 * 1024)).byteLength).toBeLessThan(100 * 1024);
  });

  it('accepts gzip and decompresses it', async () => {
    server.route('/gz', { body: FEED, gzip: true });
    const result = await fetchUrl(server.url('/gz'), LOCAL);
    expect(result.text).toBe(FEED);
    expect(server.requests[0]?.headers['accept-encoding']).toContain('gzip');
  });

  it('follows redirects on the same origin and reports the final URL', async () => {
    server.route('/old', { behaviour: { kind: 'redirect', to: '/feed', status: 301 } });
    const result = await fetchUrl(server.url('/old'), LOCAL);
    expect(result.url).toBe(server.url('/feed'));
    expect(result.text).toBe(FEED);
  });

  it('refuses redirect loops, long redirect chains and redirects to other schemes', async () => {
    server.route('/a', { behaviour: { kind: 'redirect', to: '/b' } });
    server.route('/b', { behaviour: { kind: 'redirect', to: '/a' } });
    expect((await refusal(fetchUrl(server.url('/a'), LOCAL))).code).toBe('FEED_REDIRECT_LOOP');
    server.route('/self', { behaviour: { kind: 'redirect', to: '/self' } });
    expect((await refusal(fetchUrl(server.url('/self'), LOCAL))).code).toBe('FEED_REDIRECT_LOOP');
    for (let i = 0; i < 7; i++) server.route(`/hop${i}`, { behaviour: { kind: 'redirect', to: `/hop${i + 1}` } });
    expect((await refusal(fetchUrl(server.url('/hop0'), LOCAL))).code).toBe('FEED_TOO_MANY_REDIRECTS');
    server.route('/to-file', { behaviour: { kind: 'redirect', to: 'file:///etc/passwd' } });
    expect((await refusal(fetchUrl(server.url('/to-file'), LOCAL))).code).toBe('FEED_REDIRECT_INVALID');
  });

  it('decodes the charset declared in the XML declaration (windows-1256 Arabic feed)', async () => {
    const utf8 = readFeed('ays-ar.xml').replace('encoding="UTF-8"', 'encoding="windows-1256"');
    const legacy = encodeSingleByte(utf8, 'windows-1256');
    server.route('/1256', { body: legacy.bytes, contentType: 'application/rss+xml' });
    const result = await fetchUrl(server.url('/1256'), LOCAL);
    expect(result.charset).toBe('windows-1256');
    expect(result.text).toBe(legacy.text);
    expect(parseFeed(result.text).items[0]?.title).toBe('شروط أكثر صرامة للواصليين حديثا');
  });

  it('decodes the charset from the HTTP header, and survives a header that lies', async () => {
    const latin = encodeSingleByte('<rss><channel><title>Réfugiés à Calais</title></channel></rss>', 'iso-8859-1');
    server.route('/latin', { body: latin.bytes, contentType: 'text/xml; charset=ISO-8859-1' });
    expect(parseFeed((await fetchUrl(server.url('/latin'), LOCAL)).text).title).toBe('Réfugiés à Calais');
    // UTF-8 bytes served as ISO-8859-1: the bytes win.
    server.route('/liar', { body: readFeed('ays-fa.xml'), contentType: 'text/xml; charset=iso-8859-1' });
    expect((await fetchUrl(server.url('/liar'), LOCAL)).text).toBe(readFeed('ays-fa.xml'));
    // windows-1256 bytes served as UTF-8 with a correct XML declaration: the declaration wins.
    const arabic = encodeSingleByte(
      '<?xml version="1.0" encoding="windows-1256"?><rss><channel><title>اللاجئين</title></channel></rss>',
      'windows-1256',
    );
    server.route('/liar2', { body: arabic.bytes, contentType: 'application/xml; charset=utf-8' });
    expect(parseFeed((await fetchUrl(server.url('/liar2'), LOCAL)).text).title).toBe('اللاجئين');
  });

  it('limits concurrent requests per host', async () => {
    server.route('/slow', { body: FEED, behaviour: { kind: 'slow', delayMs: 60 } });
    await Promise.all(
      Array.from({ length: 8 }, () => fetchUrl(server.url('/slow'), { ...LOCAL, perHostConcurrency: 2 })),
    );
    expect(server.requests).toHaveLength(8);
    expect(server.maxConcurrent()).toBe(2);
  });

  it('reads file: URLs only when allowed (bundled sample feeds)', async () => {
    const url = pathToFileURL(feedFile('ays-en.xml')).href;
    expect((await refusal(fetchUrl(url))).code).toBe('FEED_FILE_REFUSED');
    expect((await fetchUrl(url, { allowFile: true })).text).toBe(readFeed('ays-en.xml'));
    expect((await refusal(fetchUrl(`${url}.missing`, { allowFile: true }))).code).toBe('FEED_NOT_FOUND');
    expect((await refusal(fetchUrl(url, { allowFile: true, maxBytes: 100 }))).code).toBe('FEED_TOO_LARGE');
  });

  it('rejects invalid URLs and other schemes', async () => {
    expect((await refusal(fetchUrl('not a url'))).code).toBe('FEED_INVALID_URL');
    expect((await refusal(fetchUrl('ftp://example.org/feed'))).code).toBe('FEED_INVALID_URL');
  });
});

describe('fetchUrl SSRF guard', () => {
  it('refuses loopback, private, link-local and IPv6 loopback/mapped addresses before any request', async () => {
    const port = server.port;
    const targets = [
      server.url('/feed'),
      `http://127.0.0.2:${port}/feed`,
      'http://10.0.0.1/feed',
      'http://192.168.1.1/feed',
      'http://172.16.0.1/feed',
      'http://100.64.0.1/feed',
      'http://169.254.169.254/latest/meta-data/',
      'http://0.0.0.0/feed',
      `http://[::1]:${port}/feed`,
      `http://[::ffff:127.0.0.1]:${port}/feed`,
      'http://[fe80::1]/feed',
      'http://[fd00::1]/feed',
      `http://2130706433:${port}/feed`, // 127.0.0.1 written as a number
    ];
    for (const target of targets) {
      const error = await refusal(fetchUrl(target, { retryDelayMs: 5 }));
      expect(error.code, target).toBe('FEED_PRIVATE_ADDRESS');
    }
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a hostname that resolves to a loopback address', async () => {
    const error = await refusal(fetchUrl(`http://localhost:${server.port}/feed`));
    expect(error.code).toBe('FEED_PRIVATE_ADDRESS');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a redirect from an explicitly allowed private source to another private host', async () => {
    // The source is configured on 127.0.0.1 (allowed); its redirect to "localhost" is another origin.
    server.route('/moved', { behaviour: { kind: 'redirect', to: `http://localhost:${server.port}/feed` } });
    const error = await refusal(fetchUrl(server.url('/moved'), LOCAL));
    expect(error.code).toBe('FEED_PRIVATE_ADDRESS');
    expect(server.requests.map((r) => r.path)).toEqual(['/moved']);
    server.route('/metadata', { behaviour: { kind: 'redirect', to: 'http://169.254.169.254/latest/meta-data/' } });
    expect((await refusal(fetchUrl(server.url('/metadata'), LOCAL))).code).toBe('FEED_PRIVATE_ADDRESS');
  });
});

describe('fetchUrl cancellation', () => {
  it('stops when the caller aborts, with a SourceError', async () => {
    const server = await startFeedServer({ '/hang': { behaviour: { kind: 'hang' } } });
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = await refusal(fetchUrl(server.url('/hang'), { ...LOCAL, signal: controller.signal }));
      expect(error.code).toBe('FEED_ABORTED');
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

describe('fetchUrl against servers that answer in their own way', () => {
  let raw: Server;
  let origin: string;
  const hits: Array<{ path: string; at: number }> = [];
  // path -> [status, headers, body]
  const answers = new Map<string, [number, Record<string, string>, Buffer | string]>();
  beforeEach(async () => {
    hits.length = 0;
    raw = createServer((req, res) => {
      hits.push({ path: req.url ?? '', at: Date.now() });
      const [status, headers, body] = answers.get(req.url ?? '') ?? [404, {}, ''];
      res.writeHead(status, headers).end(body);
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise((resolve) => raw.close(resolve));
  });

  it('reads a raw deflate body labelled "deflate" (no zlib header) and stacked codings such as "gzip, br"', async () => {
    answers.set('/raw-deflate', [200, { 'content-encoding': 'deflate' }, deflateRawSync(FEED)]);
    answers.set('/stacked', [200, { 'content-encoding': 'gzip, br' }, brotliCompressSync(gzipSync(FEED))]);
    answers.set('/listed', [200, { 'content-encoding': 'identity, GZIP' }, gzipSync(FEED)]);
    for (const path of ['/raw-deflate', '/stacked', '/listed'])
      expect((await fetchUrl(`${origin}${path}`, LOCAL)).text, path).toBe(FEED);
    // A body that is not what its coding says is still a clear FEED_ENCODING.
    answers.set('/not-deflate', [200, { 'content-encoding': 'deflate' }, 'plain text, not deflate']);
    expect((await refusal(fetchUrl(`${origin}/not-deflate`, LOCAL))).code).toBe('FEED_ENCODING');
  });

  it('reads a body still gzip-compressed under its codings (a .gz file served as is, or compressed twice)', async () => {
    answers.set('/served-gz', [200, { 'content-type': 'application/rss+xml' }, gzipSync(FEED)]);
    answers.set('/twice', [200, { 'content-encoding': 'gzip' }, gzipSync(gzipSync(FEED))]);
    for (const path of ['/served-gz', '/twice'])
      expect((await fetchUrl(`${origin}${path}`, LOCAL)).text, path).toBe(FEED);
    // The size cap holds for the inner layer too.
    answers.set('/inner-bomb', [200, {}, gzipSync('a'.repeat(8 * 1024 * 1024))]);
    expect((await refusal(fetchUrl(`${origin}/inner-bomb`, LOCAL))).code).toBe('FEED_TOO_LARGE');
  });

  it('follows a redirect whose Location carries raw UTF-8 (an Arabic slug), as browsers do', async () => {
    const requested: string[] = [];
    const net = createNetServer((socket) => {
      socket.once('data', (data) => {
        const path = data.toString('latin1').split(' ')[1] ?? '';
        requested.push(path);
        const head =
          path === '/start'
            ? Buffer.concat([Buffer.from('HTTP/1.1 301 Moved\r\nLocation: /ar/'), Buffer.from('أخبار-الهجرة', 'utf8')])
            : Buffer.from(
                decodeURIComponent(path) === '/ar/أخبار-الهجرة' ? 'HTTP/1.1 200 OK' : 'HTTP/1.1 404 Not Found',
              );
        const body = path === '/start' ? '' : FEED;
        socket.end(
          Buffer.concat([
            head,
            Buffer.from(`\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`),
          ]),
        );
      });
    });
    await new Promise<void>((resolve) => net.listen(0, '127.0.0.1', resolve));
    try {
      const start = `http://127.0.0.1:${(net.address() as AddressInfo).port}/start`;
      const result = await fetchUrl(start, { ...LOCAL, retries: 0 });
      expect(result.text).toBe(FEED);
      expect(decodeURIComponent(new URL(result.url).pathname)).toBe('/ar/أخبار-الهجرة');
      expect(requested).toHaveLength(2);
    } finally {
      await new Promise((resolve) => net.close(resolve));
    }
  });

  it('refuses a 304 to a request that sent no validators (a cache answering 304 to everything): the feed is never read', async () => {
    answers.set('/always-304', [304, {}, '']);
    const error = await refusal(fetchUrl(`${origin}/always-304`, LOCAL));
    expect(error.code).toBe('FEED_HTTP_STATUS');
    expect(error.message).toMatch(/HTTP 304 to a request without validators/);
    // With validators, a 304 is the expected answer.
    expect((await fetchUrl(`${origin}/always-304`, { ...LOCAL, etag: '"v1"' })).notModified).toBe(true);
  });

  it("waits for a 429's short Retry-After before trying again", async () => {
    let calls = 0;
    answers.set('/busy', [429, { 'retry-after': '1' }, 'slow down']);
    raw.prependListener('request', (req) => {
      if (req.url === '/busy' && ++calls === 2) answers.set('/busy', [200, {}, FEED]);
    });
    const result = await fetchUrl(`${origin}/busy`, { ...LOCAL, retryDelayMs: 1 });
    expect(result.text).toBe(FEED);
    const [first, second] = hits.filter((h) => h.path === '/busy');
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('does not hammer a server that asks for a long wait (429/503 Retry-After, seconds or date): fails at once, naming it', async () => {
    answers.set('/limited', [429, { 'retry-after': '3600' }, 'slow down']);
    answers.set('/maintenance', [503, { 'retry-after': new Date(Date.now() + 7_200_000).toUTCString() }, 'later']);
    const limited = await refusal(fetchUrl(`${origin}/limited`, LOCAL));
    expect(limited.code).toBe('FEED_HTTP_STATUS');
    expect(limited.message).toMatch(/HTTP 429.*3600 s/);
    const maintenance = await refusal(fetchUrl(`${origin}/maintenance`, LOCAL));
    expect(maintenance.message).toMatch(/HTTP 503.*7\d{3} s/);
    expect(hits.map((h) => h.path)).toEqual(['/limited', '/maintenance']);
    // Without Retry-After a 503 is still retried with backoff.
    answers.set('/plain-503', [503, {}, 'busy']);
    await refusal(fetchUrl(`${origin}/plain-503`, LOCAL));
    expect(hits.filter((h) => h.path === '/plain-503')).toHaveLength(3);
  });
});
