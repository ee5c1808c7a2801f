import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseBody, readBody } from './read-request-body.js';

/** One request the fake received, as the test sees it. */
export interface RecordedRequest {
  /** Web API method ("chat.postMessage"), or "response_url" for the response_url receiver. */
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Form or JSON body; JSON-valued form fields (blocks, metadata) are parsed. */
  body: Record<string, unknown>;
  /** Date.now() when the request arrived. */
  at: number;
  /** HTTP status the fake answered with. */
  status: number;
  /** `error` of an ok:false answer. */
  error?: string;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  user: string;
  bot_id: string;
  /** Not in conversations.history or .replies before then (Date.now()): Slack's read lag after a post. */
  hiddenUntil?: number;
}

export interface FakeSlackOptions {
  token?: string;
  botUserId?: string;
  botId?: string;
  teamId?: string;
  /** Slack's clock (message ts), in ms since the epoch; Date.now by default. Slack's clock is not the bot's. */
  now?: () => number;
}

type Handler = (body: Record<string, unknown>) => Record<string, unknown>;

/**
 * A loopback fake of the Slack Web API (and of response_url) for e2e tests: the real Bolt WebClient talks to
 * it through SLACK_API_URL. It records every request and has knobs for 429s and platform errors.
 */
export class FakeSlackApi {
  readonly token: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  readonly requests: RecordedRequest[] = [];
  readonly messages: FakeMessage[] = [];
  /** Channels the bot is not a member of: posting there answers not_in_channel. */
  readonly notInChannel = new Set<string>();
  /** conversations.members by channel; a channel not listed has the bot and U0001 (the harness's user). */
  readonly members = new Map<string, string[]>();
  /** users.info time zone by user (default Africa/Cairo). */
  readonly userTimezones = new Map<string, string>();
  /** Views opened, published or updated (views.open / views.publish / views.update), in order. */
  readonly views: Array<{
    method: string;
    id: string;
    hash: string;
    user_id?: string;
    trigger_id?: string;
    view: Record<string, unknown>;
  }> = [];
  private viewCounter = 0;
  private server: Server | undefined;
  private base = '';
  private tsCounter = 0;
  private responseCounter = 0;
  private rateLimits = new Map<string, { times: number; retryAfter: number }>();
  private channelRate: { intervalMs: number; retryAfter: number } | null = null;
  private lastPostAt = new Map<string, number>();
  private failures: Array<{
    method: string;
    error: string;
    times: number;
    skip: number;
    channel?: string;
    status: number;
    landed: boolean;
  }> = [];
  private delays = new Map<string, number>();
  private historyLagMs = 0;
  private responseStatus = 200;
  private waiters = new Set<() => void>();
  private readonly now: () => number;

  constructor(options: FakeSlackOptions = {}) {
    this.now = options.now ?? Date.now;
    this.token = options.token ?? 'xoxb-test-token';
    this.botUserId = options.botUserId ?? 'UBOT';
    this.botId = options.botId ?? 'BBOT';
    this.teamId = options.teamId ?? 'T0001';
  }

