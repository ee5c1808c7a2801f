import { readFile, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pLimit, { type LimitFunction } from 'p-limit';
import pRetry from 'p-retry';
import { type Agent, request } from 'undici';
import { SourceError } from '../domain/errors.js';
import { createSafeAgent } from './create-safe-agent.js';
import { decodeBody } from './decode-body.js';
import { readCappedBody } from './read-capped-body.js';
import { retryAfterMs } from './retry-after-ms.js';
import { utf8Location } from './utf8-location.js';

const USER_AGENT = 'migration-news-bot/0.1 (+https://github.com/migration-news-bot)';

const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.5, */*;q=0.1';

export interface FetchUrlOptions {
  /** Conditional GET: validators from the previous successful fetch. */
  etag?: string | null;
  lastModified?: string | null;
  /** Only for a source configured with a private address; redirects off its origin are re-checked. Default false. */
  allowPrivateAddress?: boolean;
  /** Allow file: URLs (bundled sample feeds). Default false. */
  allowFile?: boolean;
  /** Budget for one attempt, connect to last body byte (catches trickling servers). Default 20 s. */
  timeoutMs?: number;
  /** Body size cap, compressed and decompressed. Default 5 MB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Retries on 5xx, 408, 429, timeouts and dropped connections. Default 2. */
  retries?: number;
  /** First backoff delay, doubled each retry. Default 500 ms. */
  retryDelayMs?: number;
  /** Concurrent requests per host, across all callers in this process. Default 4. */
  perHostConcurrency?: number;
  /** Accept header; defaults to feed types. */
  accept?: string;
  signal?: AbortSignal;
}

export interface FetchUrlResult {
  /** Final URL after redirects. */
  url: string;
  status: number;
  notModified: boolean;
  /** Decoded body; empty when notModified. */
  text: string;
  contentType: string | null;
  /** Encoding the body was decoded from, null when notModified. */
  charset: string | null;
  /** The body is not in the charset it declares and was read anyway (decodeBody says how): for the operator's log. */
  warning?: string;
  etag: string | null;
  lastModified: string | null;
  /** Decoded body size in bytes. */
  bytes: number;
}

type Hop =
  | { kind: 'redirect'; location: string }
  | { kind: 'not-modified'; status: number; etag: string | null; lastModified: string | null }
  | { kind: 'ok'; status: number; body: Buffer; headers: Record<string, string | string[] | undefined> };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const RETRYABLE_STATUS = (status: number) => status >= 500 || status === 408 || status === 429;
const retryable = new WeakSet<Error>();
/** How long a 429/503 asked us to wait (Retry-After) before the next attempt. */
const retryAfter = new WeakMap<Error, number>();
/** A longer Retry-After is not waited for within one poll: the source fails now, naming it, and is not hammered. */
const MAX_RETRY_AFTER_MS = 10_000;
const limits = new Map<string, LimitFunction>();
let strictAgent: Agent | undefined;
let privateAgent: Agent | undefined;

function agentFor(allowPrivateAddress: boolean): Agent {
  if (allowPrivateAddress) {
    privateAgent ??= createSafeAgent({ allowPrivateAddress: true });
    return privateAgent;
  }
  strictAgent ??= createSafeAgent({ allowPrivateAddress: false });
  return strictAgent;
}

function limitFor(host: string, concurrency: number): LimitFunction {
  const key = `${host}#${concurrency}`;
  const existing = limits.get(key);
  if (existing) return existing;
  // Article links reach many hosts over time: forget idle limiters rather than grow forever.
  if (limits.size >= 500) {
    for (const [k, l] of limits) if (l.activeCount === 0 && l.pendingCount === 0) limits.delete(k);
  }
  const limit = pLimit(concurrency);
  limits.set(key, limit);
  return limit;
}

