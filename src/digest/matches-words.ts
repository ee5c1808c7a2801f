import { matchesFilter } from '../feeds/filter-topic.js';

/**
 * True when the text has a word starting with one of these words ("Libya" finds "Libyan", not "Tirana"),
 * whatever the case, accents, Arabic letter variants or attached Arabic clitics: the sources' topic filter,
 * with each word of three letters or more taken as a prefix.
 */
export function matchesWords(text: string, words: string[]): boolean {
  const terms = words.map((w) => w.replace(/[,*]/g, ' ').trim()).filter(Boolean);
  if (terms.length === 0) return false;
  return matchesFilter(text, terms.map((w) => (w.length >= 3 ? `${w}*` : w)).join(','));
}
