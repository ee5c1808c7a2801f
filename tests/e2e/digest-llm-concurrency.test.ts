import { afterEach, describe, expect, it } from 'vitest';
import type { FakeOpenAi, FakeOpenAiRequest, FakeReply } from '../fakes/fake-openai.js';
import { CHANNEL, eventually, type SlackHarness, startSlackHarness, storyTitled } from './slack-harness.js';

/** Ten recent English stories, each with its own figure ("Story 3: 43 people rescued"). */
const STORIES = Array.from({ length: 10 }, (_, i) =>
  storyTitled(
    `conc-${i}`,
    `Story ${i}: boat reaches Lampedusa`,
    `Story ${i}: ${40 + i} people were rescued off Lampedusa on Monday, the coast guard said.`,
  ),
);

const storyOf = (fake: FakeOpenAi, request: FakeOpenAiRequest) =>
  Number(/Story (\d+):/.exec(fake.textOf(request, 'user'))?.[1] ?? -1);
const isRegeneration = (fake: FakeOpenAi, request: FakeOpenAiRequest) =>
  fake.textOf(request, 'user').includes('Your previous answer contained');

/** A faithful answer for the story of the request: its own figure, nothing else. */
function faithful(fake: FakeOpenAi, request: FakeOpenAiRequest, figure?: number): FakeReply {
  const n = storyOf(fake, request);
  const value = figure ?? 40 + n;
  return fake.completion({
    items: [
      {
        language: 'en',
        title: `Story ${n}: boat reaches Lampedusa`,
        summary: `${value} people were rescued off Lampedusa, the coast guard said.`,
      },
      { language: 'ar', title: 'وصول قارب إلى لامبيدوزا', summary: `تم إنقاذ ${value} شخصا قبالة لامبيدوزا.` },
    ],
  });
}

let harness: SlackHarness | null = null;
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

async function latestDigest(h: SlackHarness): Promise<void> {
  const ack = await h.command('latest 10');
  expect(ack.status).toBe(200);
  await eventually(
    () => h.fake.posted({ channel: CHANNEL }).some((m) => m.metadata?.event_type === 'migration_news_digest'),
    20_000,
    'the digest',
  );
}

describe('on-demand digest: the stories of one digest are summarised in parallel within LLM_CONCURRENCY', {
  timeout: 40_000,
}, () => {
  it('with the default (8), the first 8 calls are in flight together and never more than 8', async () => {
    harness = await startSlackHarness({
      stories: STORIES,
      llm: (request, fake) => ({ ...faithful(fake, request), delayMs: 800 }),
    });
    await latestDigest(harness);
    const openai = harness.openai as FakeOpenAi;
    expect(openai.requests).toHaveLength(10);
    expect(openai.maxInFlight).toBe(8);
    // The first 8 were all received before the first answer went out (800 ms after the first request).
    const first = openai.requests[0]?.receivedAt ?? 0;
    expect((openai.requests[7]?.receivedAt ?? Infinity) - first).toBeLessThan(800);
    const posted = harness.fake
      .posted({ channel: CHANNEL })
      .filter((m) => m.metadata?.event_type === 'migration_news_digest');
    const storyIds = posted.flatMap((m) =>
      String(m.metadata?.event_payload?.story_ids ?? '')
        .split(',')
        .filter(Boolean),
    );
    expect(new Set(storyIds)).toEqual(new Set(STORIES.map((s) => s.id)));
  });

  it('keeps at most LLM_CONCURRENCY calls in flight when it is set lower', async () => {
    harness = await startSlackHarness({
      stories: STORIES,
      env: { LLM_CONCURRENCY: '3' },
      llm: (request, fake) => ({ ...faithful(fake, request), delayMs: 300 }),
    });
    await latestDigest(harness);
    const openai = harness.openai as FakeOpenAi;
    expect(openai.requests).toHaveLength(10);
    expect(openai.maxInFlight).toBe(3);
  });

  it("starts a regeneration as soon as its story's answer fails the gate, before the slowest first answer ends", async () => {
    const SLOW_MS = 2_000;
    harness = await startSlackHarness({
      stories: STORIES,
      llm: (request, fake) => {
        const n = storyOf(fake, request);
        if (isRegeneration(fake, request)) return { ...faithful(fake, request), delayMs: 100 };
        // Story 0 answers fast with a figure its article does not have; story 9 is the slowest first answer.
        if (n === 0) return { ...faithful(fake, request, 987), delayMs: 100 };
        return { ...faithful(fake, request), delayMs: n === 9 ? SLOW_MS : 500 };
      },
    });
    await latestDigest(harness);
    const openai = harness.openai as FakeOpenAi;
    const regeneration = openai.requests.find((r) => isRegeneration(openai, r));
    const slowest = openai.requests.find((r) => storyOf(openai, r) === 9 && !isRegeneration(openai, r));
    expect(regeneration && storyOf(openai, regeneration)).toBe(0);
    expect(slowest).toBeDefined();
    expect(regeneration?.receivedAt ?? Infinity).toBeLessThan((slowest?.receivedAt ?? 0) + SLOW_MS);
    expect(openai.requests).toHaveLength(11);
    expect(openai.maxInFlight).toBeLessThanOrEqual(8);
  });
});