function transient(error: SourceError): SourceError {
  retryable.add(error);
  return error;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** Maps undici, DNS and abort errors to SourceErrors, marking the ones worth retrying. */
function toSourceError(error: unknown, url: string): SourceError {
  if (error instanceof SourceError) return error;
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof SourceError) return cause;
  const code = (error as { code?: string }).code ?? '';
  if (/TIMEOUT/.test(code))
    return transient(new SourceError('FEED_TIMEOUT', `${url}: timed out (${code})`, { cause: error }));
  if ((error as { name?: string }).name === 'AbortError')
    return new SourceError('FEED_ABORTED', `${url}: aborted`, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  const network = new SourceError('FEED_NETWORK', `${url}: ${code || 'network error'} ${message}`.trim(), {
    cause: error,
  });
  return ['ECONNREFUSED', 'ENOTFOUND'].includes(code) ? network : transient(network);
}

async function fetchFile(url: URL, maxBytes: number): Promise<FetchUrlResult> {
  const path = fileURLToPath(url);
  try {
    const info = await stat(path);
    if (info.size > maxBytes)
      throw new SourceError('FEED_TOO_LARGE', `${url.href}: file is larger than ${maxBytes} bytes`);
    const bytes = await readFile(path);
    const { text, charset, warning } = decodeBody(bytes, null, url.href);
    return {
      url: url.href,
      status: 200,
      notModified: false,
      text,
      contentType: null,
      charset,
      ...(warning ? { warning } : {}),
      etag: null,
      lastModified: null,
      bytes: bytes.byteLength,
    };
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError('FEED_NOT_FOUND', `${url.href}: ${(error as Error).message}`, { cause: error });
  }
}

interface AttemptSettings {
  headers: Record<string, string>;
  timeoutMs: number;
  maxBytes: number;
  signal: AbortSignal | undefined;
}

async function attempt(url: URL, allowPrivateAddress: boolean, settings: AttemptSettings): Promise<Hop> {
  const timer = new AbortController();
  const timeout = setTimeout(() => timer.abort(), settings.timeoutMs);
  const signal = settings.signal ? AbortSignal.any([timer.signal, settings.signal]) : timer.signal;
  try {
    const response = await request(url, {
      method: 'GET',
      headers: settings.headers,
      dispatcher: agentFor(allowPrivateAddress),
      signal,
      headersTimeout: settings.timeoutMs,
      bodyTimeout: settings.timeoutMs,
    });
    const { statusCode: status, headers, body } = response;
    const location = header(headers, 'location');
    if (REDIRECTS.has(status) && location) {
      await body.dump().catch(() => undefined);
      return { kind: 'redirect', location };
    }
    if (status === 304) {
      await body.dump().catch(() => undefined);
      return {
        kind: 'not-modified',
        status,
        etag: header(headers, 'etag'),
        lastModified: header(headers, 'last-modified'),
      };
    }
    if (status < 200 || status > 299) {
      await body.dump().catch(() => undefined);
      const error = new SourceError('FEED_HTTP_STATUS', `${url.href}: HTTP ${status}`);
      if (!RETRYABLE_STATUS(status)) throw error;
      const wait = retryAfterMs(header(headers, 'retry-after'));
      if (wait !== null && wait > MAX_RETRY_AFTER_MS) {
        throw new SourceError(
          'FEED_HTTP_STATUS',
          `${url.href}: HTTP ${status}, the server asks not to retry for ${Math.ceil(wait / 1000)} s: not retried in this poll`,
        );
      }
      if (wait !== null) retryAfter.set(error, wait);
      throw transient(error);
    }
    const declared = Number(header(headers, 'content-length') ?? Number.NaN);
    if (declared > settings.maxBytes) {
      body.on('error', () => undefined).destroy();
      throw new SourceError(
        'FEED_TOO_LARGE',
        `${url.href}: content-length ${declared} is larger than ${settings.maxBytes} bytes`,
      );
    }
    const buffer = await readCappedBody(body, {
      url: url.href,
      maxBytes: settings.maxBytes,
      contentEncoding: header(headers, 'content-encoding'),
    });
    return { kind: 'ok', status, body: buffer, headers };
  } catch (error) {
    if (timer.signal.aborted && !(error instanceof SourceError && error.code === 'FEED_TOO_LARGE')) {
      throw transient(
        new SourceError('FEED_TIMEOUT', `${url.href}: no complete response within ${settings.timeoutMs} ms`, {
          cause: error,
        }),
      );
    }
    throw toSourceError(error, url.href);
  } finally {
    clearTimeout(timeout);
  }
}

/**
 * Fetches a feed or article page: SSRF-guarded, size-capped, time-boxed, conditional, with
 * manual redirects, per-host concurrency limits and bounded retries. Throws SourceError.
 */
export async function fetchUrl(url: string, options: FetchUrlOptions = {}): Promise<FetchUrlResult> {
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const maxRedirects = options.maxRedirects ?? 5;
  let current: URL;
  try {
    current = new URL(url);
  } catch (error) {
    throw new SourceError('FEED_INVALID_URL', `Not a valid URL: ${url}`, { cause: error });
  }
  if (current.protocol === 'file:') {
    if (!options.allowFile) throw new SourceError('FEED_FILE_REFUSED', `Refusing to read local file ${current.href}`);
    return fetchFile(current, maxBytes);
  }
  if (current.protocol !== 'http:' && current.protocol !== 'https:') {
    throw new SourceError('FEED_INVALID_URL', `Unsupported URL scheme ${current.protocol} in ${url}`);
  }

  const headers: Record<string, string> = {
    'user-agent': USER_AGENT,
    accept: options.accept ?? FEED_ACCEPT,
    'accept-encoding': 'gzip, deflate, br',
  };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  const settings: AttemptSettings = { headers, timeoutMs, maxBytes, signal: options.signal };
  const configuredOrigin = current.origin;
  const visited = new Set([current.href]);

  for (let redirects = 0; ; redirects++) {
    const hopUrl = current;
    // Only the configured origin may be private; anything a redirect points at is checked again.
    const allowPrivate = options.allowPrivateAddress === true && hopUrl.origin === configuredOrigin;
    const limit = limitFor(hopUrl.host, options.perHostConcurrency ?? 4);
    const hop = await pRetry(() => limit(() => attempt(hopUrl, allowPrivate, settings)), {
      retries: options.retries ?? 2,
      minTimeout: options.retryDelayMs ?? 500,
      factor: 2,
      maxTimeout: 10_000,
      randomize: true,
      shouldRetry: ({ error }) => retryable.has(error),
      // The backoff comes on top: no request before the server's Retry-After.
      onFailedAttempt: async ({ error, retriesLeft }) => {
        const wait = retryAfter.get(error);
        if (wait && retriesLeft > 0 && retryable.has(error)) await sleep(wait, undefined, { signal: options.signal });
      },
      signal: options.signal,
    }).catch((error: unknown) => {
      throw toSourceError(error, hopUrl.href); // e.g. the caller's signal aborted between attempts
    });

    if (hop.kind === 'redirect') {
      let next: URL;
      try {
        next = new URL(utf8Location(hop.location), hopUrl);
      } catch (error) {
        throw new SourceError('FEED_REDIRECT_INVALID', `${hopUrl.href}: invalid redirect to ${hop.location}`, {
          cause: error,
        });
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new SourceError('FEED_REDIRECT_INVALID', `${hopUrl.href}: refusing redirect to ${next.protocol} URL`);
      }
      next.hash = '';
      if (visited.has(next.href)) throw new SourceError('FEED_REDIRECT_LOOP', `${url}: redirect loop at ${next.href}`);
      if (redirects + 1 > maxRedirects)
        throw new SourceError('FEED_TOO_MANY_REDIRECTS', `${url}: more than ${maxRedirects} redirects`);
      visited.add(next.href);
      current = next;
      continue;
    }
    if (hop.kind === 'not-modified') {
      // "Not modified" since nothing: a cache that answers 304 to everything; the feed would never be read.
      if (!options.etag && !options.lastModified)
        throw new SourceError('FEED_HTTP_STATUS', `${hopUrl.href}: HTTP 304 to a request without validators`);
      return {
        url: hopUrl.href,
        status: hop.status,
        notModified: true,
        text: '',
        contentType: null,
        charset: null,
        etag: hop.etag ?? options.etag ?? null,
        lastModified: hop.lastModified ?? options.lastModified ?? null,
        bytes: 0,
      };
    }
    const contentType = header(hop.headers, 'content-type');
    const { text, charset, warning } = decodeBody(hop.body, contentType, hopUrl.href);
    return {
      url: hopUrl.href,
      status: hop.status,
      notModified: false,
      text,
      contentType,
      charset,
      ...(warning ? { warning } : {}),
      etag: header(hop.headers, 'etag'),
      lastModified: header(hop.headers, 'last-modified'),
      bytes: hop.body.byteLength,
    };
  }
}
