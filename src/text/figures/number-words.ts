import { foldNumberWord } from './fold-number-word.js';
import { numberWordTables } from './number-word-tables.js';

/**
 * Spelled-out numbers -> digits for search terms, so "twelve dead" meets "١٢ شخصًا" and "12 people": the
 * one-word values of every language's table (numberWordTables) up to a thousand, keyed as foldNumberWord
 * folds them. Words that double as articles or pronouns ("one", "un", Persian "نه") are left out on purpose.
 */
export const numberWords: ReadonlyMap<string, string> = new Map(
  Object.values(numberWordTables).flatMap((table) => {
    const weak = new Set(table.weak.map(foldNumberWord));
    const entries = [
      ...Object.entries(table.values),
      ...Object.entries(table.multipliers).filter(([w]) => !/^dozen$/.test(w)),
    ];
    return entries
      .filter(([word, value]) => value >= 2 && value <= 1000 && !weak.has(foldNumberWord(word)))
      .map(([word, value]): [string, string] => [foldNumberWord(word), String(value)]);
  }),
);
