import { hasArabicScript } from '../has-arabic-script.js';
import { foldNumberWord } from './fold-number-word.js';
import { type NumberWordTable, numberWordTables } from './number-word-tables.js';

export type LexiconEntry =
  | { kind: 'value'; value: number; weak: boolean }
  | { kind: 'multiplier'; value: number; aloneVague: number | null }
  | { kind: 'vague'; value: number }
  | { kind: 'connector' }
  | { kind: 'fraction'; value: number; use: 'alone' | 'numerated' | 'joined' };

type TableKey = keyof typeof numberWordTables;
const LATIN: TableKey[] = ['en', 'fr', 'es'];
const ARABIC: TableKey[] = ['ar', 'fa'];

function addTable(into: Map<string, LexiconEntry>, table: NumberWordTable): void {
  const set = (word: string, entry: LexiconEntry) => {
    const key = foldNumberWord(word);
    if (!into.has(key)) into.set(key, entry);
  };
  const weak = new Set(table.weak.map(foldNumberWord));
  for (const [w, value] of Object.entries(table.values))
    set(w, { kind: 'value', value, weak: weak.has(foldNumberWord(w)) });
  for (const [w, value] of Object.entries(table.multipliers)) {
    set(w, { kind: 'multiplier', value, aloneVague: table.vagueWhenAlone[w] ?? null });
  }
  for (const [w, value] of Object.entries(table.vagueWhenAlone)) {
    set(w, { kind: 'multiplier', value, aloneVague: value });
  }
  for (const [w, value] of Object.entries(table.vague)) set(w, { kind: 'vague', value });
  for (const w of table.connectors) set(w, { kind: 'connector' });
  for (const use of ['alone', 'numerated', 'joined'] as const)
    for (const [w, value] of Object.entries(table.fractions[use])) set(w, { kind: 'fraction', value, use });
}

const cache = new Map<string, Map<string, LexiconEntry>>();

/**
 * Number words for a text in `language`: that language's table first, then the other script's tables (an
 * English summary quoting "ثلاثة" still reads it). Unknown languages read every table.
 */
export function numberLexicon(language: string | undefined): ReadonlyMap<string, LexiconEntry> {
  const primary = (language ?? '').toLowerCase().split('-')[0] ?? '';
  const cached = cache.get(primary);
  if (cached) return cached;
  const keys: TableKey[] = LATIN.includes(primary as TableKey)
    ? [primary as TableKey, ...ARABIC]
    : ARABIC.includes(primary as TableKey)
      ? [primary as TableKey, ...ARABIC.filter((k) => k !== primary), ...LATIN]
      : [...LATIN, ...ARABIC];
  const lexicon = new Map<string, LexiconEntry>();
  for (const key of keys) addTable(lexicon, numberWordTables[key]);
  cache.set(primary, lexicon);
  return lexicon;
}

/** Arabic clitics written onto number words: و (and), ال (the), ب/ل (with/for). */
const ARABIC_PREFIXES = ['و', 'ال', 'وال', 'بال', 'لل', 'ب', 'ل', 'وب', 'ول'];

/** The entry of one word, and whether an attached و joins it to the number before ("اثنان وسبعون"). */
export function lookUpNumberWord(
  lexicon: ReadonlyMap<string, LexiconEntry>,
  word: string,
): { entry: LexiconEntry; joined: boolean } | null {
  const folded = foldNumberWord(word);
  const direct = lexicon.get(folded);
  if (direct) return { entry: direct, joined: false };
  if (!hasArabicScript(folded)) return null;
  for (const prefix of ARABIC_PREFIXES) {
    const rest = folded.startsWith(prefix) ? folded.slice(prefix.length) : '';
    const entry = rest.length >= 2 ? lexicon.get(rest) : undefined;
    if (entry && entry.kind !== 'connector') return { entry, joined: prefix.startsWith('و') };
  }
  return null;
}
