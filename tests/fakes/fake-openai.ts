import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The subset of JSON Schema that strict structured outputs use. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
  minItems?: number;
  minimum?: number;
}

/** A chat-completions request body, as far as the fake reads it. */
export interface ChatRequestBody {
  model?: string;
  messages?: Array<{ role: string; content: unknown }>;
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema?: JsonSchema } };
  [key: string]: unknown;
}

/** One request the fake received, as sent by the client. */
export interface FakeOpenAiRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Parsed JSON body ({} when it is not a JSON object). */
  body: ChatRequestBody;
  /** performance.now() when the request was complete: compare these to check retry delays. */
  receivedAt: number;
}

/** What the fake answers. Defaults: status 200, JSON body. */
export interface FakeReply {
  status?: number;
  /** Serialised as JSON unless `raw` is given. */
  body?: unknown;
  /** Sent verbatim instead of `body` (to send a broken body). */
  raw?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Never answer (until close): for client timeouts. */
  hang?: boolean;
}

export type FakeResponder = (request: FakeOpenAiRequest, fake: FakeOpenAi) => FakeReply | Promise<FakeReply>;

export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
  /** As servers with prompt-prefix caching report it (OpenAI, Azure OpenAI, vLLM); omitted by default. */
  prompt_tokens_details?: { cached_tokens: number };
}

export interface FakeOpenAi {
  /** Base URL for `new OpenAI({ baseURL })`, ending in /v1. */
  readonly baseURL: string;
  /** Every chat-completions request received, in order. */
  readonly requests: FakeOpenAiRequest[];
  /** Most requests that were being answered at the same time. */
  readonly maxInFlight: number;
  /** Usage reported by completions that do not set their own. */
  usage: FakeUsage;
  /** Sets the responder used when the queue is empty (default: autoAnswer). */
  respond(responder: FakeResponder): void;
  /** Replies used once each, in order, before the responder. */
  enqueue(...replies: Array<FakeReply | FakeResponder>): void;

  /** A chat completion whose message content is `content` (objects are JSON-serialised). */
  completion(
    content: string | object,
    options?: { usage?: Partial<FakeUsage>; finishReason?: string; model?: string; refusal?: string },
  ): FakeReply;
  /** A valid structured answer built from the request's json_schema (or the schema quoted in a json_object prompt). */
  autoAnswer(request: FakeOpenAiRequest): FakeReply;
  /** 400 as a server without structured outputs answers a json_schema request. */
  rejectJsonSchema(): FakeReply;
  /** 429 with retry-after (seconds). */
  rateLimited(retryAfterSeconds?: number): FakeReply;
  /** 5xx. */
  serverError(status?: number): FakeReply;
  hang(): FakeReply;
  /** 200 whose message content is not JSON. */
  invalidJson(): FakeReply;

  /** The json_schema sent with a request, or null (json_object or none). */
  schemaOf(request: FakeOpenAiRequest): JsonSchema | null;
  /** The response_format type of a request: "json_schema", "json_object" or null. */
  formatOf(request: FakeOpenAiRequest): string | null;
  /** The message contents of a request by role, joined. */
  textOf(request: FakeOpenAiRequest, role: 'system' | 'user' | 'assistant'): string;
  close(): Promise<void>;
}

const SAMPLE = { latin: 'Sample text from the fake model.', arabic: 'نص تجريبي من النموذج.' };
const ARABIC_SCRIPT_LANGUAGES = new Set(['ar', 'fa', 'ur', 'ps']);

