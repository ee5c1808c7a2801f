import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Story } from '../../src/domain/types.js';
import { answerQuestion } from '../../src/qa/answer-question.js';

export interface RetrievalQuestion {
  story: string;
  language: string;
  question: string;
  /** Any of these substrings marks an acceptable passage. */
  expected: string[];
  /** No acceptable passage is in the question's language. */
  crossLanguage?: boolean;
}

export interface RetrievalRates {
  hits: number;
  total: number;
  crossHits: number;
  crossTotal: number;
  /** Offline replies that said the article answers the question (Answer.covered): all these questions are answerable. */
  covered: number;
  /** Per question language: hits / total. */
  byLanguage: Record<string, { hits: number; total: number }>;
  misses: string[];
}

/** `held-out` (never tuned on) or `tune` (developed against). */
export function loadRetrievalQuestions(set: 'held-out' | 'tune'): RetrievalQuestion[] {
  const file = fileURLToPath(new URL(`../fixtures/qa-questions/${set}.json`, import.meta.url));
  return (JSON.parse(readFileSync(file, 'utf8')) as { questions: RetrievalQuestion[] }).questions;
}

/**
 * Asks each question offline about its one story, as `ask <id>` does, and counts a hit when one of the reply's
 * first three quotes holds an expected passage.
 */
export async function measureRetrieval(
  stories: readonly Story[],
  questions: readonly RetrievalQuestion[],
): Promise<RetrievalRates> {
  const rates: RetrievalRates = {
    hits: 0,
    total: 0,
    crossHits: 0,
    crossTotal: 0,
    covered: 0,
    byLanguage: {},
    misses: [],
  };
  for (const q of questions) {
    const story = stories.find((s) => s.id === q.story);
    if (!story) throw new Error(`no fixture story ${q.story}`);
    const answer = await answerQuestion(
      { llm: null, detectLanguage: () => q.language },
      { question: q.question, stories: [story], history: [] },
    );
    const hit = answer.quotes.slice(0, 3).some((quote) => q.expected.some((e) => quote.text.includes(e)));
    rates.total++;
    if (hit) rates.hits++;
    if (answer.covered) rates.covered++;
    if (q.crossLanguage) {
      rates.crossTotal++;
      if (hit) rates.crossHits++;
    }
    const group = rates.byLanguage[q.language] ?? { hits: 0, total: 0 };
    rates.byLanguage[q.language] = group;
    group.total++;
    if (hit) group.hits++;
    else
      rates.misses.push(
        `[${q.language}${q.crossLanguage ? ' cross' : ''}] ${q.question} -> ${answer.quotes.map((p) => p.text.slice(0, 50).replace(/\n/g, ' ')).join(' | ')}`,
      );
  }
  return rates;
}

/** Questions no migration article answers, in the bot's languages: asked of every story, none should be "covered". */
const OFF_TOPIC: Array<[string, string]> = [
  ['en', 'What is the capital of Peru?'],
  ['en', 'Who won the football match last night?'],
  ['en', 'How many migrants died in Chile?'],
  ['ar', 'ما هي عاصمة البيرو؟'],
  ['fr', 'Quel est le prix du pétrole ?'],
  ['en', 'How many people were rescued off Australia?'],
  ['en', 'What did the president say about taxes?'],
  ['en', 'When does the school year start?'],
  ['es', '¿Cuántos goles marcó el equipo?'],
  ['en', 'How many tourists visited Paris in 2019?'],
];

/** Offline replies wrongly saying the article answers an off-topic question: [covered, asked]. */
export async function measureOffTopicCovered(stories: readonly Story[]): Promise<[number, number]> {
  let covered = 0;
  let asked = 0;
  for (const story of stories)
    for (const [language, question] of OFF_TOPIC) {
      const answer = await answerQuestion(
        { llm: null, detectLanguage: () => language },
        { question, stories: [story], history: [] },
      );
      asked++;
      if (answer.covered) covered++;
    }
  return [covered, asked];
}
