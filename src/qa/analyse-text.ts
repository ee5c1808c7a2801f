import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stemmer as stemFrench } from '@orama/stemmers/french';
import { stemmer as stemSpanish } from '@orama/stemmers/spanish';
import { nameSkeleton } from '../text/name-skeleton.js';
import { normaliseArabicScript } from '../text/normalise-arabic-script.js';
import { numberWords } from '../text/figures/number-words.js';
import { readFigures } from '../text/figures/read-figures.js';
import { stemArabic } from '../text/stem-arabic.js';
import { stopwords } from './stopwords.js';

/** One word of the text and the search terms it stands for, each with its weight in a query. */
export interface AnalysedToken {
  surface: string;
  terms: Map<string, number>;
}

/**
 * Turns text into search terms, the same way for passages ("index") and questions ("query"):
 * numbers in any digits, Arabic-script words normalised and lightly stemmed, Latin words stemmed in
 * the text's language, function words dropped. Names are also indexed by their consonant skeleton
 * under a script prefix (~a: written in Arabic script, ~l: in Latin), and a query looks them up in
 * the other script only, so "Beirut" finds "بيروت" without Arabic words matching each other twice.
 */
export function analyseText(text: string, language: string, mode: 'index' | 'query'): AnalysedToken[] {
  const cleaned = figuresAsValues(
    normaliseArabicScript(text).replace(/https?:\/\/\S+|www\.\S+|\S+@\S+\.\S+/gi, ' '),
    language,
  );
  const out: AnalysedToken[] = [];
  for (const match of cleaned.matchAll(/\p{N}+|[\p{L}\p{M}]+/gu)) {
    const token = match[0];
    const terms = /^\p{N}/u.test(token)
      ? numberTerms(token)
      : ARABIC_SCRIPT.test(token)
        ? arabicTerms(token, mode)
        : latinTerms(token, language, mode);
    if (terms.size > 0) out.push({ surface: token, terms });
  }
  return out;
}

/**
 * Each figure written with separators or a multiplier as its values' digits, read the way the figure gate reads it
 * ("4,000", "1 000", "2.5 million" -> 4000, 1000, 2500000; "215.000" in Arabic -> 215 and 215000): a question and a
 * passage that write one figure differently find each other, and one figure is never split into unrelated terms.
 */
function figuresAsValues(text: string, language: string): string {
  let out = '';
  let at = 0;
  for (const figure of readFigures(text, language, { words: false })) {
    if (/^\d+$/.test(figure.text)) continue;
    // Every whole reading: "215.000" in an Arabic text may be 215 or 215,000, and the question may mean either.
    const values = new Set(
      figure.readings.filter((r) => Number.isInteger(r.value) && WHOLE_CLASSES.has(r.class)).map((r) => r.value),
    );
    // The gate reads "215.000" by the text's language (a decimal in Arabic); as a search term it may be either.
    if (/^\d{1,3}(?:[.,]\d{3})+$/.test(figure.text)) values.add(Number(figure.text.replace(/[.,]/g, '')));
    if (values.size === 0) continue;
    out += `${text.slice(at, figure.index)} ${[...values].join(' ')} `;
    at = figure.end;
  }
  return out + text.slice(at);
}

/** Classes whose figures are one number: times (07:20) and dates keep their own digits. */
const WHOLE_CLASSES = new Set(['count', 'money', 'percent']);

const ARABIC_SCRIPT = /[\u0600-\u06FF]/;
const NUMBER_WEIGHT = 1.5;
const STEMMERS: Record<string, (word: string) => string> = { en: stemEnglish, fr: stemFrench, es: stemSpanish };

function numberTerms(token: string): Map<string, number> {
  const digits = /^\d+$/.test(token) ? token.replace(/^0+(?=\d)/, '') : token;
  return new Map([[digits, NUMBER_WEIGHT]]);
}

function arabicTerms(token: string, mode: 'index' | 'query'): Map<string, number> {
  const terms = new Map<string, number>();
  if (token.length < 2) return terms;
  const bare = token.startsWith('و') && token.length > 3 ? token.slice(1) : token;
  const unprefixed = bare.replace(/^ال(?=...)/, '');
  if (isArabicStopword(token) || isArabicStopword(bare)) return terms;
  const spelled = numberWords.get(unprefixed) ?? numberWords.get(bare);
  if (spelled) terms.set(spelled, NUMBER_WEIGHT);
  // The first stem is Light10's reading; the others are alternative readings of a one-letter prefix.
  for (const [i, stem] of stemArabic(token).entries()) terms.set(stem, i === 0 ? 1 : 0.5);
  const prefix = mode === 'index' ? '~a' : '~l';
  for (const skeleton of nameSkeleton(token)) terms.set(prefix + skeleton, 0.5);
  return terms;
}

function isArabicStopword(word: string): boolean {
  return stopwords.ar?.has(word) === true || stopwords.fa?.has(word) === true;
}

function latinTerms(token: string, language: string, mode: 'index' | 'query'): Map<string, number> {
  const terms = new Map<string, number>();
  const lower = token.toLowerCase();
  const folded = fold(lower);
  const stemLanguage = STEMMERS[language] ? language : 'en';
  if (folded.length < 2 || stopwords[stemLanguage]?.has(folded)) return terms;
  const spelled = numberWords.get(folded);
  if (spelled) terms.set(spelled, NUMBER_WEIGHT);
  const stem = fold((STEMMERS[stemLanguage] ?? stemEnglish)(lower));
  terms.set(stem, 1);
  if (folded !== stem) terms.set(folded, 0.5);
  const capitalised = token[0] !== lower[0];
  if (mode === 'index' && capitalised) {
    for (const skeleton of nameSkeleton(lower)) terms.set(`~l${skeleton}`, 1);
  }
  if (mode === 'query' && folded.length >= 4) {
    // Chat users often type names in lower case: skeletons for every word, trusted less.
    for (const skeleton of nameSkeleton(lower)) terms.set(`~a${skeleton}`, capitalised ? 0.7 : 0.35);
  }
  return terms;
}

function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '');
}
