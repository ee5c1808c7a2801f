import { type AnalysedToken, analyseText } from './analyse-text.js';
import { findKnownPlace } from './find-known-place.js';

/** A place's spelling in another language is as good as a glossary translation, not as the asker's own word. */
const PLACE_WEIGHT = 0.8;
const ARABIC_SCRIPT = /[\u0600-\u06FF]/;

/**
 * Cross-language retrieval of places without a model (SPEC 5.5): a known place the question names ("تونس") also
 * searches for its spellings in the passages' other languages ("Tunisia", "Tunisie"), so that the article naming it in
 * any language covers that word, and one that does not name it leaves the word uncovered.
 */
export function expandWithPlaces(
  tokens: readonly AnalysedToken[],
  language: string,
  passageLanguages: Iterable<string>,
): AnalysedToken[] {
  const targets = [...new Set(passageLanguages)].filter((l) => l !== language);
  if (targets.length === 0) return [...tokens];
  return tokens.map((token) => {
    const place = findKnownPlace(token.surface);
    if (!place) return token;
    const terms = new Map(token.terms);
    // Skeletons are for names the asker typed; a spelling from the list is already in the passage's script.
    for (const target of targets) {
      const arabicTarget = target === 'ar' || target === 'fa';
      const spellings = place.filter((spelling) => ARABIC_SCRIPT.test(spelling) === arabicTarget);
      for (const analysed of spellings.flatMap((spelling) => analyseText(spelling, target, 'index'))) {
        for (const [term, weight] of analysed.terms) {
          if (!term.startsWith('~')) terms.set(term, Math.max(weight * PLACE_WEIGHT, terms.get(term) ?? 0));
        }
      }
    }
    return { surface: token.surface, terms };
  });
}
