import type { LanguageCode } from '../domain/types.js';
// eld 'small' passes every fixture and short-title case; 'medium' adds ~15 MB of heap and 'large' ~90 MB for no gain
// here, 'extrasmall' misreads two-word English titles. Loaded on first need (language-model.ts).
import { languageModel } from './language-model.js';

export interface DetectLanguageOptions {
  /** Language declared by the feed/page: preferred when the text itself is ambiguous. */
  hint?: LanguageCode | null;
}

/** Letters that only some Arabic-script languages use (or use instead of another), by code point. */
const Mark = {
  PersianStrong: 1, // پ چ ژ گ
  PersianForm: 2, // ک ی (Arabic writes ك ي)
  ArabicStrong: 3, // ة ى
  ArabicForm: 4, // ي ك
  Urdu: 5, // ٹ ڈ ڑ ں ے ہ ھ
  Sorani: 6, // ێ ۆ ڵ ڕ ە
  Pashto: 7, // ټ ډ ړ ږ ښ ځ څ ې ۍ
} as const;
type Mark = (typeof Mark)[keyof typeof Mark];
const MARKS = new Uint8Array(0x700);
const mark = (kind: Mark, codes: number[]) => {
  for (const code of codes) MARKS[code] = kind;
};
mark(Mark.PersianStrong, [0x067e, 0x0686, 0x0698, 0x06af]);
mark(Mark.PersianForm, [0x06a9, 0x06cc]);
mark(Mark.ArabicStrong, [0x0629, 0x0649]);
mark(Mark.ArabicForm, [0x064a, 0x0643]);
mark(Mark.Urdu, [0x0679, 0x0688, 0x0691, 0x06ba, 0x06d2, 0x06c1, 0x06be]);
mark(Mark.Sorani, [0x06ce, 0x06c6, 0x06b5, 0x0695, 0x06d5]);
mark(Mark.Pashto, [0x067c, 0x0689, 0x0693, 0x0696, 0x069a, 0x0681, 0x0685, 0x06d0, 0x06cd]);

/** Function words that belong to one language only (among those eld confuses on short text). */
const STOPWORDS: Record<string, Set<string>> = {
  en: new Set(
    'the of and to is are was were for on with after from by at as has have says said will over into amid this that its their who new against'.split(
      ' ',
    ),
  ),
  fr: new Set(
    'le la les des du et un une est au aux pour dans sur par qui avec pas ce cette sont ont selon après leur être été'.split(
      ' ',
    ),
  ),
  es: new Set('el los las del y con por para una es se al su sus según tras más como han fue está'.split(' ')),
  pt: new Set('os do da dos das em com uma não ao pelo pela são mais foi está'.split(' ')),
  it: new Set('il gli della dei di che per con una sono nel alla anche non più è'.split(' ')),
  de: new Set('der die das und ist nicht mit von den dem ein eine auf für sich auch nach bei'.split(' ')),
  nl: new Set('het een van niet met zijn voor op dat naar ook bij wordt'.split(' ')),
};
const DIACRITICS: Array<[RegExp, string]> = [
  [/[ñ¿¡]/, 'es'],
  [/[ãõ]/, 'pt'],
  [/[ßäöü]/, 'de'],
  [/[èêëçœ]/, 'fr'],
];
const NOISE = /https?:\/\/\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+|[@#][\p{L}\p{N}_]+/gu;
const HAS_NOISE = /:\/\/|www\.|[@#]/;
/** eld reads about 350 bytes; a bit more text than that costs time and changes nothing. */
const ELD_SAMPLE = 600;

interface ScriptCounts {
  latin: number;
  arabic: number;
  other: number;
}

function countScripts(text: string): ScriptCounts {
  const counts = { latin: 0, arabic: 0, other: 0 };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7))
      counts.latin++;
    else if (
      (c >= 0x0620 && c <= 0x064a) ||
      (c >= 0x066e && c <= 0x06d5) ||
      (c >= 0x0750 && c <= 0x077f) ||
      (c >= 0xfb50 && c <= 0xfefc)
    )
      counts.arabic++;
    // Other scripts (Greek, Cyrillic, Hebrew, Indic, CJK...), skipping punctuation and symbol blocks.
    else if (
      (c >= 0x370 && c < 0x2000 && (c < 0x600 || c > 0x6ff)) ||
      (c >= 0x3040 && c < 0xa000) ||
      (c >= 0xac00 && c < 0xd7a4)
    )
      counts.other++;
  }
  return counts;
}

