import MiniSearch from 'minisearch';
import type { Story } from '../domain/types.js';
import { type AnalysedToken, analyseText } from './analyse-text.js';
import { expandWithGlossary } from './expand-with-glossary.js';
import { expandWithPlaces } from './expand-with-places.js';
import { findKnownPlace } from './find-known-place.js';
import { spreadAcrossEditions } from './spread-across-editions.js';
import { type Passage, splitPassages } from './split-passages.js';

export interface RetrievedPassage {
  text: string;
  language: string;
  storyId: string;
  editionId: string;
  url: string | null;
  /** Relevance (BM25 from MiniSearch, plus what an edition lends its translation); only comparable within one call. */
  score: number;
  /** Share of the question's content words (weighted by rarity) found in the passage, 0-1. */
  coverage: number;
  /** Offsets into the edition's text, and the passage's position in it. */
  start: number;
  end: number;
  index: number;
}

export interface RetrieveOptions {
  /** Most passages returned (default 5). */
  limit?: number;
  /** Language of the question, for stemming and function words; guessed from the script when absent. */
  language?: string | null;
}

/**
 * Ranks the passages of every edition of `stories` against `question`. The index is built per call:
 * a thread holds a handful of stories, a few hundred passages, indexed in milliseconds.
 */
export function retrievePassages(
  stories: readonly Story[],
  question: string,
  options: RetrieveOptions = {},
): RetrievedPassage[] {
  const limit = options.limit ?? 5;
  const language = options.language ?? (/[\u0600-\u06FF]/.test(question) ? 'ar' : 'en');
  const passages = stories.flatMap((story) =>
    story.editions.flatMap((edition) => splitPassages({ ...edition, storyId: story.id })),
  );
  const own = dedupe(analyseText(question, language, 'query'));
  if (passages.length === 0 || own.length === 0 || limit <= 0) return [];

  const titles = new Map<string, string[]>();
  const docs = passages.map((passage, id) => {
    const text = termsOf(passage.text, passage.language);
    const context = termsOf(passage.context, passage.language);
    const title = titles.get(passage.editionId) ?? termsOf(passage.title, passage.language);
    titles.set(passage.editionId, title);
    return { id, text, context, title, all: new Set([...text, ...context, ...title]) };
  });
  const index = new MiniSearch<{ id: number; text: string[]; context: string[]; title: string[] }>({
    fields: ['text', 'context', 'title'],
    // Documents and queries arrive already analysed: a field is a list of terms.
    extractField: (doc, field) => (field === 'id' ? doc.id : (doc[field as 'text'] ?? []).join(' ')),
    tokenize: (text) => text.split(' ').filter(Boolean),
    processTerm: (term) => term,
  });
  index.addAll(docs);
  // Across languages the glossary and the known places carry the question's concepts into the passages' languages;
  // that ranking takes every other place, so a same-language passage that answers is never pushed out by a guess.
  const languages = passages.map((p) => p.language);
  const expanded = expandWithPlaces(expandWithGlossary(own, question, language, languages), language, languages);
  // The expansions return a word they translate as a new token, and every other word as it was.
  const translated = new Set(expanded.filter((token) => !own.includes(token)).map((token) => token.surface));
  const rank = (queryTokens: AnalysedToken[]) =>
    rankPassages(index, docs, passages, queryTokens, { language, translated });

  const ranked = rank(own);
  const results =
    expanded.length !== own.length || expanded.some((t, i) => t !== own[i])
      ? interleave(ranked, rank(expanded))
      : ranked;
  return results.slice(0, limit).map(([id, { score, coverage }]) => toResult(passages[id] as Passage, score, coverage));
}

type Ranked = Array<[number, { score: number; coverage: number }]>;

