import { findGlossaryTerms, termsOf } from './find-glossary-terms.js';
import type { Glossary } from './load-glossary.js';

export interface TerminologyWarning {
  conceptId: string;
  /** The not-preferred words as written in the text, and the preferred term to use instead. */
  found: string;
  preferred: string;
  message: string;
}

/**
 * Flags every term the glossary marks as not preferred in `language` ("illegal migrants" -> "irregular migrants"),
 * once per wording (the first concept listing it). The suggestion keeps the number of the text's words where the glossary lists both forms.
 */
export function checkTerminology(glossary: Glossary, text: string, language: string): TerminologyWarning[] {
  const out: TerminologyWarning[] = [];
  const seen = new Set<string>();
  const avoided = findGlossaryTerms(glossary, text, language).filter((m) => m.kind === 'avoid');
  // Stems merge words ("immigrant" / "immigration" -> "immigr"): the phrase spelled most like the text names the concept.
  avoided.sort((a, b) => a.start - b.start || likeness(b.phrase, b.surface) - likeness(a.phrase, a.surface));
  for (const match of avoided) {
    // One warning per wording: the same words may be a not-preferred variant of two concepts (es "inmigrantes ilegales").
    const key = match.surface.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const preferred = preferredFor(termsOf(match.concept, language), match.surface);
    out.push({
      conceptId: match.concept.id,
      found: match.surface,
      preferred,
      message: `terminology: "${match.surface}" is not the preferred term; use "${preferred}"`,
    });
  }
  return out;
}

/** How much of two spellings agree from the start, word by word: a tie-break between concepts, not a measure. */
function likeness(a: string, b: string): number {
  const x = a.toLowerCase().split(/\s+/);
  const y = b.toLowerCase().split(/\s+/);
  let score = 0;
  x.forEach((word, i) => {
    const other = y[i] ?? '';
    let n = 0;
    while (n < word.length && word[n] === other[n]) n++;
    score += n;
  });
  return score;
}

/** Plural for plural: "illegal migrants" gets "irregular migrants", "illegal migrant" gets "irregular migrant". */
function preferredFor(terms: readonly string[], surface: string): string {
  const first = terms[0] ?? '';
  if (/[\u0600-\u06FF]/.test(surface)) {
    // Arabic: the form with the same article and plural ending as the text's first word ("مهاجرين" -> "مهاجرين غير نظاميين").
    const want = arabicForm(surface);
    return terms.find((t) => arabicForm(t) === want) ?? first;
  }
  const plural = (s: string) => /[sx]$/i.test(s.split(/\s+/)[0] ?? '') || /[sx]$/i.test(s);
  const wanted = plural(surface);
  return terms.slice(0, 4).find((t) => plural(t) === wanted) ?? first;
}

/** The article and plural ending of a phrase's first Arabic word: "al+in" for "المهاجرين", "un" for "مهاجرون". */
function arabicForm(phrase: string): string {
  const word = (phrase.trim().split(/\s+/)[0] ?? '').replace(/[\u064B-\u065F]/g, '');
  const article = /^(?:و|ف|ب|ل)?ال/.test(word) ? 'al+' : '';
  const ending = word.endsWith('ين') ? 'in' : word.endsWith('ون') ? 'un' : word.endsWith('ات') ? 'at' : '';
  return article + ending;
}
