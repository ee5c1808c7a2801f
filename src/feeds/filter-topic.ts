import { migrationKeywords } from './migration-keywords.js';
import { normaliseArabic } from '../text/normalise-arabic.js';

interface TermWord {
  text: string;
  /** Matches any ending ("migrant*"). */
  prefix: boolean;
}

interface CompiledFilter {
  /** Terms whose first word must match exactly, by that word. */
  exact: Map<string, TermWord[][]>;
  /** Terms whose first word is a prefix, by its first three characters. */
  prefixes: Map<string, TermWord[][]>;
}

// Explicit ranges (Latin, Greek, Cyrillic, Hebrew, Arabic, Indic, CJK...): /\p{L}/u is several times slower.
const WORD =
  '0-9A-Za-z\\u00aa\\u00b5\\u00ba\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u02af\\u0370-\\u03ff\\u0400-\\u052f\\u0590-\\u05ff\\u0620-\\u064a\\u0660-\\u0669\\u066e-\\u06d3\\u06d5\\u06f0-\\u06ff\\u0750-\\u077f\\u0900-\\u0dff\\u0e00-\\u0e7f\\u1e00-\\u1fff\\u3040-\\u9fff\\uac00-\\ud7a3\\ufb50-\\ufdff\\ufe70-\\ufefc';
const TOKEN = new RegExp(`[${WORD}]+(?:[-'][${WORD}]+)*`, 'g');
const LATIN_ACCENTED = /[\u00c0-\u024f\u1e00-\u1eff]/;
/** Arabic conjunctions, prepositions and the article that attach to the next word. */
const CLITICS = [
  'وبال',
  'وكال',
  'فبال',
  'وال',
  'فال',
  'بال',
  'كال',
  'ولل',
  'فلل',
  'ال',
  'لل',
  'وب',
  'ول',
  'وك',
  'فب',
  'فل',
  'فك',
  'و',
  'ف',
  'ب',
  'ل',
  'ك',
];
const compiled = new Map<string, CompiledFilter>();
const NONE: TermWord[][] = [];

/** Case-, accent- and Arabic-variant-insensitive form. */
function normalize(text: string): string {
  // Arabic first (alef forms, harakat), and hamza seats folded: NFD would leave them as loose marks.
  const folded = normaliseArabic(text.toLowerCase())
    .replace(/\u0626/g, '\u064a')
    .replace(/\u0624/g, '\u0648')
    .replace(/’/g, "'");
  return LATIN_ACCENTED.test(folded) ? folded.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : folded;
}

function tokens(text: string): string[] {
  return normalize(text).match(TOKEN) ?? [];
}

/** A word and its forms without attached Arabic clitics ("واللاجئين" -> "لاجئين"). */
function variants(word: string): string[] {
  const code = word.charCodeAt(0);
  if (code < 0x0600 || code > 0x06ff || word.length < 4) return [word];
  const out = [word];
  for (const clitic of CLITICS) {
    if (word.startsWith(clitic) && word.length - clitic.length >= 3) out.push(word.slice(clitic.length));
  }
  return out;
}

function compile(filter: string): CompiledFilter {
  const cached = compiled.get(filter);
  if (cached) return cached;
  const list = filter.trim().toLowerCase() === 'migration' ? migrationKeywords : filter.split(',');
  const result: CompiledFilter = { exact: new Map(), prefixes: new Map() };
  for (const raw of list) {
    const term: TermWord[] = [];
    for (const part of raw.trim().split(/\s+/)) {
      const words = tokens(part);
      for (const [i, text] of words.entries())
        term.push({ text, prefix: part.endsWith('*') && i === words.length - 1 });
    }
    const first = term[0];
    if (!first) continue;
    const [map, key] =
      first.prefix && first.text.length >= 3 ? [result.prefixes, first.text.slice(0, 3)] : [result.exact, first.text];
    map.set(key, [...(map.get(key) ?? []), term]);
  }
  if (compiled.size > 200) compiled.clear();
  compiled.set(filter, result);
  return result;
}

function wordMatches(word: string | undefined, expected: TermWord): boolean {
  if (word === undefined) return false;
  return variants(word).some((v) => (expected.prefix ? v.startsWith(expected.text) : v === expected.text));
}

function restMatches(words: string[], index: number, term: TermWord[]): boolean {
  for (let k = 1; k < term.length; k++) {
    const expected = term[k];
    if (!expected || !wordMatches(words[index + k], expected)) return false;
  }
  return true;
}

/** The bare word "migration" in the built-in topic, in the languages that use it for birds and databases too. */
const AMBIGUOUS = new Set(['migration', 'migrations', 'migracion', 'migraciones']);
/** What migrates when it is not people: "bird migration", "migration des oiseaux", "migración de datos". */
const THINGS = new Set(
  (
    'bird birds animal animals species wildlife salmon whale whales butterfly butterflies fish herd herds wildebeest ' +
    'caribou data database databases cloud server servers software system systems platform app email mailbox schema ' +
    'code oiseaux animaux donnees nuage serveur serveurs logiciel aves pajaros animales datos nube servidor servidores'
  ).split(' '),
);
const LINKS = new Set(['of', 'to', 'des', 'de', 'du', 'del', 'vers', 'a', 'al', 'la', 'los', 'las', 'the']);

/**
 * Whether the bare "migration" at `index` is about things, not people: a thing right before it ("bird migration",
 * "data migration") or after it with a linking word or two ("migration of birds", "migration to the cloud",
 * "migración de datos"). Then that word alone does not make the text a migration story.
 */
function migrationOfThings(words: string[], index: number): boolean {
  if (!AMBIGUOUS.has(words[index] ?? '')) return false;
  if (THINGS.has(words[index - 1] ?? '')) return true;
  for (let k = index + 1; k <= index + 3 && LINKS.has(words[k] ?? ''); k++)
    if (THINGS.has(words[k + 1] ?? '')) return true;
  return false;
}

/**
 * Whether a text is about the filter's topic: "migration" is the built-in multilingual keyword
 * set (migrationKeywords); anything else is a comma-separated list of words or phrases ("*" at the
 * end of a word matches any ending). Whole words only; case-, accent- and Arabic-variant-insensitive;
 * Arabic clitics are stripped. An empty filter matches everything.
 */
export function matchesFilter(text: string, filter: string | null | undefined): boolean {
  if (!filter?.trim()) return true;
  const { exact, prefixes } = compile(filter);
  const builtIn = filter.trim().toLowerCase() === 'migration';
  const words = tokens(text);
  for (let i = 0; i < words.length; i++) {
    for (const variant of variants(words[i] ?? '')) {
      for (const term of exact.get(variant) ?? NONE)
        if (restMatches(words, i, term) && !(term.length === 1 && builtIn && migrationOfThings(words, i))) return true;
      for (const term of prefixes.get(variant.slice(0, 3)) ?? NONE) {
        if (variant.startsWith(term[0]?.text ?? '\u0000') && restMatches(words, i, term)) return true;
      }
    }
  }
  return false;
}
