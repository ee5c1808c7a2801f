import {
  createServer,
  type IncomingMessage,
  request as httpRequest,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does to one request instead of passing it through. */
export type Fault =
  /** Answers this status itself; the platform never sees the request (a 5xx or 429 from the platform's edge). */
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  /** Passes the request on, the platform accepts it, then the connection is cut before the answer reaches the bot. */
  | { kind: 'drop-after-accept' }
  /** Passes the request on, the platform accepts it, and the answer never comes (until the proxy closes). */
  | { kind: 'hang-after-accept' }
  /** Cuts the connection before passing anything on: the platform never sees the request. */
  | { kind: 'reset' };

export type HoldMode =
  /** The request reaches the proxy but is never passed on: the platform never saw it (a crash before the post). */
  | 'before-post'
  /** The request is passed on and the platform accepts it, but its answer never comes back (a crash after the post, before it is recorded). */
  | 'after-post';

export interface Hold {
  /** Resolves when the request is held (for 'after-post': once the platform has accepted it). */
  arrived: Promise<void>;
  /**
   * Lets the held request go on: 'after-post' answers with the platform's answer (late); 'before-post' drops the
   * connection (the request never reached the platform).
   */
  release(): void;
}

export interface ProxiedRequest {
  method: string;
  path: string;
  /** The fault applied, or null when the request went through untouched (or was held). */
  fault: Fault['kind'] | null;
  /** Status the platform answered (0 when it was never asked). */
  upstreamStatus: number;
  at: number;
}

/**
 * A loopback HTTP proxy in front of a fake platform API (Slack Web API, Bot Connector). The real SDK clients (or
 * the bot's process) talk to it through their configured base URL, so no SDK is mocked. It can inject faults into
 * chosen requests, and hold one call at a chosen point so a test can kill the bot exactly there: deterministic
 * crash points without any hook in the bot. A held request is not also faulted.
 */
export interface FaultProxy {
  /** The proxy's origin, e.g. http://127.0.0.1:40123 (append the target's paths). */
  origin: string;
  /** The target's URL, on the proxy (same path). */
  url: string;
  /** The next `times` requests whose path satisfies `match` get `fault` (default once). */
  inject(match: (path: string, method: string) => boolean, fault: Fault, times?: number): void;
  /** Forgets faults not used yet. */
  clear(): void;
  /** Holds the next request whose path ends with `pathSuffix` (e.g. "chat.postMessage"), after `skip` such requests pass. Later ones pass. */
  holdNext(pathSuffix: string, mode: HoldMode, options?: { skip?: number }): Hold;
  /** Requests seen, in order. */
  requests: ProxiedRequest[];
  /** Paths of the requests seen, in order. */
  readonly paths: string[];
  close(): Promise<void>;
}

interface PendingHold {
  suffix: string;
  mode: HoldMode;
  skip: number;
  arrived: () => void;
  onHeld: (release: () => void) => void;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const base = new URL(target);
  const requests: ProxiedRequest[] = [];
  const rules: Array<{ match: (path: string, method: string) => boolean; fault: Fault; left: number }> = [];
  let pending: PendingHold | null = null;
  const held = new Set<ServerResponse>();

  const forward = (req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>((resolve, reject) => {
      const out = httpRequest(
        {
          host: base.hostname,
          port: base.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, host: base.host },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  /** The pending hold, if this path is the one it waits for (consumed); null otherwise. */
  const takeHold = (path: string): PendingHold | null => {
    if (!pending || !path.endsWith(pending.suffix)) return null;
    if (pending.skip > 0) {
      pending.skip--;
      return null;
    }
    const hold = pending;
    pending = null;
    return hold;
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const method = req.method ?? 'GET';
      const hold = takeHold(path);
      const rule = hold ? undefined : rules.find((r) => r.left > 0 && r.match(path, method));
      if (rule) rule.left--;
      const record: ProxiedRequest = {
        method,
        path,
        fault: rule?.fault.kind ?? null,
        upstreamStatus: 0,
        at: Date.now(),
      };
      requests.push(record);
      const fault = rule?.fault;
      if (fault?.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'status') {
        res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
        res.end(fault.body ?? JSON.stringify({ ok: false, error: `fault_${fault.status}` }));
        return;
      }
      if (hold?.mode === 'before-post') {
        held.add(res);
        hold.onHeld(() => {
          held.delete(res);
          res.destroy();
        });
        hold.arrived();
        return;
      }
      forward(req, Buffer.concat(chunks)).then(
        (answer) => {
          record.upstreamStatus = answer.status;
          if (fault?.kind === 'drop-after-accept') {
            req.socket.destroy();
            return;
          }
          if (fault?.kind === 'hang-after-accept') {
            held.add(res);
            return;
          }
          const headers = { ...answer.headers };
          delete headers['transfer-encoding'];
          delete headers.connection;
          if (hold?.mode === 'after-post') {
            held.add(res);
            hold.onHeld(() => {
              held.delete(res);
              res.writeHead(answer.status, headers);
              res.end(answer.body);
            });
            hold.arrived();
            return;
          }
          res.writeHead(answer.status, headers);
          res.end(answer.body);
        },
        () => {
          res.writeHead(502).end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: `${origin}${base.pathname}`,
    requests,
    get paths() {
      return requests.map((r) => r.path);
    },
    inject(match, fault, times = 1) {
      rules.push({ match, fault, left: times });
    },
    clear() {
      rules.length = 0;
    },
    holdNext(pathSuffix, mode, options = {}) {
      let arrived!: () => void;
      const promise = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      let release: (() => void) | null = null;
      let released = false;
      const onHeld = (fn: () => void) => {
        release = fn;
        if (released) fn();
      };
      pending = { suffix: pathSuffix, mode, skip: options.skip ?? 0, arrived, onHeld };
      return {
        arrived: promise,
        release: () => {
          released = true;
          (release as (() => void) | null)?.();
        },
      };
    },
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
