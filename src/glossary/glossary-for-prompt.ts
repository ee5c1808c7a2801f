import type { GlossaryConcept } from './glossary-schema.js';
import { findGlossaryConcepts, termsOf } from './find-glossary-terms.js';
import type { Glossary } from './load-glossary.js';

/**
 * A prompt lists at most this many concepts (~170 tokens, within SPEC 9's prompt-token budget): concepts with terms to
 * avoid first (where the glossary changes the wording most), then multi-word terms (the specific ones: "central
 * Mediterranean route" before "rescue"), each group in the order the story uses them.
 */
const MAX_CONCEPTS = 8;
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
  const concepts = [...found.values()];
  const hasAvoid = (c: GlossaryConcept) => Object.keys(c.avoid ?? {}).length > 0;
  const rank = (c: GlossaryConcept) => (hasAvoid(c) ? 0 : (c.en?.[0] ?? '').includes(' ') ? 1 : 2);
  return [0, 1, 2]
    .flatMap((r) => concepts.filter((c) => rank(c) === r))
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
