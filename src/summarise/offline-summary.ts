import type { LanguageCode, LanguageText, Story, StorySummary } from '../domain/types.js';
import { extractKeySentences } from './extract-key-sentences.js';
import { pickEdition } from './pick-edition.js';
import { storyContentHash } from './story-content-hash.js';
import { summaryCacheKey } from './summary-cache-key.js';

/**
 * Why a language has no text after an LLM fallback, on that story only. Each starts "translation needs": renderers
 * leave these out, the digest's notice says it once (visible-warnings.ts).
 */
export const MISSING_LLM_FAILED = 'translation needs the LLM, which failed this time';
export const MISSING_BUDGET_SPENT = "translation needs the LLM, and today's token budget is spent";

/**
 * Version and model recorded on offline summaries and in their cache key (so an LLM run never reuses one). v2: no
 * per-language "translation needs an LLM" warning, so summaries cached by v1 (which had one) are not reused.
 */
export const OFFLINE_VERSION = 'offline/v2';
export const OFFLINE_MODEL = 'offline';

/**
 * Extractive summary without an LLM (SPEC 5.3): for each language, the 2-3 most informative sentences of
 * that language's edition, verbatim. A language without an edition is null: nothing is ever translated by
 * hand-made rules. Offline, no item warning says why: the digest's notice says once that translations need an LLM
 * (SPEC 5.3), and `digest --format json` would otherwise repeat it on every story.
 */
export function offlineSummary(
  story: Story,
  languages: readonly LanguageCode[],
  /** After an LLM fallback, why a language without an edition has no text (a fact about this story's call). */
  missing?: string,
): StorySummary {
  const text: Record<LanguageCode, LanguageText | null> = {};
  const warnings: string[] = [];
  const unique = [...new Set(languages)];
  for (const language of unique) {
    const edition = pickEdition(story, language);
    if (!edition) {
      text[language] = null;
      if (missing) warnings.push(`${language}: ${missing}`);
      continue;
    }
    const sentences = extractKeySentences(edition.text, { title: edition.title, language });
    text[language] = {
      title: edition.title.trim(),
      summary: sentences.length > 0 ? sentences.join(' ') : edition.title.trim(),
      origin: 'source',
    };
  }
  return {
    storyId: story.id,
    cacheKey: summaryCacheKey(storyContentHash(story), unique, OFFLINE_VERSION, OFFLINE_MODEL),
    languages: unique,
    text,
    warnings,
    mode: 'offline',
    promptVersion: OFFLINE_VERSION,
    model: OFFLINE_MODEL,
    promptTokens: 0,
    completionTokens: 0,
  };
}
