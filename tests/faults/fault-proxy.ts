import { createServer, type IncomingMessage, request as httpRequest, type Server, type ServerResponse } from 'node:http';
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

export interface ProxiedRequest {
  method: string;
  path: string;
  /** The fault applied, or null when the request went through untouched. */
  fault: Fault['kind'] | null;
  /** Status the platform answered (0 when it was never asked). */
  upstreamStatus: number;
  at: number;
}

/**
 * A loopback HTTP proxy in front of a fake platform API (Slack Web API, Bot Connector) that injects faults into
 * chosen requests: the real SDK clients talk to it through their configured base URL, so no SDK is mocked.
 */
export interface FaultProxy {
  /** The proxy's origin, e.g. http://127.0.0.1:40123 (append the target's paths). */
  origin: string;
  /** The next `times` requests whose path satisfies `match` get `fault` (default once). */
  inject(match: (path: string, method: string) => boolean, fault: Fault, times?: number): void;
  /** Forgets faults not used yet. */
  clear(): void;
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const base = new URL(target);
  const requests: ProxiedRequest[] = [];
  const rules: Array<{ match: (path: string, method: string) => boolean; fault: Fault; left: number }> = [];
  const held = new Set<ServerResponse>();

  const forward = (req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>((resolve, reject) => {
      const out = httpRequest(
        { host: base.hostname, port: base.port, path: req.url, method: req.method, headers: { ...req.headers, host: base.host } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const method = req.method ?? 'GET';
      const rule = rules.find((r) => r.left > 0 && r.match(path, method));
      if (rule) rule.left--;
      const record: ProxiedRequest = { method, path, fault: rule?.fault.kind ?? null, upstreamStatus: 0, at: Date.now() };
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
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    inject(match, fault, times = 1) {
      rules.push({ match, fault, left: times });
    },
    clear() {
      rules.length = 0;
    },
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
