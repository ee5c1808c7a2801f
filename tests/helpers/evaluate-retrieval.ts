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
  const rates: RetrievalRates = { hits: 0, total: 0, crossHits: 0, crossTotal: 0, byLanguage: {}, misses: [] };
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
