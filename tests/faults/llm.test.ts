import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDigest } from '../../adapters/slack/blocks/render-digest.js';
import { buildDigest, type BuildDigestDeps } from '../../src/digest/build-digest.js';
import type { Digest } from '../../src/domain/digest.js';
import type { Story } from '../../src/domain/types.js';
import { createLlmClient } from '../../src/llm/create-llm-client.js';
import type { Store } from '../../src/ports/store.js';
import { deliverDigest } from '../../src/schedule/deliver-digest.js';
import { createStore } from '../../src/store/create-store.js';
import { silentLogger } from '../../src/util/create-logger.js';
import { type FakeOpenAi, type FakeOpenAiRequest, type FakeReply, startFakeOpenAi } from '../fakes/fake-openai.js';
import { makeStory } from '../helpers/factories.js';
import { createRecordingAdapter } from '../helpers/recording-adapter.js';

/**
 * SPEC 8, row 2, at the level of a whole digest: one story per fault, all in the same digest, through the real
 * openai SDK against a loopback fake. The client-level behaviour (retry-after, json_object fallback, repair) is
 * proved in tests/e2e/llm-client.test.ts and the per-story fallback in tests/e2e/llm-summarise.test.ts; this suite
 * proves the faults stay per story, the digest still goes out, and a fallback is never cached.
 */

const FAULTS = ['healthy', 'rate-limited', 'server-error', 'timeout', 'truncated', 'wrong-shape', 'not-json'] as const;
type Fault = (typeof FAULTS)[number];
const FALLBACK_WARNING = 'LLM unavailable: offline summary';

function story(fault: Fault): Story {
  return makeStory({
    id: fault,
    contentHash: `h-${fault}`,
    language: 'en',
    url: `https://news.example.org/${fault}`,
    title: `Story ${fault}: rescue off Lampedusa`,
    text: `Story ${fault}: the coast guard rescued migrants off Lampedusa on Monday. The boat had left Libya two days earlier. Aid groups called for safe routes.`,
  });
}

/** Which story a request is about (the article title is inside the user message). */
function faultOf(request: FakeOpenAiRequest, fake: FakeOpenAi): Fault {
  const user = fake.textOf(request, 'user');
  return FAULTS.find((f) => user.includes(`Story ${f}:`)) ?? 'healthy';
}

let fake: FakeOpenAi;
let dir: string;
let store: Store;
let deps: BuildDigestDeps;
const rateLimitedOnce = new Set<string>();

function faultyResponder(request: FakeOpenAiRequest, f: FakeOpenAi): FakeReply {
  const fault = faultOf(request, f);
  switch (fault) {
    case 'rate-limited':
      if (rateLimitedOnce.has(fault)) return f.autoAnswer(request);
      rateLimitedOnce.add(fault);
      return f.rateLimited(1);
    case 'server-error':
      return f.serverError(500);
    case 'timeout':
      return f.hang();
    case 'truncated':
      // The model ran out of tokens mid-answer.
      return f.completion(
        '{"items":[{"language":"en","title":"Rescue off Lampedusa","summary":"The coast guard rescued mig',
        { finishReason: 'length' },
      );
    case 'wrong-shape':
      // Valid JSON, but not the schema: what a model steered by the article might send.
      return f.completion({ answer: 'all clear', items: [{ language: 'xx', title: '', summary: 'ignore this' }] });
    case 'not-json':
      return f.invalidJson();
    default:
      return f.autoAnswer(request);
  }
}

beforeAll(async () => {
  fake = await startFakeOpenAi({ responder: faultyResponder });
  dir = await mkdtemp(join(tmpdir(), 'mnb-faults-llm-'));
  store = await createStore(`sqlite:${join(dir, 'db.sqlite')}`);
  await store.stories.write({ newStories: FAULTS.map(story), addedEditions: [], updatedEditions: [] });
  const llm = createLlmClient({
    apiKey: 'sk-test',
    baseURL: fake.baseURL,
    model: 'fake-model',
    timeoutMs: 2_500,
    maxRetries: 1,
    concurrency: 4,
  });
  deps = { store, llm, log: silentLogger(), promptVersion: 'summarise/v1', sources: [], maxItems: 20 };
});

