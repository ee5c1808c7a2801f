import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLlmClient } from '../src/llm/create-llm-client.js';
import { answerQuestion } from '../src/qa/answer-question.js';
import { createStore } from '../src/store/create-store.js';
import {
  loadRetrievalQuestions,
  measureOffTopicCovered,
  measureRetrieval,
} from '../tests/helpers/evaluate-retrieval.js';
import { type FakeOpenAiRequest, startFakeOpenAi } from '../tests/fakes/fake-openai.js';
import { loadFixtureStories } from '../tests/helpers/qa-fixture-stories.js';
import type { BenchRow } from './bench-row.js';

const pct = (hits: number, total: number) => `${hits}/${total} (${((hits / Math.max(total, 1)) * 100).toFixed(0)}%)`;
const isTranslation = (r: FakeOpenAiRequest) => r.body.response_format?.json_schema?.name === 'question_translation';

/**
 * Issue 12: offline passage retrieval on the held-out questions (tests/fixtures/qa-questions/held-out.json), and the
 * LLM calls a cross-language question costs (one translation per question and edition language, then the store's cache),
 * counted at the fake OpenAI server and in the llm_calls table.
 */
export async function benchCrossLanguageQa(): Promise<BenchRow[]> {
  const stories = loadFixtureStories();
  const rates = await measureRetrieval(stories, loadRetrievalQuestions('held-out'));
  const offTopic = await measureOffTopicCovered(stories);
  const languages = Object.entries(rates.byLanguage)
    .map(([l, g]) => `${l} ${g.hits}/${g.total}`)
    .join(', ');
  const retrievalRow: BenchRow = {
    benchmark: 'Q&A retrieval, held-out questions (offline, expected passage in top 3)',
    measured: `overall ${pct(rates.hits, rates.total)}; cross-language ${pct(rates.crossHits, rates.crossTotal)}`,
    target: '>= 90% overall, >= 75% cross-language',
    pass: rates.hits / rates.total >= 0.9 && rates.crossHits / rates.crossTotal >= 0.75,
    notes: [
      `held-out retrieval by question language: ${languages}; misses: ${rates.misses.length}`,
      `offline "covered" (the reply says the article answers): ${pct(rates.covered, rates.total)} of the answerable held-out questions; ${pct(offTopic[0], offTopic[1])} of off-topic questions asked of every fixture story`,
    ],
  };

  const dir = await mkdtemp(join(tmpdir(), 'bench-crosslang-'));
  const openai = await startFakeOpenAi({
    responder: (request, fake) =>
      isTranslation(request)
        ? fake.completion({ translation: 'How many people died?' })
        : fake.completion({
            answer: 'Au moins quatre personnes sont mortes.',
            covered: true,
            storyIndex: 1,
            quotes: [1],
          }),
  });
  const store = await createStore(`sqlite:${join(dir, 'bench.db')}`);
  try {
    const llm = createLlmClient({
      apiKey: 'sk-bench',
      baseURL: openai.baseURL,
      model: 'fake-model',
      timeoutMs: 10_000,
      maxRetries: 0,
      concurrency: 2,
      // As the composition root does: every call is recorded in llm_calls with its purpose.
      onUsage: (purpose, usage, model) =>
        void store.llmCalls.record({
          purpose,
          model,
          storyId: null,
          promptTokens: usage.promptTokens,
          completionTokens: usage.completionTokens,
          ok: true,
        }),
    });
    const story = stories.filter((s) => s.id === 'dev-en-thebadely-libya-boats-capsized');
    const ask = () =>
      answerQuestion(
        { llm, detectLanguage: () => 'fr', translations: store.translations },
        { question: 'Combien de morts ?', stories: story, history: [] },
      );
    const since = new Date(Date.now() - 1000).toISOString();
    await ask();
    const first = { translations: openai.requests.filter(isTranslation).length, all: openai.requests.length };
    await ask();
    const second = {
      translations: openai.requests.filter(isTranslation).length - first.translations,
      all: openai.requests.length - first.all,
    };
    await new Promise((resolve) => setTimeout(resolve, 50));
    const recorded = await store.llmCalls.usageSince(since);
    return [
      retrievalRow,
      {
        benchmark: 'LLM calls, a French question on an English-only story, asked twice',
        measured: `${first.all} calls (${first.translations} translation); again ${second.all} (${second.translations} translation); llm_calls rows ${recorded.calls}`,
        target: '1 translation + 1 answer; then 0 translations',
        pass:
          first.translations === 1 &&
          first.all === 2 &&
          second.translations === 0 &&
          second.all === 1 &&
          recorded.calls === 3,
        notes: [
          'cross-language Q&A: calls counted at the fake OpenAI server and in the llm_calls table (purposes translate-question and answer)',
        ],
      },
    ];
  } finally {
    await store.close();
    await openai.close();
    await rm(dir, { recursive: true, force: true });
  }
}
