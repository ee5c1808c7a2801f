import type { Story } from '../domain/types.js';
import { findStoryReference } from './find-story-reference.js';

/**
 * The index (from 0, in digest order) of the story the question names by its number in the digest
 * ("#2", "story 2", "الخبر الثاني", "رقم 2", "la deuxième info", "la segunda noticia") or by its source
 * name (`sourceNames`: source id -> display name), or null when it names none.
 */
export function pickStory(
  question: string,
  stories: readonly Story[],
  sourceNames: Readonly<Record<string, string>> = {},
): number | null {
  return findStoryReference(question, stories, sourceNames)?.index ?? null;
}
