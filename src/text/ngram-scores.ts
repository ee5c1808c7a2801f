/**
 * eld's detect() with its scores summed from typed arrays: the same n-grams, the same integer sums, the same result
 * object, in about a fifth of the time (eld walks one small object per n-gram with for-in, ~100 µs a text, which was
 * most of an ingest's language detection). Built only from integer model data, where the order of the additions
 * cannot change a sum; anything else keeps eld's own detect (language-model.ts).
 */

/** What eld's modules give us: its word separators, its byte-to-character table and its result class. */
export interface EldParts {
  separators: RegExp;
  dictionary: string[];
  LanguageResult: new (
    language: string,
    results: number[],
    numNgrams: number,
    langCodes: Record<string, string>,
  ) => unknown;
}

/** eld's model as one flat table: per n-gram, [count, language, score + base, language, score + base, ...]. */
export interface NgramTable {
  languages: Record<string, string>;
  offsets: Map<string, number>;
  table: Int32Array;
}

/** eld subtracts this from every stored score to keep its database small, and adds it back when scoring. */
const BASE_NGRAM_SCORE = 53;
/** eld reads the text's first 1,000 characters, and of those, words until ~350 UTF-8 bytes (hard cut at 380). */
const MAX_CHARS = 1000;
const CUT_AFTER = 350;
const ENFORCE_CUT_AFTER = 380;

// eld's module: `export const ngramsData = {type:'S60',languages:{0:'am',...},ngrams:{' de ':{9:52,37:14},...}}`.
const LANGUAGES = /languages:\{([^}]*)\}/;
const LANGUAGE = /^(\d+):'([a-z]{2,3})'$/;
const NGRAMS_START = 'ngrams:{';
/** An n-gram: a quoted key, or a bare one (an identifier, or an integer such as 2024), then its scores. */
const NGRAM = /(?:'((?:[^'\\]|\\.)*)'|([A-Za-z_$][\w$]*|0|[1-9]\d*)):\{([^}]*)\}(,|\}\};?\s*$)/y;
const PAIR = /^(\d+):(-?\d+)$/;

/**
 * Reads eld's model module (src/ngrams/small.js) straight into a flat table, without building its ~80,000 objects:
 * ~3x faster to load than JSON. Null when the text is not in the form above (the caller then loads eld as shipped).
 */
export function readNgramTable(source: string): NgramTable | null {
  const languages: Record<string, string> = {};
  for (const entry of LANGUAGES.exec(source)?.[1]?.split(',') ?? []) {
    const m = LANGUAGE.exec(entry);
    if (!m) return null;
    languages[m[1] as string] = m[2] as string;
  }
  const languageCount = Object.keys(languages).length;
  if (languageCount < 10 || Object.keys(languages).some((k, i) => Number(k) !== i)) return null;
  let at = source.indexOf(NGRAMS_START);
  if (at < 0) return null;
  at += NGRAMS_START.length;
  const offsets = new Map<string, number>();
  let table = new Int32Array(1 << 18);
  let size = 0;
  let closed = false;
  while (!closed) {
    NGRAM.lastIndex = at;
    const m = NGRAM.exec(source);
    if (!m) return null;
    const [, quoted, bare, pairs, after] = m as unknown as [
      string,
      string | undefined,
      string | undefined,
      string,
      string,
    ];
    // Only \' and \\ are escapes eld's data uses; any other would need JavaScript's rules.
    if (quoted !== undefined && /\\[^'\\]/.test(quoted)) return null;
    const ngram = bare ?? (quoted as string).replace(/\\(.)/g, '$1');
    const list = pairs.split(',');
    if (size + 1 + 2 * list.length > table.length) {
      const grown = new Int32Array(table.length * 2);
      grown.set(table);
      table = grown;
    }
    offsets.set(ngram, size);
    table[size++] = list.length;
    for (const pair of list) {
      const p = PAIR.exec(pair);
      const language = Number(p?.[1]);
      const score = Number(p?.[2]);
      if (!p || language >= languageCount || !Number.isSafeInteger(score)) return null;
      table[size++] = language;
      table[size++] = score + BASE_NGRAM_SCORE;
    }
    at = NGRAM.lastIndex;
    closed = after !== ',';
  }
  return offsets.size > 0 ? { languages, offsets, table: table.slice(0, size) } : null;
}

/** A detect() equal to eld's, scoring with the table. */
export function createNgramDetector<R>({ languages, offsets, table }: NgramTable, eld: EldParts): (text: string) => R {
  const languageCount = Object.keys(languages).length;
  return (input: string): R => {
    const words = utf8Words(input.substring(0, MAX_CHARS).replace(eld.separators, ' ').trim().toLowerCase(), eld);
    const ngrams = byteNgrams(words);
    // A plain array, as eld hands its LanguageResult.
    const sums = new Array<number>(languageCount).fill(0);
    for (const ngram of ngrams) {
      const start = offsets.get(ngram);
      if (start === undefined) continue;
      const end = start + 1 + 2 * (table[start] as number);
      for (let i = start + 1; i < end; i += 2) {
        const language = table[i] as number;
        sums[language] = (sums[language] as number) + (table[i + 1] as number);
      }
    }
    // eld's getMaxLang: the first language with the highest positive score.
    let best = -1;
    let bestScore = 0;
    for (let i = 0; i < languageCount; i++) {
      const score = sums[i] as number;
      if (score > 0 && score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return (
      best === -1
        ? new eld.LanguageResult('', [], 0, {})
        : new eld.LanguageResult(languages[best] as string, sums, ngrams.size, languages)
    ) as R;
  };
}

/** eld's strToUtf8Bytes: words as strings of one character per UTF-8 byte, cut after ~350 bytes. */
function utf8Words(text: string, eld: EldParts): string[] {
  const d = eld.dictionary;
  const words: string[] = [];
  let encoded = '';
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      if (code === 32) {
        if (encoded !== '') {
          words.push(encoded);
          encoded = '';
        }
        if (bytes > CUT_AFTER) break;
      } else encoded += text[i];
      bytes++;
    } else if (code < 0x800) {
      encoded += `${d[0xc0 | (code >> 6)]}${d[0x80 | (code & 0x3f)]}`;
      bytes += 2;
    } else if (code < 0xd800 || code >= 0xe000) {
      encoded += `${d[0xe0 | (code >> 12)]}${d[0x80 | ((code >> 6) & 0x3f)]}${d[0x80 | (code & 0x3f)]}`;
      bytes += 3;
    } else {
      i++;
      code = 0x10000 + (((code & 0x3ff) << 10) | (text.charCodeAt(i) & 0x3ff));
      encoded += `${d[0xf0 | (code >> 18)]}${d[0x80 | ((code >> 12) & 0x3f)]}${d[0x80 | ((code >> 6) & 0x3f)]}${d[0x80 | (code & 0x3f)]}`;
      bytes += 4;
    }
    if (bytes > ENFORCE_CUT_AFTER) break;
  }
  if (encoded !== '') words.push(encoded);
  return words;
}

/** eld's getByteNgrams: 4-byte n-grams at a stride of 3, the first with a leading space, the last with a trailing one. */
function byteNgrams(words: string[]): Set<string> {
  const ngrams = new Set<string>();
  for (const word of words) {
    const len = Math.min(word.length, 70);
    let j = 0;
    for (; j + 4 < len; j += 3) ngrams.add((j === 0 ? ' ' : '') + word.substring(j, j + 4));
    ngrams.add(`${j === 0 ? ' ' : ''}${word.substring(len !== 3 ? len - 4 : 0)} `);
  }
  return ngrams;
}
