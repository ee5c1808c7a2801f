import type { LanguageCode } from '../domain/types.js';
import { detectLanguage } from './detect-language.js';
import { questionWordLists, stopwordLists } from './stopwords.js';

type Cued = 'en' | 'fr' | 'es' | 'ar' | 'fa';
const LATIN: readonly Cued[] = ['en', 'fr', 'es'];
const ARABIC_SCRIPT: readonly Cued[] = ['ar', 'fa'];

/** Words of one language only, among the languages of the same script: a question word or function word is a vote. */
const EXCLUSIVE = exclusiveWords();

/** Spellings only one of en/fr/es uses; each adds one vote. */
const MARKS: Array<[RegExp, Cued]> = [
  [/[¿¡ñ]/, 'es'],
  [/[áíóú]/, 'es'],
  [/[èêëçàùâîôûœ]/, 'fr'],
  // Elision ("qu'a", "l'OIM", "d'enfants") and the inverted "-t-il".
  [/(^|\s)(qu|l|d|c|s|n|j)['’]\p{L}/iu, 'fr'],
  [/-t-(il|elle|ils|elles|on)\b/i, 'fr'],
];

/**
 * The language of a chat question, built for short text where n-grams alone mislead ("combien de morts ?" reads as
 * English to eld): the script decides the family, then question words, function words and spellings that belong to
 * one language vote; with no vote, or a tie, the project's detector (script letters + eld) decides. Null when the
 * text has too few letters to tell.
 */
export function detectQuestionLanguage(text: string): LanguageCode | null {
  const base = detectLanguage(text);
  const arabic = /[\u0600-\u06FF]/.test(text) && !/[A-Za-z]{3}/.test(text);
  const candidates = arabic ? ARABIC_SCRIPT : LATIN;
  const votes = new Map<Cued, number>();
  const vote = (language: Cued, weight: number) => votes.set(language, (votes.get(language) ?? 0) + weight);
  for (const word of text.toLowerCase().match(/[\p{L}\p{M}'’-]+/gu) ?? []) {
    for (const part of [word, ...word.split(/['’-]/)]) {
      const owner = EXCLUSIVE.get(part);
      if (owner && candidates.includes(owner)) vote(owner, 1);
    }
  }
  if (!arabic) for (const [pattern, language] of MARKS) if (pattern.test(text)) vote(language, 1);
  const ranked = [...votes.entries()].sort((a, b) => b[1] - a[1]);
  const [top, second] = ranked;
  if (!top) return base;
  // A tie says nothing the detector cannot say better.
  if (second && second[1] === top[1]) return base ?? top[0];
  return top[0];
}

function exclusiveWords(): Map<string, Cued> {
  const owners = new Map<string, Set<Cued>>();
  for (const language of [...LATIN, ...ARABIC_SCRIPT]) {
    for (const word of [...stopwordLists[language], ...questionWordLists[language]]) {
      const w = word.toLowerCase();
      owners.set(w, (owners.get(w) ?? new Set()).add(language));
    }
  }
  const out = new Map<string, Cued>();
  for (const [word, languages] of owners) {
    const [only] = languages;
    // One-letter words ("a", "y", "e") are too common across languages and in names to vote.
    if (languages.size === 1 && only && [...word].length > 1) out.set(word, only);
  }
  return out;
}
