import { findGlossaryTerms, type GlossaryMatch, termsOf } from '../glossary/find-glossary-terms.js';
import { loadGlossary } from '../glossary/load-glossary.js';
import { type AnalysedToken, analyseText } from './analyse-text.js';
import { normaliseArabicScript } from '../text/normalise-arabic-script.js';

/** A translated term is good evidence, but less than the asker's own word. */
const TRANSLATION_WEIGHT = 0.8;
/** Variants per concept and language: the preferred term and its commonest inflections come first. */
const MAX_VARIANTS = 8;

/**
 * Cross-language retrieval without a model (SPEC 5.5): each glossary concept named in the question also searches
 * for its terms in the passages' other languages ("morts" -> "dead", "died", "قتلى"...). The translated terms join
 * the question word they translate, so that word counts as covered when a passage holds any of them.
 */
export function expandWithGlossary(
  tokens: readonly AnalysedToken[],
  question: string,
  language: string,
  passageLanguages: Iterable<string>,
): AnalysedToken[] {
  const targets = [...new Set(passageLanguages)].filter((l) => l !== language);
  if (targets.length === 0) return [...tokens];
  const out = [...tokens];
  for (const match of longestFirst(findGlossaryTerms(loadGlossary(), question, language))) {
    const extra = translatedTerms(match, targets);
    if (extra.size === 0) continue;
    const words = new Set(match.words.map(foldSurface));
    const at = out.flatMap((token, i) => (words.has(foldSurface(token.surface)) ? [i] : []));
    const first = at[0];
    if (first === undefined) {
      // The question's words were all function words of its language ("combien de morts": "morts" stays).
      out.push({ surface: match.surface, terms: extra });
      continue;
    }
    const terms = new Map<string, number>();
    for (const i of at)
      for (const [term, weight] of (out[i] as AnalysedToken).terms)
        terms.set(term, Math.max(weight, terms.get(term) ?? 0));
    for (const [term, weight] of extra) terms.set(term, Math.max(weight, terms.get(term) ?? 0));
    out[first] = { surface: (out[first] as AnalysedToken).surface, terms };
    for (const i of at.slice(1).reverse()) out.splice(i, 1);
  }
  return out;
}

/** Non-overlapping matches, the longest phrase winning ("unaccompanied minors" over "minors"). */
function longestFirst(matches: GlossaryMatch[]): GlossaryMatch[] {
  const taken: Array<[number, number]> = [];
  const out: GlossaryMatch[] = [];
  for (const m of [...matches].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)) {
    if (taken.some(([s, e]) => m.start < e && s < m.end)) continue;
    taken.push([m.start, m.end]);
    out.push(m);
  }
  return out;
}

function translatedTerms(match: GlossaryMatch, targets: readonly string[]): Map<string, number> {
  const terms = new Map<string, number>();
  for (const target of targets) {
    for (const phrase of termsOf(match.concept, target).slice(0, MAX_VARIANTS)) {
      for (const token of analyseText(phrase, target, 'index')) {
        for (const [term, weight] of token.terms) {
          // Skeletons are for names the asker typed; a translated word is already in the passage's script.
          if (term.startsWith('~')) continue;
          terms.set(term, Math.max(weight * TRANSLATION_WEIGHT, terms.get(term) ?? 0));
        }
      }
    }
  }
  return terms;
}

function foldSurface(word: string): string {
  return normaliseArabicScript(word.toLowerCase()).normalize('NFD').replace(/\p{M}/gu, '');
}
