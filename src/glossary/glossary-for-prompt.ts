import type { GlossaryConcept } from './glossary-schema.js';
import { findGlossaryConcepts, termsOf } from './find-glossary-terms.js';
import type { Glossary } from './load-glossary.js';

/** A prompt lists at most this many concepts (~250 tokens): the terms that matter most appear first in a story. */
const MAX_CONCEPTS = 12;
const MAX_AVOID = 2;

/**
 * The glossary entries found in the source texts (each read in its own language), one line per concept with the
 * preferred term in every target language and the terms to avoid there. Entries marked general (places,
 * organisations, everyday words) are left out. Empty when the sources use no glossary concept.
 */
export function glossaryForPrompt(
  glossary: Glossary,
  sources: ReadonlyArray<{ text: string; language: string }>,
  targetLanguages: readonly string[],
): string {
  const found = new Map<string, GlossaryConcept>();
  for (const source of sources) {
    for (const concept of findGlossaryConcepts(glossary, source.text, source.language)) {
      if (!concept.general && !found.has(concept.id)) found.set(concept.id, concept);
    }
  }
  return [...found.values()]
    .slice(0, MAX_CONCEPTS)
    .map((concept) => {
      const parts = targetLanguages.flatMap((language) => {
        const preferred = termsOf(concept, language)[0];
        if (!preferred) return [];
        const avoid = (concept.avoid?.[language as 'en'] ?? []).slice(0, MAX_AVOID);
        return [`${language} "${preferred}"${avoid.length ? ` (not ${avoid.map((a) => `"${a}"`).join(', ')})` : ''}`];
      });
      return parts.length ? `- ${concept.id}: ${parts.join('; ')}` : '';
    })
    .filter(Boolean)
    .join('\n');
}