/** A value that satisfies a (strict, OpenAI-subset) JSON schema. Arrays of objects with an enum property get one item per enum value. */
function synthesise(schema: JsonSchema | undefined, root: JsonSchema, lang: string | undefined): unknown {
  if (!schema) return null;
  if (schema.$ref) {
    const name = decodeURIComponent(schema.$ref.split('/').pop() ?? '');
    const definitions = root.$defs ?? root.definitions;
    return synthesise(definitions?.[name], root, lang);
  }
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return synthesise(options.find((o) => o.type !== 'null') ?? options[0], root, lang);
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const props = schema.properties ?? {};
      const itemLang = Array.isArray(props.language?.enum) ? String(props.language.enum[0]) : lang;
      return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, synthesise(v, root, itemLang)]));
    }
    case 'array': {
      const items = schema.items ?? {};
      const enumProp = Object.entries(items.properties ?? {}).find(([, v]) => Array.isArray(v.enum));
      if (enumProp) {
        // e.g. summaries: one item per requested language.
        const [key, prop] = enumProp;
        return (prop.enum ?? []).map((value) =>
          synthesise(
            { ...items, properties: { ...items.properties, [key]: { const: value } } },
            root,
            key === 'language' ? String(value) : lang,
          ),
        );
      }
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => synthesise(items, root, lang));
    }
    case 'string':
      return lang && ARABIC_SCRIPT_LANGUAGES.has(lang) ? SAMPLE.arabic : SAMPLE.latin;
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    default:
      return null;
  }
}

/** Rough tokens as providers count them: ~4 characters per token in Latin script, ~2 in others. */
function estimateTokens(text: string): number {
  let latin = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x250) latin++;
  return Math.ceil(latin / 4 + (text.length - latin) / 2);
}

/** What the provider tokenises: the messages in order, then the response format. */
function promptText(request: FakeOpenAiRequest): string {
  return `${(request.body.messages ?? []).map((m) => `${m.role}\n${typeof m.content === 'string' ? m.content : JSON.stringify(m.content)}`).join('\n')}\n${JSON.stringify(request.body.response_format ?? null)}`;
}

/**
 * Usage as a provider with prompt-prefix caching reports it (OpenAI's rule): prompt_tokens estimated from the request,
 * cached_tokens = the longest prefix shared with an earlier request, in 128-token blocks, once it reaches 1,024 tokens.
 */
function withPrefixCacheUsage(reply: FakeReply, request: FakeOpenAiRequest, earlier: FakeOpenAiRequest[]): FakeReply {
  const body = reply.body as { usage?: Record<string, unknown> } | undefined;
  if (!body?.usage) return reply;
  const text = promptText(request);
  let shared = 0;
  for (const other of earlier.slice(0, earlier.indexOf(request))) {
    const previous = promptText(other);
    let i = 0;
    while (i < text.length && i < previous.length && text.charCodeAt(i) === previous.charCodeAt(i)) i++;
    shared = Math.max(shared, i);
  }
  const promptTokens = estimateTokens(text);
  const prefix = estimateTokens(text.slice(0, shared));
  const cached = prefix >= 1_024 ? Math.min(promptTokens, Math.floor(prefix / 128) * 128) : 0;
  const completion = Number(body.usage.completion_tokens ?? 0);
  return {
    ...reply,
    body: {
      ...body,
      usage: {
        ...body.usage,
        prompt_tokens: promptTokens,
        total_tokens: promptTokens + completion,
        prompt_tokens_details: { cached_tokens: cached },
      },
    },
  };
}

function error(status: number, message: string, type: string, param: string | null = null): FakeReply {
  return { status, body: { error: { message, type, param, code: null } } };
}

/**
 * An OpenAI-compatible Chat Completions server on a random loopback port, for the real openai SDK:
 * records each request, answers from a queue of one-shot replies, then from a responder (default: a
 * valid structured answer built from the request's schema).
 */
