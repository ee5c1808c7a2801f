import { questionWordLists, stopwordLists } from '../text/stopwords.js';
import { normaliseArabicScript } from '../text/normalise-arabic-script.js';

/** Function and question words per language (src/text/stopwords.ts), folded the way the analyser compares words. */
export const stopwords: Readonly<Record<string, ReadonlySet<string>>> = Object.fromEntries(
  Object.entries(stopwordLists).map(([language, list]) => [
    language,
    new Set([...list, ...(questionWordLists[language as keyof typeof questionWordLists] ?? [])].map(foldWord)),
  ]),
);

function foldWord(word: string): string {
  return normaliseArabicScript(word.toLowerCase()).normalize('NFD').replace(/\p{M}/gu, '');
}
