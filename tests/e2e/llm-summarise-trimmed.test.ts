import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLlmClient } from '../../src/llm/create-llm-client.js';
import type { LlmUsage } from '../../src/ports/llm.js';
import { estimateTokens } from '../../src/qa/estimate-tokens.js';
import { readFigures } from '../../src/text/figures/read-figures.js';
import { summariseStory } from '../../src/summarise/summarise-story.js';
import { type FakeOpenAi, type FakeOpenAiRequest, startFakeOpenAi } from '../fakes/fake-openai.js';
import { articlesOf, figureAnswer } from '../fakes/figure-answer.js';
import { fixtures } from '../helpers/summarise-fixtures.js';

let fake: FakeOpenAi;
beforeEach(async () => {
  fake = await startFakeOpenAi({ prefixCache: true });
});
afterEach(async () => {
  await fake.close();
});

describe('summarising a long story within LLM_INPUT_TOKEN_CAP', { timeout: 30_000 }, () => {
  it('sends the trimmed editions and the summary written from them passes the figure gate', async () => {
    fake.respond((request) => figureAnswer(fake, request));
    const llm = createLlmClient({
      apiKey: 'sk-test',
      baseURL: fake.baseURL,
      model: 'test-model',
      timeoutMs: 5_000,
      maxRetries: 0,
      concurrency: 2,
    });
    const story = fixtures.story(['dev-en-ays-weekend-2019-05-25-26', 'dev-ar-ays-weekly-2019-05-06-12']);
    const whole = story.editions.reduce((n, e) => n + estimateTokens(e.text), 0);
    const summary = await summariseStory({ llm, inputTokenCap: 1_200 }, { story, languages: ['en', 'ar'] });

    expect(fake.requests).toHaveLength(1);
    const request = fake.requests[0] as FakeOpenAiRequest;
    const sent = articlesOf(fake, request);
    expect(sent).toHaveLength(2);
    expect(whole).toBeGreaterThan(5_000);
    expect(sent.reduce((n, t) => n + estimateTokens(t), 0)).toBeLessThanOrEqual(1_200 + 10);
    expect(summary.mode).toBe('llm');
    expect(summary.warnings).toEqual([]);
    for (const language of ['en', 'ar']) {
      const text = summary.text[language];
      expect(text?.origin).toBe('source');
      expect(readFigures(text?.summary ?? '').length, language).toBeGreaterThan(0);
    }
    // The static system prompt is the first message.
    expect(request.body.messages?.[0]?.role).toBe('system');
  });

  it("reports the cached prompt prefix when the server does, and a regeneration reuses the first call's prefix", async () => {
    const usages: LlmUsage[] = [];
    const llm = createLlmClient({
      apiKey: 'sk-test',
      baseURL: fake.baseURL,
      model: 'test-model',
      timeoutMs: 5_000,
      maxRetries: 0,
      concurrency: 2,
      onUsage: (_purpose, usage) => usages.push(usage),
    });
    const story = fixtures.story(['dev-en-ays-weekend-2019-05-25-26']);
    // First answer carries a figure the article does not have: the gate asks again, with the same prefix.
    fake.enqueue(
      fake.completion({
        items: [{ language: 'en', title: 'Boat sinks', summary: 'At least 987654 people died off Lesvos.' }],
      }),
    );
    fake.respond((request) => figureAnswer(fake, request));
    const summary = await summariseStory({ llm, inputTokenCap: 1_500 }, { story, languages: ['en'] });
    expect(fake.requests).toHaveLength(2);
    expect(usages).toHaveLength(2);
    expect(usages[0]?.cachedPromptTokens).toBe(0);
    expect(usages[1]?.cachedPromptTokens).toBeGreaterThanOrEqual(1_024);
    expect(summary.warnings).toEqual([]);
  });
});
