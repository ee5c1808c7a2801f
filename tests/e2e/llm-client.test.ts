import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LlmError } from '../../src/domain/errors.js';
import { createLlmBudget } from '../../src/llm/create-llm-budget.js';
import { createLlmClient, type CreateLlmClientOptions } from '../../src/llm/create-llm-client.js';
import { createStore } from '../../src/store/create-store.js';
import { silentLogger } from '../../src/util/create-logger.js';
import type { LlmUsage } from '../../src/ports/llm.js';
import { type FakeOpenAi, startFakeOpenAi } from '../fakes/fake-openai.js';

const schema = z.object({
  answer: z.string(),
  count: z.number().int(),
  tags: z.array(z.string()),
  note: z.string().nullable(),
});
const request = { purpose: 'test', system: 'You answer.', user: 'Question?', schema, schemaName: 'test_answer' };
const valid = { answer: 'yes', count: 3, tags: ['a'], note: null };

let fake: FakeOpenAi;
beforeEach(async () => {
  fake = await startFakeOpenAi();
});
afterEach(async () => {
  await fake.close();
});

function client(overrides: Partial<CreateLlmClientOptions> = {}) {
  return createLlmClient({
    apiKey: 'sk-test',
    baseURL: fake.baseURL,
    model: 'test-model',
    timeoutMs: 5_000,
    maxRetries: 2,
    concurrency: 4,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<LlmError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LlmError);
  return err as LlmError;
}

// Retry tests sleep for real (backoff, retry-after): generous timeouts for a busy machine.
describe('createLlmClient against an OpenAI-compatible server', { timeout: 30_000 }, () => {
  it('sends a strict json_schema built from the zod schema and returns the validated value with usage', async () => {
    const usages: Array<[string, LlmUsage, string]> = [];
    fake.enqueue(fake.completion(valid, { usage: { prompt_tokens: 120, completion_tokens: 30 } }));
    const result = await client({ onUsage: (...args) => usages.push(args) }).completeJson(request);

    expect(result.value).toEqual(valid);
    expect(result.usage).toEqual({ promptTokens: 120, completionTokens: 30 });
    expect(usages).toEqual([['test', { promptTokens: 120, completionTokens: 30 }, 'fake-model']]);
    const [sent] = fake.requests;
    if (!sent) throw new Error('no request');
    expect(sent.headers.authorization).toBe('Bearer sk-test');
    expect(sent.body.model).toBe('test-model');
    expect(sent.body.response_format?.type).toBe('json_schema');
    expect(sent.body.response_format?.json_schema).toMatchObject({
      name: 'test_answer',
      strict: true,
      schema: {
        type: 'object',
        required: ['answer', 'count', 'tags', 'note'],
        additionalProperties: false,
        properties: { answer: { type: 'string' }, count: { type: 'integer' }, tags: { type: 'array' } },
      },
    });
    expect(sent.body.messages).toEqual([
      { role: 'system', content: 'You answer.' },
      { role: 'user', content: 'Question?' },
    ]);
  });

  it('passes thread history between the system prompt and the question', async () => {
    await client().completeJson({
      ...request,
      history: [
        { role: 'user', content: 'Earlier?' },
        { role: 'assistant', content: 'Earlier answer.' },
      ],
    });
    expect(fake.requests[0]?.body.messages?.map((m: { role: string }) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'user',
    ]);
  });

  it('falls back to json_object with the schema in the prompt after a 400, and remembers it', async () => {
    fake.respond((req, f) => (f.formatOf(req) === 'json_schema' ? f.rejectJsonSchema() : f.completion(valid)));
    const llm = client();
    expect((await llm.completeJson(request)).value).toEqual(valid);
    expect(fake.requests.map((r) => fake.formatOf(r))).toEqual(['json_schema', 'json_object']);
    const fallback = fake.requests[1];
    if (!fallback) throw new Error('no fallback request');
    expect(fake.textOf(fallback, 'system')).toContain('JSON Schema');
    expect(fake.textOf(fallback, 'system')).toContain('"required":["answer","count","tags","note"]');

    // Later calls, even from a new client for the same endpoint, go straight to json_object.
    await llm.completeJson(request);
    await client().completeJson(request);
    expect(fake.requests.map((r) => fake.formatOf(r))).toEqual([
      'json_schema',
      'json_object',
      'json_object',
      'json_object',
    ]);
  });

  it('sends the schema in the prompt alone when the server rejects json_object too', async () => {
    fake.respond((req, f) => (f.formatOf(req) !== null ? f.rejectJsonSchema() : f.autoAnswer(req)));
    const llm = client();
    expect((await llm.completeJson(request)).value).toMatchObject({
      answer: expect.any(String),
      tags: [expect.any(String)],
    });
    await llm.completeJson(request);
    expect(fake.requests.map((r) => fake.formatOf(r))).toEqual(['json_schema', 'json_object', null, null]);
    expect(fake.requests[2]?.body).not.toHaveProperty('response_format');
  });

  it('does not mistake other 400s for a json_schema rejection', async () => {
    fake.respond(() => ({
      status: 400,
      body: { error: { message: 'context_length_exceeded', type: 'invalid_request_error', param: 'messages' } },
    }));
    const err = await failure(client().completeJson(request));
    expect(err.code).toBe('LLM_REQUEST_REJECTED');
    expect(fake.requests).toHaveLength(1);
  });

  it('repairs an invalid reply once, showing the model its reply and the error', async () => {
    fake.enqueue(fake.completion({ answer: 'yes', count: 'three', tags: [] }), fake.completion(valid));
    const result = await client().completeJson(request);
    expect(result.value).toEqual(valid);
    expect(result.usage).toEqual({ promptTokens: 200, completionTokens: 40 });
    const repair = fake.requests[1];
    if (!repair) throw new Error('no repair request');
    const roles = repair.body.messages?.map((m: { role: string }) => m.role);
    expect(roles).toEqual(['system', 'user', 'assistant', 'user']);
    expect(fake.textOf(repair, 'assistant')).toContain('"count":"three"');
    expect(repair.body.messages?.[3]?.content).toMatch(/invalid.*count/s);
    expect(fake.formatOf(repair)).toBe('json_schema');
  });

  it('gives up with LLM_INVALID_OUTPUT after one failed repair', async () => {
    fake.respond((_, f) => f.invalidJson());
    const err = await failure(client().completeJson(request));
    expect(err.code).toBe('LLM_INVALID_OUTPUT');
    expect(fake.requests).toHaveLength(2);
  });

  it('waits for retry-after on 429 before retrying', async () => {
    fake.enqueue(fake.rateLimited(1));
    const result = await client().completeJson(request);
    expect(result.value).toBeDefined();
    const [first, second] = fake.requests;
    if (!first || !second) throw new Error('expected two requests');
    // Not before the second the server asked for (a few ms of timer granularity allowed).
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(990);
  });

  it('fails fast with LLM_RATE_LIMITED when retry-after is longer than the cap, instead of stalling', async () => {
    fake.respond((_, f) => f.rateLimited(3600));
    const started = performance.now();
    const err = await failure(client({ maxRetryAfterMs: 2_000 }).completeJson(request));
    expect(err.code).toBe('LLM_RATE_LIMITED');
    expect(fake.requests).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it('retries a 500 and succeeds', async () => {
    fake.enqueue(fake.serverError(500), fake.serverError(503));
    const result = await client().completeJson(request);
    expect(result.value).toBeDefined();
    expect(fake.requests).toHaveLength(3);
  });

  it('reports LLM_UNAVAILABLE once retries are exhausted', async () => {
    fake.respond((_, f) => f.serverError(502));
    const err = await failure(client({ maxRetries: 1 }).completeJson(request));
    expect(err.code).toBe('LLM_UNAVAILABLE');
    expect(fake.requests).toHaveLength(2);
  });

  it('times out a hanging server with LLM_TIMEOUT, and retries timeouts', async () => {
    fake.respond((_, f) => f.hang());
    const err = await failure(client({ timeoutMs: 200, maxRetries: 0 }).completeJson(request));
    expect(err.code).toBe('LLM_TIMEOUT');

    fake.enqueue(fake.hang());
    fake.respond((req, f) => f.autoAnswer(req));
    const result = await client({ timeoutMs: 300, maxRetries: 1 }).completeJson(request);
    expect(result.value).toBeDefined();
  });

  it('maps a 401 to LLM_AUTH_FAILED without retrying', async () => {
    fake.respond(() => ({
      status: 401,
      body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } },
    }));
    const err = await failure(client().completeJson(request));
    expect(err.code).toBe('LLM_AUTH_FAILED');
    expect(fake.requests).toHaveLength(1);
  });

  it('reports a refusal as LLM_REFUSED', async () => {
    fake.respond((_, f) => f.completion('', { refusal: 'I cannot help with that.' }));
    expect((await failure(client().completeJson(request))).code).toBe('LLM_REFUSED');
  });

  it('stops calling once the daily token budget is spent', async () => {
    const store = await createStore('sqlite::memory:');
    const llm = client({ budget: createLlmBudget({ store, limit: 200, log: silentLogger() }) });
    await llm.completeJson(request); // 120 tokens
    await llm.completeJson(request); // 240: over budget now
    const err = await failure(llm.completeJson(request));
    expect(err.code).toBe('LLM_BUDGET_EXCEEDED');
    expect(fake.requests).toHaveLength(2);
    await store.close();
  });

  it('keeps at most `concurrency` calls in flight', async () => {
    fake.respond((req, f) => ({ ...f.autoAnswer(req), delayMs: 50 }));
    const llm = client({ concurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, () => llm.completeJson(request)));
    expect(fake.requests).toHaveLength(6);
    expect(fake.maxInFlight).toBe(2);
  });

  it('rejects unusable options with every problem listed', () => {
    expect(() => createLlmClient({ apiKey: '', model: '', timeoutMs: 0, maxRetries: -1, concurrency: 0 })).toThrowError(
      /apiKey \(OPENAI_API_KEY\).*model.*timeoutMs.*maxRetries.*concurrency/,
    );
  });
});