export async function startFakeOpenAi(
  options: { responder?: FakeResponder; usage?: FakeUsage; prefixCache?: boolean } = {},
): Promise<FakeOpenAi> {
  const requests: FakeOpenAiRequest[] = [];
  const queue: Array<FakeReply | FakeResponder> = [];
  const hanging = new Set<ServerResponse>();
  let responder: FakeResponder = options.responder ?? ((req, f) => f.autoAnswer(req));
  let inFlight = 0;
  let maxInFlight = 0;
  let completions = 0;

  const fake: FakeOpenAi = {
    baseURL: '',
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    usage: options.usage ?? { prompt_tokens: 100, completion_tokens: 20 },
    respond(r) {
      responder = r;
    },
    enqueue(...replies) {
      queue.push(...replies);
    },
    completion(content, o = {}) {
      completions++;
      return {
        body: {
          id: `chatcmpl-fake-${completions}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: o.model ?? 'fake-model',
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: typeof content === 'string' ? content : JSON.stringify(content),
                refusal: o.refusal ?? null,
              },
              logprobs: null,
              finish_reason: o.finishReason ?? 'stop',
            },
          ],
          usage: (() => {
            const u = { ...fake.usage, ...o.usage };
            return { ...u, total_tokens: u.prompt_tokens + u.completion_tokens };
          })(),
        },
      };
    },
    autoAnswer(request) {
      let schema = fake.schemaOf(request);
      if (!schema) {
        // json_object mode: the client quotes the schema in a ```json block of the system prompt.
        const quoted = /```json\s*([\s\S]*?)```/.exec(fake.textOf(request, 'system'));
        try {
          schema = quoted?.[1] ? (JSON.parse(quoted[1]) as JsonSchema) : null;
        } catch {
          schema = null;
        }
      }
      return fake.completion(schema ? (synthesise(schema, schema, undefined) as object) : SAMPLE.latin);
    },
    rejectJsonSchema() {
      return error(
        400,
        "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
        'invalid_request_error',
        'response_format',
      );
    },
    rateLimited(retryAfterSeconds = 1) {
      return {
        ...error(429, 'Rate limit reached for requests', 'requests'),
        headers: { 'retry-after': String(retryAfterSeconds) },
      };
    },
    serverError(status = 500) {
      return error(status, 'The server had an error while processing your request.', 'server_error');
    },
    hang() {
      return { hang: true };
    },
    invalidJson() {
      return fake.completion('Sure! Here is the summary: {"items": [');
    },
    schemaOf(request) {
      const format = request.body.response_format;
      return format?.type === 'json_schema' ? (format.json_schema?.schema ?? null) : null;
    },
    formatOf(request) {
      return request.body.response_format?.type ?? null;
    },
    textOf(request, role) {
      return (request.body.messages ?? [])
        .filter((m) => m.role === role)
        .map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)))
        .join('\n');
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        const rawBody = Buffer.concat(chunks).toString('utf8');
        let body: ChatRequestBody = {};
        try {
          const parsed: unknown = rawBody ? JSON.parse(rawBody) : {};
          if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as ChatRequestBody;
        } catch {
          body = {};
        }
        const request: FakeOpenAiRequest = {
          method: req.method ?? 'GET',
          path,
          headers: req.headers,
          rawBody,
          body,
          receivedAt: performance.now(),
        };
        let reply: FakeReply;
        if (req.method === 'POST' && (path === '/v1/chat/completions' || path === '/chat/completions')) {
          requests.push(request);
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          try {
            const next = queue.shift() ?? responder;
            reply = typeof next === 'function' ? await next(request, fake) : next;
          } catch (err) {
            reply = error(500, `fake responder threw: ${String(err)}`, 'server_error');
          }
        } else if (req.method === 'GET' && (path === '/v1/models' || path === '/models')) {
          reply = {
            body: { object: 'list', data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'fake' }] },
          };
        } else {
          reply = error(404, `no route ${req.method} ${path}`, 'invalid_request_error');
        }
        if (reply.hang) {
          hanging.add(res);
          res.on('close', () => {
            hanging.delete(res);
            inFlight--;
          });
          return;
        }
        if (options.prefixCache && requests.includes(request)) reply = withPrefixCacheUsage(reply, request, requests);
        if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
        const payload = reply.raw ?? JSON.stringify(reply.body ?? {});
        if (!res.destroyed) {
          res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
          res.end(payload);
        }
        if (requests.includes(request)) inFlight--;
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  (fake as { baseURL: string }).baseURL = `http://127.0.0.1:${port}/v1`;
  return fake;
}