afterAll(async () => {
  await store?.close();
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});

const requestsFor = (fault: Fault) => fake.requests.filter((r) => faultOf(r, fake) === fault);

describe('SPEC 8 · the LLM endpoint returns 429/5xx, times out, or returns invalid JSON: retried, then that story falls back to the offline summary, flagged; the digest is still delivered', () => {
  let digest: Digest;

  beforeAll(async () => {
    digest = await buildDigest(deps, { languages: ['en', 'ar'], since: null });
  }, 60_000);

  const item = (fault: Fault) => {
    const found = digest.items.find((i) => i.id === fault);
    if (!found) throw new Error(`${fault} is not in the digest`);
    return found;
  };

  it('keeps every story in the digest', () => {
    expect(digest.items.map((i) => i.id).sort()).toEqual([...FAULTS].sort());
  });

  it('waits out a 429 and then uses the model answer, unflagged', () => {
    const [limited, retried] = requestsFor('rate-limited');
    expect(requestsFor('rate-limited')).toHaveLength(2);
    expect((retried?.receivedAt ?? 0) - (limited?.receivedAt ?? 0)).toBeGreaterThanOrEqual(990);
    expect(item('rate-limited').warnings).toEqual([]);
    expect(item('rate-limited').text.en?.summary).toBe('Sample text from the fake model.');
    expect(item('healthy').warnings).toEqual([]);
  });

  it.each([
    ['server-error', 2, '5xx: the SDK retries once, then gives up'],
    ['timeout', 2, 'no answer within the timeout, retried once'],
    ['truncated', 2, 'finish_reason "length": one repair turn'],
    ['wrong-shape', 2, 'schema-breaking JSON: one repair turn'],
    ['not-json', 2, 'not JSON at all: one repair turn'],
  ] as const)('%s: %i tries (%s), then the offline summary, flagged', (fault, tries, _how) => {
    expect(requestsFor(fault)).toHaveLength(tries);
    const entry = item(fault);
    expect(entry.warnings[0]).toBe(FALLBACK_WARNING);
    // The extractive summary of the article itself, never a fragment of the broken reply.
    expect(entry.text.en?.summary).toContain('the coast guard rescued migrants off Lampedusa on Monday');
    expect(JSON.stringify(entry)).not.toMatch(/all clear|ignore this|Sure!|"summary":"The coast guard rescued mig/);
  });

  it('delivers the digest with the flags visible', async () => {
    const slack = createRecordingAdapter('slack');
    const outcome = await deliverDigest(
      { store, adapters: new Map([['slack', slack]]), log: silentLogger() },
      {
        channel: { platform: 'slack', channelId: 'CLLM' },
        digest,
        kind: 'on_demand',
      },
    );
    expect(outcome.status).toBe('posted');
    expect(slack.storiesPosted('CLLM').sort()).toEqual([...FAULTS].sort());
    const blocks = JSON.stringify(renderDigest(digest).map((m) => m.payload.blocks));
    expect(blocks.split(`:warning: ${FALLBACK_WARNING}`).length - 1).toBe(5);
  });

  it('never caches a fallback: the next run asks the model again for exactly the failed stories', async () => {
    fake.respond((request, f) => f.autoAnswer(request));
    const before = fake.requests.length;
    const next = await buildDigest(deps, { languages: ['en', 'ar'], since: null });
    const asked = fake.requests.slice(before).map((r) => faultOf(r, fake));
    expect(asked.sort()).toEqual(['not-json', 'server-error', 'timeout', 'truncated', 'wrong-shape']);
    expect(next.items.every((i) => i.warnings.length === 0)).toBe(true);
  }, 60_000);
});
