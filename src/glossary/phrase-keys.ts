import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stemmer as stemFrench } from '@orama/stemmers/french';
import { stemmer as stemSpanish } from '@orama/stemmers/spanish';
import { normaliseArabicScript } from '../text/normalise-arabic-script.js';
import { stemArabic } from '../text/stem-arabic.js';

/** One word of a text: where it is, and the keys a glossary phrase may match it by. */
export interface KeyedWord {
  start: number;
  end: number;
  /** Lower-case, accent-folded (Latin) or normalised (Arabic script) surface: what retrieval compares. */
  folded: string;
  keys: string[];
}

const STEMMERS: Record<string, (word: string) => string> = { en: stemEnglish, fr: stemFrench, es: stemSpanish };
// Zero-width non-joiners sit inside Persian words and are often missing: a word is read with them removed.
const WORD = /\p{N}+|[\p{L}\p{M}\u200c]+/gu;
const ARABIC_SCRIPT = /[\u0600-\u06FF]/;
/** "UN", "US", "EU", "IDP": an acronym matches only itself in capitals, never the French "un" or the pronoun "us". */
const ACRONYM = /^\p{Lu}{2,5}s?$/u;

/**
 * Words of `text` with their match keys, for the glossary: Latin words stemmed in `language` (so plurals and
 * feminine forms match), Arabic-script words normalised and lightly stemmed (every reading of a one-letter prefix).
 * `mode: 'term'` keys a glossary phrase (one key a word), `'text'` the text searched in (every plausible key).
 */
export function phraseKeys(text: string, language: string, mode: 'term' | 'text'): KeyedWord[] {
  const out: KeyedWord[] = [];
  for (const match of text.matchAll(WORD)) {
    const raw = match[0].replace(/\u200c/g, '');
    const start = match.index ?? 0;
    const end = start + match[0].length;
    if (/^\p{N}/u.test(raw)) {
      out.push({ start, end, folded: raw, keys: [raw] });
    } else if (ARABIC_SCRIPT.test(raw)) {
      const normalised = normaliseArabicScript(raw);
      const stems = stemArabic(normalised);
      out.push({ start, end, folded: normalised, keys: mode === 'term' ? stems.slice(0, 1) : stems });
    } else {
      const lower = raw.toLowerCase();
      const folded = fold(lower);
      const stem = fold((STEMMERS[language] ?? stemEnglish)(lower));
      const acronym = ACRONYM.test(raw) ? `^${raw.replace(/s$/, '')}` : null;
      const keys = mode === 'term' ? [acronym ?? stem] : acronym ? [acronym, stem] : [stem];
      out.push({ start, end, folded, keys });
    }
  }
  return out;
}

function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '');
}
