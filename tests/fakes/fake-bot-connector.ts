import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake Bot Connector received. */
export interface ConnectorRequest {
  method: string;
  path: string;
  /** Which connector operation it was. */
  operation: 'sendToConversation' | 'replyToActivity' | 'createConversation' | 'updateActivity' | 'other';
  /** Decoded conversation id from the path (activities, updates). */
  conversationId: string | null;
  /** Decoded activity id from the path (reply target or updated activity). */
  activityId: string | null;
  headers: IncomingMessage['headers'];
  /** Parsed JSON body. */
  body: Record<string, unknown>;
  /** The activity sent: the body, or the body's `activity` when creating a conversation (a channel thread). */
  activity: Record<string, unknown> | null;
  /** Size of the raw body in bytes, as Teams would measure it. */
  bytes: number;
  /** Status the fake answered; 0 while the answer is still pending (delayed). */
  status: number;
  /** Id the fake gave the created activity or conversation (accepted requests only). */
  createdId: string | null;
  at: number;
}

export interface FakeBotConnector {
  /** Use as the activities' serviceUrl (ends with a slash). */
  url: string;
  requests: ConnectorRequest[];
  /** Accepted (2xx) requests that carry a message activity: what users would see. */
  messages(): ConnectorRequest[];
  /**
   * The next `count` requests (matching `when`, if given) get `status` (429 with Retry-After, or 5xx) and are not
   * posted.
   */
  failNext(
    count: number,
    status: number,
    options?: { retryAfterSeconds?: number; when?: (request: ConnectorRequest) => boolean },
  ): void;
  /** Forgets failures not used yet (the connector is healthy again). */
  clearFailures(): void;
  /** Answers requests matching `predicate` only after `ms` milliseconds (a slow connector); returns a function that ends it. */
  delayWhen(predicate: (request: ConnectorRequest) => boolean, ms: number): () => void;
  /** Resolves when `predicate` holds for the recorded requests, or rejects after timeoutMs. */
  waitFor(predicate: (requests: ConnectorRequest[]) => boolean, timeoutMs?: number): Promise<ConnectorRequest[]>;
  close(): Promise<void>;
}

/**
 * A loopback fake of the Bot Framework Connector REST API (the part a bot calls): records
 * `POST /v3/conversations/{id}/activities[/{replyToId}]`, `POST /v3/conversations` (answers a new channel thread id)
 * and `PUT /v3/conversations/{id}/activities/{activityId}`, and can refuse the first calls with 429 or 5xx.
 */
export async function startFakeBotConnector(): Promise<FakeBotConnector> {
  const requests: ConnectorRequest[] = [];
  const failures: Array<{ status: number; retryAfterSeconds?: number; when?: (request: ConnectorRequest) => boolean }> =
    [];
  let nextId = 1_700_000_000_000;
  const delays: Array<{ predicate: (request: ConnectorRequest) => boolean; ms: number }> = [];

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks));
    });
  });

  function handle(req: IncomingMessage, res: ServerResponse, raw: Buffer): void {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = parseRoute(req.method ?? 'GET', path);
    let body: Record<string, unknown> = {};
    try {
      body = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      body = {};
    }
    const record: ConnectorRequest = {
      method: req.method ?? 'GET',
      path,
      ...route,
      headers: req.headers,
      body,
      activity:
        route.operation === 'createConversation'
          ? ((body.activity as Record<string, unknown> | undefined) ?? null)
          : route.operation === 'other'
            ? null
            : body,
      bytes: raw.length,
      status: 0,
      createdId: null,
      at: Date.now(),
    };
    requests.push(record);
    const delay = delays.find((d) => d.predicate(record));
    if (delay) {
      setTimeout(() => respond(req, res, record, route, body), delay.ms);
      return;
    }
    respond(req, res, record, route, body);
  }

  function respond(
    req: IncomingMessage,
    res: ServerResponse,
    record: ConnectorRequest,
    route: ReturnType<typeof parseRoute>,
    body: Record<string, unknown>,
  ): void {
    const path = record.path;
    const failureAt = failures.findIndex((f) => !f.when || f.when(record));
    const failure = failureAt === -1 ? undefined : failures.splice(failureAt, 1)[0];
    if (failure) {
      record.status = failure.status;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (failure.retryAfterSeconds !== undefined) headers['retry-after'] = String(failure.retryAfterSeconds);
      res.writeHead(failure.status, headers).end(
        JSON.stringify({
          error: { code: failure.status === 429 ? 'Throttled' : 'ServiceError', message: 'fake failure' },
        }),
      );
      return;
    }
    const id = String(nextId++);
    switch (route.operation) {
      case 'createConversation': {
        const channel = ((body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id ??
          'a:new-chat') as string;
        const conversationId = `${channel};messageid=${id}`;
        record.createdId = conversationId;
        record.status = 201;
        json(res, 201, { id: conversationId, activityId: id });
        return;
      }
      case 'sendToConversation':
      case 'replyToActivity':
        record.createdId = id;
        record.status = 200;
        json(res, 200, { id });
        return;
      case 'updateActivity':
        record.createdId = route.activityId;
        record.status = 200;
        json(res, 200, { id: route.activityId });
        return;
      default:
        record.status = 404;
        json(res, 404, { error: { code: 'NotFound', message: `no route ${req.method} ${path}` } });
        return;
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    messages: () => requests.filter((r) => isAccepted(r) && r.activity?.type === 'message'),
    delayWhen(predicate, ms) {
      const delay = { predicate, ms };
      delays.push(delay);
      return () => {
        const at = delays.indexOf(delay);
        if (at !== -1) delays.splice(at, 1);
      };
    },
    clearFailures() {
      failures.length = 0;
    },
    failNext(count, status, options = {}) {
      for (let i = 0; i < count; i++) failures.push({ status, ...options });
    },
    async waitFor(predicate, timeoutMs = 8000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(requests)) {
        if (Date.now() > deadline)
          throw new Error(
            `fake Bot Connector: condition not met within ${timeoutMs} ms; received ${describe(requests)}`,
          );
        await new Promise((r) => setTimeout(r, 20));
      }
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The connector answered 2xx: the message exists for users. */
export function isAccepted(request: ConnectorRequest): boolean {
  return request.status >= 200 && request.status < 300;
}

function parseRoute(
  method: string,
  path: string,
): Pick<ConnectorRequest, 'operation' | 'conversationId' | 'activityId'> {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'v3' || parts[1] !== 'conversations')
    return { operation: 'other', conversationId: null, activityId: null };
  if (parts.length === 2 && method === 'POST')
    return { operation: 'createConversation', conversationId: null, activityId: null };
  if (parts[3] !== 'activities') return { operation: 'other', conversationId: parts[2] ?? null, activityId: null };
  const conversationId = parts[2] ?? null;
  const activityId = parts[4] ?? null;
  if (method === 'POST')
    return { operation: activityId ? 'replyToActivity' : 'sendToConversation', conversationId, activityId };
  if (method === 'PUT') return { operation: 'updateActivity', conversationId, activityId };
  return { operation: 'other', conversationId, activityId };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function describe(requests: ConnectorRequest[]): string {
  if (requests.length === 0) return 'nothing';
  return requests.map((r) => `${r.status} ${r.method} ${r.path} (${String(r.activity?.type ?? '')})`).join('; ');
}
