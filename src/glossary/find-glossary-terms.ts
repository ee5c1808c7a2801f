import type { GlossaryConcept } from './glossary-schema.js';
import type { Glossary } from './load-glossary.js';
import { type KeyedWord, phraseKeys } from './phrase-keys.js';

/** One glossary phrase found in a text. */
export interface GlossaryMatch {
  concept: GlossaryConcept;
  /** A preferred or accepted term, or one the glossary marks as not preferred. */
  kind: 'term' | 'avoid';
  /** The glossary phrase that matched, and the text's own words for it. */
  phrase: string;
  surface: string;
  start: number;
  end: number;
  /** The text's words of the match (folded), for callers that work on words. */
  words: string[];
}

interface Phrase {
  concept: GlossaryConcept;
  kind: 'term' | 'avoid';
  phrase: string;
  keys: string[];
}

const compiled = new WeakMap<Glossary, Map<string, Map<string, Phrase[]>>>();

/**
 * The glossary phrases of `language` found in `text`, longest first at each position, left to right. Words
 * match by stem (plurals, feminine forms, Arabic articles and suffixes), never across a line break.
 */
export function findGlossaryTerms(glossary: Glossary, text: string, language: string): GlossaryMatch[] {
  const index = phraseIndex(glossary, language);
  if (index.size === 0 || !text) return [];
  const matches: GlossaryMatch[] = [];
  for (const line of linesOf(text)) {
    const words = phraseKeys(line.text, language, 'text');
    for (let i = 0; i < words.length; i++) {
      const candidates = new Set((words[i] as KeyedWord).keys.flatMap((key) => index.get(key) ?? []));
      const found = [...candidates]
        .filter((p) => p.keys.every((key, j) => words[i + j]?.keys.includes(key)))
        .sort((a, b) => b.keys.length - a.keys.length);
      for (const p of found) {
        const last = words[i + p.keys.length - 1] as KeyedWord;
        const first = words[i] as KeyedWord;
        matches.push({
          concept: p.concept,
          kind: p.kind,
          phrase: p.phrase,
          surface: line.text.slice(first.start, last.end),
          start: line.offset + first.start,
          end: line.offset + last.end,
          words: words.slice(i, i + p.keys.length).map((w) => w.folded),
        });
      }
    }
  }
  return matches;
}

/** The concepts found in a text, each once, in order of first appearance. */
export function findGlossaryConcepts(glossary: Glossary, text: string, language: string): GlossaryConcept[] {
  const seen = new Set<string>();
  const out: GlossaryConcept[] = [];
  for (const m of findGlossaryTerms(glossary, text, language).sort((a, b) => a.start - b.start)) {
    if (m.kind !== 'term' || seen.has(m.concept.id)) continue;
    seen.add(m.concept.id);
    out.push(m.concept);
  }
  return out;
}

function linesOf(text: string): Array<{ text: string; offset: number }> {
  const out: Array<{ text: string; offset: number }> = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    out.push({ text: line, offset });
    offset += line.length + 1;
  }
  return out;
}

/** Phrases of one language keyed by their first word's key; built once per glossary and language. */
function phraseIndex(glossary: Glossary, language: string): Map<string, Phrase[]> {
  let byLanguage = compiled.get(glossary);
  if (!byLanguage) {
    byLanguage = new Map();
    compiled.set(glossary, byLanguage);
  }
  const cached = byLanguage.get(language);
  if (cached) return cached;
  const index = new Map<string, Phrase[]>();
  const add = (concept: GlossaryConcept, kind: Phrase['kind'], phrase: string) => {
    const keys = phraseKeys(phrase, language, 'term').flatMap((w) => w.keys);
    const first = keys[0];
    if (!first) return;
    index.set(first, [...(index.get(first) ?? []), { concept, kind, phrase, keys }]);
  };
  for (const concept of glossary.concepts) {
    for (const term of termsOf(concept, language)) add(concept, 'term', term);
    for (const term of concept.avoid?.[language as 'en'] ?? []) add(concept, 'avoid', term);
  }
  byLanguage.set(language, index);
  return index;
}

/** A concept's terms in one language (preferred first); none for a language the glossary lacks. */
export function termsOf(concept: GlossaryConcept, language: string): readonly string[] {
  const terms = (concept as unknown as Record<string, unknown>)[language];
  return Array.isArray(terms) && ['en', 'ar', 'fr', 'es', 'fa'].includes(language) ? (terms as string[]) : [];
}
