import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import pLimit from 'p-limit';
import type { z } from 'zod';
import { LlmError } from '../domain/errors.js';
import type { LlmBudget, LlmClient, LlmJsonRequest, LlmJsonResult, LlmUsage } from '../ports/llm.js';
import { capRetryAfter } from './cap-retry-after.js';
import { mapLlmError } from './map-llm-error.js';
import { parseJsonReply } from './parse-json-reply.js';

export interface CreateLlmClientOptions {
  /** OPENAI_API_KEY. */
  apiKey: string;
  /** OPENAI_BASE_URL; default: the SDK's (api.openai.com). Any OpenAI-compatible endpoint. */
  baseURL?: string;
  /** OPENAI_MODEL. */
  model: string;
  /** Per HTTP attempt; the SDK's own default is 10 minutes. */
  timeoutMs: number;
  /** Retries of 429/5xx/timeouts/connection errors, done by the SDK with backoff honouring retry-after. */
  maxRetries: number;
  /** Most calls in flight at once. */
  concurrency: number;
  /**
   * The daily token budget (LLM_DAILY_TOKEN_BUDGET, shared through the store); unset = unlimited. Checked before
   * each call, so calls already in flight may overshoot it by one call each.
   */
  budget?: LlmBudget;
  /** Called after every HTTP completion (including repair turns) so the caller can record usage. */
  onUsage?: (purpose: string, usage: LlmUsage, model: string) => void;
  /** A retry-after longer than this fails the call instead of waiting (default 60 s). */
  maxRetryAfterMs?: number;
}

type ResponseFormat = ChatCompletionCreateParamsNonStreaming['response_format'];

/**
 * How each endpoint (base URL + model) takes structured output, once it has rejected json_schema
 * (then json_object) with a 400: remembered for the rest of the process. Absent = json_schema.
 */
type Mode = 'json_schema' | 'json_object' | 'prompt_only';
const fallbackModes = new Map<string, Mode>();
const strictFormats = new WeakMap<object, ReturnType<typeof zodResponseFormat>>();

function strictFormat(schema: z.ZodType, name: string): ReturnType<typeof zodResponseFormat> {
  const cached = strictFormats.get(schema);
  if (cached?.json_schema.name === name) return cached;
  let format: ReturnType<typeof zodResponseFormat>;
  try {
    format = zodResponseFormat(schema, name);
  } catch (err) {
    throw new LlmError('LLM_SCHEMA_UNSUPPORTED', `schema ${name} cannot be a strict JSON schema`, { cause: err });
  }
  strictFormats.set(schema, format);
  return format;
}

/** json_object mode has no schema on the wire: the system prompt carries it (and the word JSON the API requires). */
function describeSchema(format: ReturnType<typeof zodResponseFormat>): string {
  return [
    'Reply with one JSON object only, no prose and no Markdown, conforming to this JSON Schema',
    '(every property is required; no other properties):',
    '```json',
    JSON.stringify(format.json_schema.schema),
    '```',
  ].join('\n');
}

function validateOptions(o: CreateLlmClientOptions): void {
  const problems: string[] = [];
  if (!o.apiKey) problems.push('apiKey (OPENAI_API_KEY) is empty');
  if (!o.model) problems.push('model (OPENAI_MODEL) is empty');
  if (!(o.timeoutMs > 0)) problems.push(`timeoutMs must be > 0, got ${o.timeoutMs}`);
  if (!Number.isInteger(o.maxRetries) || o.maxRetries < 0)
    problems.push(`maxRetries must be an integer >= 0, got ${o.maxRetries}`);
  if (!Number.isInteger(o.concurrency) || o.concurrency < 1)
    problems.push(`concurrency must be an integer >= 1, got ${o.concurrency}`);
  if (problems.length > 0)
    throw new LlmError('LLM_CONFIG_INVALID', `Invalid LLM client options: ${problems.join('; ')}`);
}

/**
 * The LlmClient on the openai SDK (the only module that imports it). Structured output with a strict
 * json_schema built from the zod schema, falling back to json_object (then to the schema in the prompt
 * alone) on servers that reject it; the reply is validated with zod and repaired once; retries, timeouts,
 * concurrency and a token budget are bounded. Errors are LlmError with a code (see mapLlmError).
 */
