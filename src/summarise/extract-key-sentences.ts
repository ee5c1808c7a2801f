import type { LanguageCode } from '../domain/types.js';
import { dominantScript } from '../text/dominant-script.js';
import { languageScript } from '../text/language-script.js';
import { normaliseArabic } from '../text/normalise-arabic.js';
import { splitSentences } from '../text/split-sentences.js';
import { stopwords } from './stopwords.js';

/** Publisher chrome and social-media lines that are never a summary sentence. */
const BOILERPLATE_LINE =
  /^(read (more|the full)|click here|follow us|share this|sign up|subscribe|lire (aussi|la suite)|leer m[aá]s|اقرأ|اقرا|لمزيد من|داستان کامل|بیشتر بخوانید|RT @|@\w)/i;
const SOCIAL = /(pic\.twitter\.com|twitter\.com\/|x\.com\/|t\.co\/|facebook\.com\/|instagram\.com\/|— @|\(@\w)/i;
/** "Story one // Story two //...": a list of headlines, not prose. */
const HEADLINE_LIST = /\S\s*\/\/\s*\S/;
const URL_OR_EMAIL = /https?:\/\/|www\.|[^\s@]@[^\s@]+\.\w{2}/i;
const TOKEN = /[\p{L}\p{N}]+/gu;
const MIN_LINE_CHARS = 25;
const MIN_WORDS = 5;
const MAX_GOOD_WORDS = 35;
/** Three sentences are used when they fit in this many characters, otherwise two. */
const THREE_SENTENCE_BUDGET = 700;

interface Candidate {
  text: string;
  index: number;
  words: number;
  terms: string[];
  score: number;
}

/** Light Arabic stemming for scoring only: drop the conjunction و and the article ال when 3+ letters remain. */
function stripArabicPrefix(word: string): string {
  if (word.length < 5 || word.charCodeAt(0) < 0x0600) return word;
  let i = word.startsWith('و') ? 1 : 0;
  if (word.startsWith('ال', i)) i += 2;
  return word.length - i >= 3 ? word.slice(i) : word;
}

/** Content terms of a text (normalised, stopwords removed) and its word count, in one tokenising pass. */
function analyse(text: string): { words: number; terms: string[] } {
  const tokens = normaliseArabic(text.toLowerCase()).match(TOKEN) ?? [];
  const terms: string[] = [];
  for (const raw of tokens) {
    const t = stripArabicPrefix(raw);
    if (t.length < 2 || stopwords.has(t) || stopwords.has(raw)) continue;
    terms.push(t);
  }
  return { words: tokens.length, terms };
}

function usableLine(line: string, script: 'arabic' | 'latin' | null): boolean {
  const l = line.trim();
  if (l.length < MIN_LINE_CHARS || BOILERPLATE_LINE.test(l) || SOCIAL.test(l) || HEADLINE_LIST.test(l)) return false;
  return script === null || dominantScript(l) === script;
}

function usableSentence(s: string, script: 'arabic' | 'latin' | null): boolean {
  if (URL_OR_EMAIL.test(s) || SOCIAL.test(s) || BOILERPLATE_LINE.test(s)) return false;
  return script === null || dominantScript(s) === script;
}

/**
 * The most informative sentences of a text (verbatim, in document order): 2-3 when the text has them,
 * scored by term frequency (Arabic-normalised, stopwords removed), position, title overlap and figures.
 */
export function extractKeySentences(text: string, options: { title?: string; language?: LanguageCode } = {}): string[] {
  const script = options.language ? languageScript(options.language) : null;
  const candidates: Candidate[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!usableLine(line, script)) continue;
    for (const s of splitSentences(line)) {
      if (!usableSentence(s, script)) continue;
      const { words, terms } = analyse(s);
      if (words >= MIN_WORDS) candidates.push({ text: s, index: candidates.length, words, terms, score: 0 });
    }
  }
  if (candidates.length === 0) return fallback(text);

  const tf = new Map<string, number>();
  for (const c of candidates) for (const t of c.terms) tf.set(t, (tf.get(t) ?? 0) + 1);
  const titleTerms = new Set(analyse(options.title ?? '').terms);
  const n = candidates.length;
  for (const c of candidates) {
    const unique = new Set(c.terms);
    let content = 0;
    let titleHits = 0;
    for (const t of unique) {
      content += Math.log2(1 + (tf.get(t) ?? 0));
      if (titleTerms.has(t)) titleHits++;
    }
    content /= Math.sqrt(Math.max(unique.size, 1));
    // News puts the facts first: earlier sentences weigh more.
    const position = 1 + 0.8 * (1 - c.index / n) + (c.index === 0 ? 0.3 : 0);
    const title = titleTerms.size > 0 ? 1 + (0.5 * titleHits) / titleTerms.size : 1;
    const figures = /\p{N}/u.test(c.text) ? 1.1 : 1;
    // Digest readers want short factual sentences; run-on sentences (common in digests) are pushed down.
    const length =
      c.words < 8 ? 0.6 : c.words <= MAX_GOOD_WORDS ? 1 : Math.max(0.25, (MAX_GOOD_WORDS / c.words) ** 1.5);
    c.score = content * position * title * figures * length;
  }

  const ranked = [...candidates].sort((a, b) => b.score - a.score || a.index - b.index);
  const top3 = ranked.slice(0, 3);
  const fitsThree = top3.length === 3 && top3.reduce((sum, c) => sum + c.text.length, 0) <= THREE_SENTENCE_BUDGET;
  const chosen = fitsThree ? top3 : ranked.slice(0, 2);
  return chosen.sort((a, b) => a.index - b.index).map((c) => c.text);
}

/** Text with no usable sentence (all boilerplate or very short): its first sentences as they are. */
function fallback(text: string): string[] {
  return splitSentences(text).slice(0, 2);
}
