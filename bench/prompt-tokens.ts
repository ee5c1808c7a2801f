import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLlmClient } from '../src/llm/create-llm-client.js';
import type { LlmUsage } from '../src/ports/llm.js';
import { DEFAULT_INPUT_TOKEN_CAP } from '../src/summarise/build-summarise-request.js';
import { summariseStory } from '../src/summarise/summarise-story.js';
import { startFakeOpenAi } from '../tests/fakes/fake-openai.js';
import { figureAnswer } from '../tests/fakes/figure-answer.js';
import type { BenchRow } from './bench-row.js';
import { buildStories } from './offline-summarise.js';
import { percentile } from './percentile.js';

const TARGET = { median: 1_800, p95: 3_500 };
const LANGUAGES = ['en', 'ar'];
const ARTICLES = join(dirname(fileURLToPath(import.meta.url)), '..', 'tests', 'fixtures', 'articles');

/**
 * SPEC 9 prompt tokens: every fixture story (the cross-language pairs as two-edition stories, every article alone)
 * summarised into en+ar with the real client and the default LLM_INPUT_TOKEN_CAP (BENCH_INPUT_TOKEN_CAP overrides it)
 * against a fake OpenAI that counts prompt tokens from the request it received and reports a cached prefix as
 * OpenAI does; its model writes from the figure sentences it was given, and each summary must pass the figure gate.
 */
export async function benchPromptTokens(): Promise<BenchRow[]> {
  const count = readdirSync(ARTICLES).length;
  // buildStories cycles through the pairs, then every article alone: one round of it covers each group once.
  const stories = buildStories(count * 2).filter(
    (s, i, all) =>
      all.findIndex((o) => o.editions.map((e) => e.title).join() === s.editions.map((e) => e.title).join()) === i,
  );
  const openai = await startFakeOpenAi({ prefixCache: true });
  openai.respond((request, fake) => figureAnswer(fake, request));
  const usages: LlmUsage[] = [];
  const cap = process.env.BENCH_INPUT_TOKEN_CAP ? Number(process.env.BENCH_INPUT_TOKEN_CAP) : undefined;
  try {
    const llm = createLlmClient({
      apiKey: 'sk-bench',
      baseURL: openai.baseURL,
      model: 'fake-model',
      timeoutMs: 10_000,
      maxRetries: 0,
      concurrency: 8,
      onUsage: (_purpose, usage) => usages.push(usage),
    });
    const summaries = [];
    // One at a time, as stories arrive: the cached prefix is what earlier calls left in the provider's cache.
    for (const story of stories)
      summaries.push(
        await summariseStory({ llm, ...(cap ? { inputTokenCap: cap } : {}) }, { story, languages: LANGUAGES }),
      );
    const tokens = summaries.map((s) => s.promptTokens).sort((a, b) => a - b);
    const median = percentile(tokens, 50);
    const p95 = percentile(tokens, 95);
    const gated = summaries.filter((s) => s.mode === 'llm' && s.warnings.length === 0).length;
    const prompt = usages.reduce((n, u) => n + u.promptTokens, 0);
    const cached = usages.reduce((n, u) => n + (u.cachedPromptTokens ?? 0), 0);
    return [
      {
        benchmark: 'prompt tokens per summarised story (fixture articles, en+ar)',
        measured: `median ${median.toLocaleString('en-US')}, p95 ${p95.toLocaleString('en-US')}; ${gated}/${summaries.length} pass the gate`,
        target: `median <= ${TARGET.median.toLocaleString('en-US')}, p95 <= ${TARGET.p95.toLocaleString('en-US')}; all pass the gate`,
        pass: median <= TARGET.median && p95 <= TARGET.p95 && gated === summaries.length,
        notes: [
          `prompt tokens: ${summaries.length} fixture stories (${stories.filter((s) => s.editions.length > 1).length} with two editions), LLM_INPUT_TOKEN_CAP ${cap ?? `default (${DEFAULT_INPUT_TOKEN_CAP})`}; tokens counted by the fake server from each request (~4 characters per token in Latin script, ~2 in Arabic script) over ${usages.length} calls; max ${tokens.at(-1)?.toLocaleString('en-US')}; cached prefix reported for ${cached.toLocaleString('en-US')} of ${prompt.toLocaleString('en-US')} prompt tokens (${((100 * cached) / Math.max(prompt, 1)).toFixed(1)}%, OpenAI's rule: prefixes of 1,024+ tokens in 128-token blocks)`,
        ],
      },
    ];
  } finally {
    await openai.close();
  }
}
