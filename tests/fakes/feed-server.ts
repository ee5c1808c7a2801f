import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/** How a route answers. */
export type FeedBehaviour =
  /** 200 with ETag and Last-Modified; 304 when the request's validators match. */
  | { kind: 'normal' }
  /** Accepts the request and never answers. */
  | { kind: 'hang' }
  /** Answers normally after a delay. */
  | { kind: 'slow'; delayMs: number }
  /** Sends headers at once, then the body one chunk per interval. */
  | { kind: 'trickle'; intervalMs: number; chunkBytes?: number }
  /** Streams `bytes` of filler (declaring Content-Length only when asked). */
  | { kind: 'huge'; bytes: number; declareLength?: boolean }
  /** Redirects to another path or absolute URL. */
  | { kind: 'redirect'; to: string; status?: number }
  /** Answers `status` (default 500) `failures` times, then normally. */
  | { kind: 'fail-then-ok'; failures: number; status?: number }
  /** Always answers this status. */
  | { kind: 'status'; status: number };

export interface FeedRoute {
  body?: string | Buffer;
  /** Sent as is, so a test can declare a wrong charset. Default "application/rss+xml; charset=utf-8". */
  contentType?: string;
  behaviour?: FeedBehaviour;
  /** Gzip the body when the client accepts it. */
  gzip?: boolean;
  etag?: string;
  lastModified?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export interface FeedServer {
  /** e.g. "http://127.0.0.1:39123" */
  origin: string;
  port: number;
  url(path: string): string;
  requests: RecordedRequest[];
  /** Most requests the server was answering at the same time (per-host concurrency limits). */
  maxConcurrent(): number;
  /** Adds or replaces a route. */
  route(path: string, route: FeedRoute): void;
  close(): Promise<void>;
}

const DEFAULT_LAST_MODIFIED = 'Mon, 01 Jan 2024 00:00:00 GMT';

/** A loopback HTTP server (random port) serving feeds with the faults ingest must survive. Records every request. */
export async function startFeedServer(
  routes: Record<string, FeedRoute> = {},
  options: { host?: string } = {},
): Promise<FeedServer> {
  const table = new Map(Object.entries(routes));
  const failures = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let active = 0;
  let peak = 0;

  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  function sendBody(res: ServerResponse, route: FeedRoute, acceptEncoding: string, etag: string, lastModified: string) {
    let body = Buffer.from(route.body ?? '');
    const headers: Record<string, string> = {
      'content-type': route.contentType ?? 'application/rss+xml; charset=utf-8',
      etag,
      'last-modified': lastModified,
    };
    if (route.gzip && /\bgzip\b/.test(acceptEncoding)) {
      body = gzipSync(body);
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = String(body.byteLength);
    res.writeHead(200, headers).end(body);
  }

  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers });
    active++;
    peak = Math.max(peak, active);
    res.once('close', () => active--);
    const route = table.get(path.split('?')[0] ?? path) ?? table.get(path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const body = Buffer.from(route.body ?? '');
    const etag = route.etag ?? `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    const lastModified = route.lastModified ?? DEFAULT_LAST_MODIFIED;
    const behaviour = route.behaviour ?? { kind: 'normal' };
    const acceptEncoding = String(req.headers['accept-encoding'] ?? '');
    const normal = () => {
      // RFC 9110: If-None-Match, when present, takes precedence over If-Modified-Since.
      const inm = req.headers['if-none-match'];
      if (inm !== undefined ? inm === etag : req.headers['if-modified-since'] === lastModified) {
        res.writeHead(304, { etag, 'last-modified': lastModified }).end();
      } else {
        sendBody(res, route, acceptEncoding, etag, lastModified);
      }
    };

    switch (behaviour.kind) {
      case 'normal':
        return normal();
      case 'hang':
        return; // the socket stays open until the client gives up or the server closes
      case 'slow':
        return later(behaviour.delayMs, normal);
      case 'status':
        res.writeHead(behaviour.status, { 'content-type': 'text/plain' }).end(`status ${behaviour.status}`);
        return;
      case 'redirect':
        res.writeHead(behaviour.status ?? 302, { location: behaviour.to }).end();
        return;
      case 'fail-then-ok': {
        const seen = failures.get(path) ?? 0;
        if (seen < behaviour.failures) {
          failures.set(path, seen + 1);
          res.writeHead(behaviour.status ?? 500, { 'content-type': 'text/plain' }).end('temporary failure');
          return;
        }
        return normal();
      }
      case 'trickle': {
        res.writeHead(200, { 'content-type': route.contentType ?? 'application/rss+xml; charset=utf-8' });
        const size = behaviour.chunkBytes ?? 1;
        let offset = 0;
        const next = () => {
          if (res.destroyed) return;
          if (offset >= body.byteLength) return void res.end();
          res.write(body.subarray(offset, offset + size));
          offset += size;
          later(behaviour.intervalMs, next);
        };
        return next();
      }
      case 'huge': {
        const headers: Record<string, string> = { 'content-type': 'application/rss+xml' };
        if (behaviour.declareLength) headers['content-length'] = String(behaviour.bytes);
        res.writeHead(200, headers);
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        let sent = 0;
        const pump = () => {
          while (sent < behaviour.bytes && !res.destroyed) {
            const piece = chunk.subarray(0, Math.min(chunk.byteLength, behaviour.bytes - sent));
            sent += piece.byteLength;
            if (!res.write(piece)) return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end();
        };
        return pump();
      }
    }
  });

  await new Promise<void>((resolve) => server.listen(0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    origin,
    port,
    url: (path) => `${origin}${path.startsWith('/') ? path : `/${path}`}`,
    requests,
    maxConcurrent: () => peak,
    route: (path, route) => void table.set(path, route),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
