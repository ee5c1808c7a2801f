import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { englishLanguageName } from '../domain/languages.js';
import { loadPrompt } from '../llm/load-prompt.js';
import { renderPrompt } from '../llm/render-prompt.js';
import type { LlmClient } from '../ports/llm.js';
import type { TranslationStore } from '../ports/summary-cache.js';

const PROMPT = { name: 'translate-question', version: 'v1' } as const;
const MAX_QUESTION_CHARS = 1000;

export const questionTranslationSchema = z.object({ translation: z.string().trim().min(1).max(2000) });

/** Where translations are kept between questions: the store's `translations` port, or a Map (memoryTranslationCache). */
export type TranslationCache = TranslationStore;

/** The same question (spacing and case aside) in the same pair of languages, by the same model and prompt. */
export function translationCacheKey(question: string, from: string, to: string, model: string): string {
  const normalised = question.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
  return createHash('sha256')
    .update(JSON.stringify([PROMPT.name, PROMPT.version, model, from, to, normalised]))
    .digest('hex');
}

/**
 * The question in another language, for retrieval in an edition of that language: one short model call per
 * question and language, then from the cache (SPEC 5.5). Throws LlmError when the model fails.
 */
export async function translateQuestion(
  llm: LlmClient,
  cache: TranslationCache,
  input: { question: string; from: string; to: string },
): Promise<string> {
  const question = input.question.slice(0, MAX_QUESTION_CHARS);
  const cacheKey = translationCacheKey(question, input.from, input.to, llm.model);
  const cached = await cache.get(cacheKey);
  if (cached) return cached;
  const prompt = loadPrompt(PROMPT.name, PROMPT.version);
  const values = {
    from: englishLanguageName(input.from),
    to: englishLanguageName(input.to),
    fence: randomBytes(6).toString('hex'),
    question: question.replace(/<<<|>>>/g, ' '),
  };
  const { value } = await llm.completeJson({
    purpose: 'translate-question',
    system: prompt.system,
    user: renderPrompt(prompt.user, values),
    schema: questionTranslationSchema,
    schemaName: 'question_translation',
  });
  await cache.save({
    cacheKey,
    sourceLanguage: input.from,
    targetLanguage: input.to,
    model: llm.model,
    translation: value.translation,
  });
  return value.translation;
}

/** A cache that lasts as long as the process, for callers without a store. */
export function memoryTranslationCache(): TranslationCache {
  const entries = new Map<string, string>();
  return {
    async get(key) {
      return entries.get(key);
    },
    async save(entry) {
      entries.set(entry.cacheKey, entry.translation);
    },
  };
}