/** Arabic script: decided by the letters each language uses; eld only when the letters are silent. */
function arabicScript(text: string, hint: LanguageCode | null): LanguageCode {
  const counts = new Uint32Array(8);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x0629 || c >= 0x0700) continue;
    const kind = MARKS[c] ?? 0;
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  const at = (kind: Mark) => counts[kind] ?? 0;
  const persian = 3 * at(Mark.PersianStrong) + at(Mark.PersianForm);
  const arabic = 3 * at(Mark.ArabicStrong) + at(Mark.ArabicForm);
  const [urdu, sorani, pashto] = [at(Mark.Urdu), at(Mark.Sorani), at(Mark.Pashto)];
  const rare = Math.max(urdu, sorani, pashto);
  if (rare >= 3 && rare * 4 >= persian + arabic) return pashto === rare ? 'ps' : urdu === rare ? 'ur' : 'ku';
  if (persian > arabic) return 'fa';
  if (arabic > persian) return 'ar';
  if (hint && ['ar', 'fa', 'ur', 'ku', 'ps'].includes(hint)) return hint;
  const guess = languageModel().detect(text.replace(/[A-Za-z\u00c0-\u024f]+/g, ' ').slice(0, ELD_SAMPLE)).language;
  return ['ar', 'fa', 'ur', 'ku'].includes(guess) ? guess : 'ar';
}

function evidence(words: string[], text: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const word of words.slice(0, 60)) {
    for (const [language, list] of Object.entries(STOPWORDS)) {
      if (list.has(word)) found.set(language, (found.get(language) ?? 0) + 1);
    }
  }
  for (const [pattern, language] of DIACRITICS)
    if (pattern.test(text)) found.set(language, (found.get(language) ?? 0) + 1);
  return found;
}

/** Latin script: eld, with a tie-break for short text where eld's n-grams are nearly even. */
function latinScript(text: string, hint: LanguageCode | null): LanguageCode | null {
  const sample = text.slice(0, ELD_SAMPLE);
  const result = languageModel().detect(sample);
  if (!result.language) return hint;
  if (sample.length >= 120 && result.isReliable()) return result.language;
  // Acronyms (UN, US, EU) are not the French "un" or the Spanish "es".
  const words = sample
    .split(/[^\p{L}'’]+/u)
    .filter((w) => w && !(w.length <= 4 && w === w.toUpperCase()))
    .map((w) => w.toLowerCase());
  if (words.length >= 16 && result.isReliable()) return result.language;

  const scores = result.getScores();
  const top = scores[result.language] ?? 0;
  const close = (language: string, margin: number) => (scores[language] ?? -1) >= top - margin;
  const found = evidence(words, sample.toLowerCase());
  if (found.size === 0) {
    // Two or three words say little: a declared language beats eld's guess.
    if (hint && close(hint, words.length <= 3 ? 1 : 0.1)) return hint;
    // Short ASCII headlines with no foreign function word are English far more often than Catalan.
    if (!/[\u0080-\uffff]/.test(text) && close('en', 0.15)) return 'en';
    return result.language;
  }
  const ranked = [...found.entries()].sort((a, b) => b[1] - a[1] || (scores[b[0]] ?? 0) - (scores[a[0]] ?? 0));
  const best = ranked[0]?.[0] ?? result.language;
  if (hint && (found.get(hint) ?? 0) === (found.get(best) ?? 0) && close(hint, 0.15)) return hint;
  return best;
}

/**
 * Detects the language of a text (BCP-47 primary tag) or null when there is too little text.
 * The dominant script decides the path: Arabic script by letters (Arabic vs Persian vs Urdu,
 * Kurdish, Pashto), Latin by eld plus a short-text tie-break (short English titles stay English),
 * anything else by eld. The hint wins only when the text itself cannot tell.
 */
export function detectLanguage(text: string, options: DetectLanguageOptions = {}): LanguageCode | null {
  const hint = options.hint?.toLowerCase() ?? null;
  const clean = HAS_NOISE.test(text) ? text.replace(NOISE, ' ') : text;
  const scripts = countScripts(clean);
  const letters = scripts.latin + scripts.arabic + scripts.other;
  if (letters < 3) return hint;
  if (scripts.arabic >= scripts.latin && scripts.arabic >= scripts.other) {
    return arabicScript(clean, hint);
  }
  if (scripts.latin >= scripts.other) {
    return latinScript(
      scripts.arabic ? clean.replace(/[\u0600-\u06ff\u0750-\u077f\ufb50-\ufefc]+/g, ' ') : clean,
      hint,
    );
  }
  return languageModel().detect(clean.slice(0, ELD_SAMPLE)).language || hint;
}