export function createLlmClient(options: CreateLlmClientOptions): LlmClient {
  validateOptions(options);
  const { model, budget, onUsage } = options;
  const client = new OpenAI({
    apiKey: options.apiKey,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    timeout: Math.max(1, Math.round(options.timeoutMs)),
    maxRetries: options.maxRetries,
    fetch: capRetryAfter(options.maxRetryAfterMs ?? 60_000),
  });
  const endpoint = `${client.baseURL}|${model}`;
  const limit = pLimit(options.concurrency);

  async function send(purpose: string, messages: ChatCompletionMessageParam[], responseFormat: ResponseFormat) {
    await budget?.check();
    // create(), not parse(): parse() throws on an invalid reply and loses both the text the repair turn
    // needs and the token usage the budget needs. The request on the wire is the same.
    const completion = await client.chat.completions
      .create({ model, messages, ...(responseFormat ? { response_format: responseFormat } : {}) })
      .catch((err: unknown) => {
        throw mapLlmError(err);
      });
    const usage: LlmUsage = {
      promptTokens: completion.usage?.prompt_tokens ?? 0,
      completionTokens: completion.usage?.completion_tokens ?? 0,
      // Providers that cache prompt prefixes report the cached part here (OpenAI, Azure, vLLM); others omit it.
      ...(completion.usage?.prompt_tokens_details?.cached_tokens !== undefined
        ? { cachedPromptTokens: completion.usage.prompt_tokens_details.cached_tokens }
        : {}),
    };
    // Charged before the next check, so this instance's next call sees it; a store error must not fail a paid-for completion.
    await budget?.spend(usage.promptTokens + usage.completionTokens).catch(() => undefined);
    try {
      onUsage?.(purpose, usage, completion.model || model);
    } catch {
      // Recording usage is the caller's bookkeeping; it must not fail a paid-for completion.
    }
    const message = completion.choices[0]?.message;
    if (message?.refusal) throw new LlmError('LLM_REFUSED', `the model refused: ${message.refusal}`);
    return { content: message?.content ?? '', usage, model: completion.model || model };
  }

  async function complete<T>(request: LlmJsonRequest<T>): Promise<LlmJsonResult<T>> {
    const format = strictFormat(request.schema, request.schemaName);
    let mode: Mode = fallbackModes.get(endpoint) ?? 'json_schema';
    const conversation = (): ChatCompletionMessageParam[] => [
      {
        role: 'system',
        content: mode === 'json_schema' ? request.system : `${request.system}\n\n${describeSchema(format)}`,
      },
      ...(request.history ?? []),
      { role: 'user', content: request.user },
    ];
    const responseFormat = (): ResponseFormat =>
      mode === 'json_schema' ? format : mode === 'json_object' ? { type: 'json_object' } : undefined;

    let first: Awaited<ReturnType<typeof send>> | undefined;
    while (!first) {
      try {
        first = await send(request.purpose, conversation(), responseFormat());
      } catch (err) {
        // A server without structured outputs: json_object next, then the schema in the prompt alone.
        if (!(err instanceof LlmError && err.code === 'LLM_JSON_SCHEMA_UNSUPPORTED') || mode === 'prompt_only')
          throw err;
        mode = mode === 'json_schema' ? 'json_object' : 'prompt_only';
        fallbackModes.set(endpoint, mode);
      }
    }
    const usage = { ...first.usage };
    const parsed = parseJsonReply(first.content, request.schema);
    if (parsed.ok) return { value: parsed.value, usage, model: first.model };

    // One repair turn: show the model its reply and what is wrong with it.
    const repair = await send(
      request.purpose,
      [
        ...conversation(),
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: `Your reply was invalid: ${parsed.error}\nReply again with only the corrected JSON object, following the required schema exactly.`,
        },
      ],
      responseFormat(),
    );
    usage.promptTokens += repair.usage.promptTokens;
    usage.completionTokens += repair.usage.completionTokens;
    if (repair.usage.cachedPromptTokens !== undefined)
      usage.cachedPromptTokens = (usage.cachedPromptTokens ?? 0) + repair.usage.cachedPromptTokens;
    const repaired = parseJsonReply(repair.content, request.schema);
    if (repaired.ok) return { value: repaired.value, usage, model: repair.model };
    throw new LlmError(
      'LLM_INVALID_OUTPUT',
      `invalid ${request.schemaName} output after one repair: ${repaired.error}`,
    );
  }

  return {
    model,
    completeJson: <T>(request: LlmJsonRequest<T>) => limit(() => complete(request)),
  };
}