function rankPassages(
  index: MiniSearch<{ id: number; text: string[]; context: string[]; title: string[] }>,
  docs: ReadonlyArray<{ text: string[]; all: Set<string> }>,
  passages: readonly Passage[],
  queryTokens: AnalysedToken[],
  question: { language: string; translated: ReadonlySet<string> },
): Ranked {
  const weights = new Map<string, number>();
  for (const token of queryTokens) {
    for (const [term, weight] of token.terms) weights.set(term, Math.max(weight, weights.get(term) ?? 0));
  }
  const results = index.search([...weights.keys()].join(' '), {
    boost: { text: 1, context: 0.6, title: 0.4 },
    boostTerm: (term) => weights.get(term) ?? 1,
    // Prefixes catch the endings a light stemmer leaves ("سوري" -> "سوريا"); never for figures or skeletons.
    prefix: (term) => term.length >= 4 && !/^(~|\d)/.test(term),
    weights: { fuzzy: 0, prefix: 0.3 },
    combineWith: 'OR',
  });

  const idf = rarity(
    queryTokens,
    docs.map((doc) => doc.all),
  );
  const totalRarity = idf.reduce((sum, value) => sum + value, 0);
  const otherLanguageRarity = acrossLanguages(queryTokens, idf, question.translated);
  const otherLanguageTotal = otherLanguageRarity.reduce((sum, value) => sum + value, 0);
  const scored = new Map<number, { score: number; coverage: number }>();
  for (const result of results) {
    const matched = new Set(result.queryTerms);
    const sameLanguage = passages[result.id as number]?.language === question.language;
    const weights = sameLanguage ? idf : otherLanguageRarity;
    const total = sameLanguage ? totalRarity : otherLanguageTotal;
    let covered = 0;
    queryTokens.forEach((token, i) => {
      // A word found only through its skeleton in another script is weaker evidence: half credit.
      const best = Math.max(
        0,
        ...[...token.terms.keys()].filter((t) => matched.has(t)).map((t) => (t.startsWith('~') ? 0.5 : 1)),
      );
      covered += best * (weights[i] ?? 0);
    });
    scored.set(result.id as number, { score: result.score, coverage: total > 0 ? covered / total : 0 });
  }
  // Text terms only: headings and titles are shared by whole editions, not by translated passages.
  spreadAcrossEditions(
    passages,
    docs.map((doc) => new Set(doc.text)),
    scored,
  );
  return [...scored.entries()].sort(([a, x], [b, y]) => y.score - x.score || a - b);
}

/** Both rankings in turns, the first leading, each passage once with the better coverage of the two. */
function interleave(first: Ranked, second: Ranked): Ranked {
  const coverage = new Map<number, number>();
  for (const [id, { coverage: c }] of [...first, ...second]) coverage.set(id, Math.max(c, coverage.get(id) ?? 0));
  const out: Ranked = [];
  const seen = new Set<number>();
  for (let i = 0; i < first.length || i < second.length; i++) {
    for (const entry of [first[i], second[i]]) {
      if (!entry || seen.has(entry[0])) continue;
      seen.add(entry[0]);
      out.push([entry[0], { score: entry[1].score, coverage: coverage.get(entry[0]) ?? entry[1].coverage }]);
    }
  }
  return out;
}

function termsOf(text: string, language: string): string[] {
  return text ? analyseText(text, language, 'index').flatMap((token) => [...token.terms.keys()]) : [];
}

/** Drops repeated words of the question, so that saying "Beirut" twice does not double its weight. */
function dedupe(tokens: AnalysedToken[]): AnalysedToken[] {
  const seen = new Set<string>();
  return tokens.filter((token) => {
    const key = [...token.terms.keys()].sort().join(' ');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * BM25's idf per question word: a word found in few passages says more than "refugees" does. A name
 * (capitalised, not the first word, or a known place in any script) counts double: "What did the Pope say
 * about migrants?" is not answered by passages about migrants, nor "... قبرص" by arrivals in Spain.
 */
function rarity(tokens: AnalysedToken[], docs: Array<Set<string>>): number[] {
  const n = docs.length;
  return tokens.map((token, i) => {
    const terms = [...token.terms.keys()];
    const df = docs.filter((doc) => terms.some((term) => doc.has(term))).length;
    const name = (i > 0 && /^\p{Lu}/u.test(token.surface)) || findKnownPlace(token.surface) ? 2 : 1;
    return name * Math.log(1 + (n - df + 0.5) / (df + 0.5));
  });
}

/**
 * The rarity of each question word for coverage in a passage of another language. Offline, only glossary concepts,
 * figures and names cross languages; any other word ("cerca de", "près de") is missing from every translated passage
 * whether or not it answers, so it weighs no more than the average word that crossed, instead of a missing word's
 * full rarity.
 */
function acrossLanguages(tokens: AnalysedToken[], idf: number[], translated: ReadonlySet<string>): number[] {
  const carried = tokens.map(
    (token) =>
      translated.has(token.surface) ||
      [...token.terms.keys()].some((term) => /^\d/.test(term)) ||
      // Maybe a name: capitalised, or in a script without capitals ("تونس" may be a place the article lacks).
      !/^\p{Ll}/u.test(token.surface),
  );
  const crossed = idf.filter((_, i) => carried[i]);
  if (crossed.length === 0) return idf;
  const average = crossed.reduce((sum, value) => sum + value, 0) / crossed.length;
  return idf.map((value, i) => (carried[i] ? value : Math.min(value, average)));
}

function toResult(passage: Passage, score: number, coverage: number): RetrievedPassage {
  return {
    text: passage.text,
    language: passage.language,
    storyId: passage.storyId,
    editionId: passage.editionId,
    url: passage.url,
    score,
    coverage,
    start: passage.start,
    end: passage.end,
    index: passage.index,
  };
}