  /** Listens on `port` (default: any free port; a fixed one lets a test bring "Slack" back at the same address). */
  async start(listenPort = 0): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(listenPort, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.base = `http://127.0.0.1:${port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** SLACK_API_URL for the bot. */
  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  /** A fresh response_url (as Slack puts in each slash command). */
  responseUrl(): string {
    return `${this.base}/response/${++this.responseCounter}`;
  }

  // ---- knobs -------------------------------------------------------------------------------------------

  /** The next `times` calls to `method` answer 429 with `Retry-After: retryAfter`. */
  rateLimit(method: string, options: { times: number; retryAfter: number }): void {
    this.rateLimits.set(method, { ...options });
  }

  /** chat.postMessage allows `perSecond` messages per channel per second; faster posts get 429 (Slack's documented limit is 1/s). */
  limitPerChannel(options: { perSecond: number; retryAfter: number } | null): void {
    this.channelRate = options ? { intervalMs: 1000 / options.perSecond, retryAfter: options.retryAfter } : null;
  }

  /**
   * After `skip` successful calls, the next `times` calls to `method` (in `channel`, if given) answer ok:false with this
   * error, with HTTP `status` (default 200; Slack's edge answers 500/503 itself). `landed`: the call takes effect first
   * (the message is posted), then the error is answered, as Slack's fatal_error warns ("some aspect of the operation
   * succeeded") and as a lost answer looks to the bot.
   */
  fail(
    method: string,
    error: string,
    options: { times?: number; skip?: number; channel?: string; status?: number; landed?: boolean } = {},
  ): void {
    this.failures.push({
      method,
      error,
      times: options.times ?? 1,
      skip: options.skip ?? 0,
      ...(options.channel ? { channel: options.channel } : {}),
      status: options.status ?? 200,
      landed: options.landed ?? false,
    });
  }

  /** Messages posted from now on show in conversations.history and .replies only `ms` after they were posted. */
  historyLag(ms: number): void {
    this.historyLagMs = ms;
  }

  /** Answers `method` after `ms` milliseconds. */
  delay(method: string, ms: number): void {
    this.delays.set(method, ms);
  }

  /** Status the response_url receiver answers with (404 = expired URL). */
  respondWith(status: number): void {
    this.responseStatus = status;
  }

  // ---- reading what happened -----------------------------------------------------------------------------

  calls(method: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method);
  }

  /** Messages accepted by chat.postMessage (top-level and thread replies), oldest first. */
  posted(filter: { channel?: string; thread_ts?: string | null } = {}): FakeMessage[] {
    return this.messages.filter(
      (m) =>
        (filter.channel === undefined || m.channel === filter.channel) &&
        (filter.thread_ts === undefined ||
          (filter.thread_ts === null ? !m.thread_ts : m.thread_ts === filter.thread_ts)),
    );
  }

  /** Bodies posted to response_url receivers (ephemeral replies). */
  responses(): Array<Record<string, unknown>> {
    return this.calls('response_url').map((r) => r.body);
  }

  /** Resolves when `check` returns a truthy value (re-checked on every request), or rejects after `timeoutMs`. */
  async waitFor<T>(check: () => T | undefined | null | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
    const first = check();
    if (first) return first;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(onRequest);
        reject(new Error(`fake Slack: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const onRequest = () => {
        const value = check();
        if (!value) return;
        clearTimeout(timer);
        this.waiters.delete(onRequest);
        resolve(value);
      };
      this.waiters.add(onRequest);
    });
  }

  /** Adds a message that a user posted (for conversations.history). */
  addUserMessage(message: Omit<FakeMessage, 'ts' | 'bot_id'> & { ts?: string }): FakeMessage {
    const stored = { ...message, ts: message.ts ?? this.nextTs(), bot_id: '' };
    this.messages.push(stored);
    return stored;
  }

  // ---- the server ----------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const body = parseBody(raw, String(req.headers['content-type'] ?? ''));
    const record: RecordedRequest = { method: '', path, headers: req.headers, body, at: Date.now(), status: 200 };
    if (path.startsWith('/response/')) {
      record.method = 'response_url';
      record.status = this.responseStatus;
      this.finish(record, res, this.responseStatus, this.responseStatus === 200 ? 'ok' : 'expired_url', 'text/plain');
      return;
    }
    const method = path.replace(/^\/api\//, '');
    record.method = method;
    const wait = this.delays.get(method);
    if (wait) await new Promise((r) => setTimeout(r, wait));

    const auth = String(req.headers.authorization ?? '');
    if (auth !== `Bearer ${this.token}` && body.token !== this.token)
      return this.answer(record, res, { ok: false, error: 'invalid_auth' });

    const limit = this.rateLimits.get(method);
    if (limit && limit.times > 0) {
      limit.times--;
      return this.tooMany(record, res, limit.retryAfter);
    }
    const channel = typeof body.channel === 'string' ? body.channel : undefined;
    const failure = this.failures.find(
      (f) => f.method === method && f.times > 0 && (!f.channel || f.channel === channel),
    );
    if (failure && failure.skip > 0) failure.skip--;
    else if (failure) {
      failure.times--;
      if (failure.landed) this.handlers[method]?.(body);
      return this.answer(record, res, { ok: false, error: failure.error }, failure.status);
    }
    if (method === 'chat.postMessage' && this.channelRate && channel) {
      const last = this.lastPostAt.get(channel);
      if (last !== undefined && record.at - last < this.channelRate.intervalMs)
        return this.tooMany(record, res, this.channelRate.retryAfter);
    }
    const handler = this.handlers[method];
    if (!handler) return this.answer(record, res, { ok: false, error: 'unknown_method' });
    return this.answer(record, res, handler(body));
  }

  private handlers: Record<string, Handler> = {
    'auth.test': () => ({
      ok: true,
      url: 'https://fake.slack.test/',
      team: 'Fake Team',
      user: 'migration-news',
      team_id: this.teamId,
      user_id: this.botUserId,
      bot_id: this.botId,
    }),
    'chat.postMessage': (body) => {
      const channel = String(body.channel ?? '');
      if (!channel) return { ok: false, error: 'channel_not_found' };
      // A DM between other people is invisible to the bot: Slack answers channel_not_found, not not_in_channel.
      if (this.notInChannel.has(channel))
        return { ok: false, error: channel.startsWith('D') ? 'channel_not_found' : 'not_in_channel' };
      const blocks = Array.isArray(body.blocks) ? body.blocks : undefined;
      if (blocks && blocks.length > 50) return { ok: false, error: 'invalid_blocks' };
      if (!body.text && !blocks) return { ok: false, error: 'no_text' };
      const message: FakeMessage = {
        channel,
        ts: this.nextTs(),
        text: String(body.text ?? ''),
        ...(blocks ? { blocks } : {}),
        ...(body.thread_ts ? { thread_ts: String(body.thread_ts) } : {}),
        ...(isMetadata(body.metadata) ? { metadata: body.metadata } : {}),
        user: this.botUserId,
        bot_id: this.botId,
        ...(this.historyLagMs > 0 ? { hiddenUntil: Date.now() + this.historyLagMs } : {}),
      };
      this.messages.push(message);
      this.lastPostAt.set(channel, Date.now());
      const { hiddenUntil: _, ...shown } = message;
      return { ok: true, channel, ts: message.ts, message: { ...shown, type: 'message' } };
    },
    'chat.update': (body) => {
      const message = this.messages.find((m) => m.channel === body.channel && m.ts === body.ts);
      if (!message) return { ok: false, error: 'message_not_found' };
      if (body.text !== undefined) message.text = String(body.text);
      if (Array.isArray(body.blocks)) message.blocks = body.blocks;
      return { ok: true, channel: message.channel, ts: message.ts, text: message.text };
    },
    'views.open': (body) => {
      if (!body.trigger_id || body.trigger_id === 'expired') return { ok: false, error: 'invalid_trigger_id' };
      return this.recordView('views.open', body, { trigger_id: String(body.trigger_id) });
    },
    'views.publish': (body) => {
      if (!body.user_id) return { ok: false, error: 'invalid_arguments' };
      return this.recordView('views.publish', body, { user_id: String(body.user_id) });
    },
    'views.update': (body) => {
      const previous = this.views.find((v) => v.id === body.view_id);
      if (!previous) return { ok: false, error: 'not_found' };
      if (body.hash && body.hash !== this.views.filter((v) => v.id === body.view_id).at(-1)?.hash)
        return { ok: false, error: 'hash_conflict' };
      return this.recordView('views.update', body, {}, String(body.view_id));
    },
    'conversations.members': (body) => {
      const channel = String(body.channel ?? '');
      if (this.notInChannel.has(channel) && channel.startsWith('G')) return { ok: false, error: 'channel_not_found' };
      const all = this.members.get(channel) ?? [this.botUserId, 'U0001'];
      const limit = Math.max(1, Math.min(Number(body.limit ?? 100), 1000));
      const offset = Number(body.cursor ?? 0);
      const more = offset + limit < all.length;
      return {
        ok: true,
        members: all.slice(offset, offset + limit),
        response_metadata: { next_cursor: more ? String(offset + limit) : '' },
      };
    },
    'users.conversations': (body) => {
      const user = String(body.user ?? '');
      // Channels the fake knows (members set, or used in any request), where the user is a member.
      const known = new Set([
        ...this.members.keys(),
        ...this.requests
          .map((r) => r.body.channel)
          .filter((c): c is string => typeof c === 'string' && /^[CG]/.test(c)),
      ]);
      const channels = [...known]
        .filter((c) => (this.members.get(c) ?? [this.botUserId, 'U0001']).includes(user))
        .sort();
      return {
        ok: true,
        channels: channels.map((id) => ({
          id,
          name: id.toLowerCase(),
          is_channel: id.startsWith('C'),
          is_private: id.startsWith('G'),
        })),
        response_metadata: { next_cursor: '' },
      };
    },
    'users.info': (body) => {
      const user = String(body.user ?? '');
      if (!user) return { ok: false, error: 'user_not_found' };
      const tz = this.userTimezones.get(user) ?? 'Africa/Cairo';
      return { ok: true, user: { id: user, name: user.toLowerCase(), tz, tz_label: tz, is_bot: false } };
    },
    'chat.postEphemeral': (body) => {
      const channel = String(body.channel ?? '');
      if (this.notInChannel.has(channel)) return { ok: false, error: 'not_in_channel' };
      if (!body.user) return { ok: false, error: 'user_not_found' };
      if (!(this.members.get(channel) ?? [this.botUserId, 'U0001']).includes(String(body.user)))
        return { ok: false, error: 'user_not_in_channel' };
      return { ok: true, message_ts: this.nextTs() };
    },
    'conversations.info': (body) => {
      const channel = String(body.channel ?? '');
      if (!channel) return { ok: false, error: 'channel_not_found' };
      if (this.notInChannel.has(channel) && channel.startsWith('D')) return { ok: false, error: 'channel_not_found' };
      // The bot's own DM with a user: an IM, with no is_member field.
      if (channel.startsWith('D')) return { ok: true, channel: { id: channel, is_im: true, user: 'U0001' } };
      return {
        ok: true,
        channel: {
          id: channel,
          name: channel.toLowerCase(),
          is_channel: true,
          is_member: !this.notInChannel.has(channel),
        },
      };
    },
    'conversations.replies': (body) => {
      const channel = String(body.channel ?? '');
      const ts = String(body.ts ?? '');
      if (this.notInChannel.has(channel)) return { ok: false, error: 'not_in_channel' };
      const withMetadata = body.include_all_metadata === true || body.include_all_metadata === 'true';
      const thread = this.messages.filter(
        (m) => m.channel === channel && (m.ts === ts || m.thread_ts === ts) && !hidden(m),
      );
      if (thread.length === 0) return { ok: false, error: 'thread_not_found' };
      const messages = thread.map(({ metadata, hiddenUntil: _, ...m }) => ({
        type: 'message',
        ...m,
        ...(withMetadata && metadata ? { metadata } : {}),
      }));
      return { ok: true, messages, has_more: false, response_metadata: { next_cursor: '' } };
    },
    'conversations.history': (body) => {
      const channel = String(body.channel ?? '');
      if (this.notInChannel.has(channel)) return { ok: false, error: 'not_in_channel' };
      const oldest = Number(body.oldest ?? 0);
      const withMetadata = body.include_all_metadata === true || body.include_all_metadata === 'true';
      const limit = Math.min(Number(body.limit ?? 100), 1000);
      const offset = Number(body.cursor ?? 0);
      const all = this.messages
        .filter((m) => m.channel === channel && !m.thread_ts && Number(m.ts) >= oldest && !hidden(m))
        .sort((a, b) => Number(b.ts) - Number(a.ts));
      const page = all.slice(offset, offset + limit).map(({ metadata, hiddenUntil: _, ...m }) => ({
        type: 'message',
        ...m,
        ...(withMetadata && metadata ? { metadata } : {}),
      }));
      const more = offset + limit < all.length;
      return {
        ok: true,
        messages: page,
        has_more: more,
        response_metadata: { next_cursor: more ? String(offset + limit) : '' },
      };
    },
  };

  /** Records a view; refuses what Slack refuses (over 100 blocks, a modal title over 24 characters). */
  private recordView(
    method: string,
    body: Record<string, unknown>,
    extra: { user_id?: string; trigger_id?: string },
    id?: string,
  ): Record<string, unknown> {
    const view =
      typeof body.view === 'string'
        ? (JSON.parse(body.view) as Record<string, unknown>)
        : (body.view as Record<string, unknown> | undefined);
    if (!view || typeof view !== 'object') return { ok: false, error: 'invalid_arguments' };
    const blocks = Array.isArray(view.blocks) ? view.blocks : [];
    if (blocks.length > 100)
      return {
        ok: false,
        error: 'invalid_arguments',
        response_metadata: { messages: ['[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]'] },
      };
    const title = (view.title as { text?: string } | undefined)?.text ?? '';
    if (view.type === 'modal' && (title.length === 0 || title.length > 24))
      return { ok: false, error: 'invalid_arguments' };
    const record = {
      method,
      id: id ?? `V${String(++this.viewCounter).padStart(6, '0')}`,
      hash: `h${Date.now()}.${++this.viewCounter}`,
      ...extra,
      view,
    };
    this.views.push(record);
    return { ok: true, view: { ...view, id: record.id, hash: record.hash } };
  }

  private nextTs(): string {
    return `${Math.floor(this.now() / 1000)}.${String(++this.tsCounter).padStart(6, '0')}`;
  }

  private tooMany(record: RecordedRequest, res: ServerResponse, retryAfter: number): void {
    res.setHeader('Retry-After', String(retryAfter));
    record.error = 'ratelimited';
    this.finish(record, res, 429, JSON.stringify({ ok: false, error: 'ratelimited' }), 'application/json');
  }

  private answer(record: RecordedRequest, res: ServerResponse, payload: Record<string, unknown>, status = 200): void {
    if (payload.ok === false) record.error = String(payload.error);
    this.finish(record, res, status, JSON.stringify(payload), 'application/json');
  }

  private finish(record: RecordedRequest, res: ServerResponse, status: number, body: string, type: string): void {
    record.status = status;
    this.requests.push(record);
    res.writeHead(status, { 'content-type': type });
    res.end(body);
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** Starts a fake Slack Web API on a random loopback port. */
export function startFakeSlackApi(options: FakeSlackOptions & { port?: number } = {}): Promise<FakeSlackApi> {
  return new FakeSlackApi(options).start(options.port);
}

function isMetadata(value: unknown): value is FakeMessage['metadata'] {
  return (
    typeof value === 'object' && value !== null && typeof (value as { event_type?: unknown }).event_type === 'string'
  );
}

/** Still within the history lag of its post. */
function hidden(message: FakeMessage): boolean {
  return message.hiddenUntil !== undefined && Date.now() < message.hiddenUntil;
}
