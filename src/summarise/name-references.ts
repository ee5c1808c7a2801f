import { hasArabicScript } from '../text/has-arabic-script.js';
import { dominantScript } from '../text/dominant-script.js';
import { nameSkeleton } from '../text/name-skeleton.js';
import { normaliseArabicScript } from '../text/normalise-arabic-script.js';
import { normaliseArabic } from '../text/normalise-arabic.js';

/** Text as names are compared: lower case, Arabic normalised, one space for any run of spaces and dashes. */
export function comparable(text: string): string {
  return normaliseArabic(text.toLowerCase())
    .replace(/[’`]/g, "'")
    .replace(/[\s\-–—_]+/g, ' ');
}
function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The consonant skeletons a name word may be written with in the other script. Arabic writes a hard g as غ or ج, and
 * Latin spellings borrow other languages' letters: "Giacomo" / "جاكومو", "Catherine" / "كاثرين" (th as ث),
 * "Scholz" / "شولتس" (z as ts), "Johansson" / "يوهانسون" (j as y). j and g are one letter here.
 */
function soundsOf(word: string): string[] {
  if (hasArabicScript(word)) return nameSkeleton(normaliseArabicScript(word)).map((s) => s.replace(/j/g, 'g'));
  const lower = word.toLowerCase();
  const spellings = new Set([
    lower,
    lower.replace(/th/g, 's'),
    lower.replace(/z/g, 'ts'),
    lower.replace(/^j(?=[aeiou])/, ''),
  ]);
  return [...new Set([...spellings].flatMap((w) => nameSkeleton(w)).map((s) => s.replace(/j/g, 'g')))];
}

/** How each Arabic letter may be spelt in Latin script; the long vowels and ه may be left out. */
const LATIN_SPELLINGS: Record<string, string> = {
  ب: 'b|p',
  ت: 't',
  ث: 'th|s|t',
  ج: 'j|g|dj',
  ح: 'h',
  خ: 'kh|h|ch',
  د: 'd',
  ذ: 'dh|z|d',
  ر: 'r',
  ز: 'z|s',
  س: 's|c',
  ش: 'sh|ch|sch|s',
  ص: 's',
  ض: 'd',
  ط: 't',
  ظ: 'z',
  ع: '',
  غ: 'gh|g',
  ف: 'f|ph|v',
  ق: 'q|k|c',
  ك: 'k|c|ck|ch',
  ل: 'l',
  م: 'm',
  ن: 'n',
  ه: 'h|',
  و: 'o|u|w|ou|oo|v|',
  ي: 'i|e|y|ee|ie|ey|ai|',
  ا: 'a|e|o|',
  ء: '',
};

/** A whole-word pattern for a short normalised Arabic-script word (at most five letters), or null. */
function shortNamePattern(word: string): RegExp | null {
  const letters = [...word];
  if (letters.length > 5 || letters.length < 2 || letters.some((l) => LATIN_SPELLINGS[l] === undefined)) return null;
  // Each letter may be doubled ("Emma") and followed by vowels Arabic does not write; a final e may be silent ("Pope").
  const body = letters.map((l) => `(?:${LATIN_SPELLINGS[l]})+[aeiouy]*`).join('');
  return new RegExp(`^[aeiouy]*${body}e?$`);
}

/** The names the references (edition texts, trusted summaries) can support, computed once per check. */
export class NameReferences {
  /** Raw text, for case-sensitive acronym matching ("US" is not "us"). */
  readonly raw: string;
  readonly text: string;
  readonly hasLatin: boolean;
  readonly hasArabic: boolean;
  private tokens: string[] | null = null;
  private skeletons: Set<string> | null = null;
  private latinWords: Set<string> | null = null;

  constructor(texts: readonly string[]) {
    this.raw = texts.join('\n');
    this.text = comparable(this.raw);
    this.hasLatin = texts.some((r) => dominantScript(r) === 'latin');
    this.hasArabic = texts.some((r) => dominantScript(r) === 'arabic');
  }

  contains(phrase: string): boolean {
    return this.text.includes(comparable(phrase));
  }

  /**
   * The words of a name all occur close together (within a few words, any order): "Greek Coast Guard"
   * matches "the Greek coastguard", while words scattered over the article do not make a name.
   */
  containsNear(words: readonly string[]): boolean {
    this.tokens ??= this.text.split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean);
    const tokens = this.tokens;
    const positions = words.map((w) => {
      const word = comparable(w).replace(/'s$/, '');
      const at: number[] = [];
      tokens.forEach((t, i) => {
        if (word.length >= 4 ? t.includes(word) : t === word || t.startsWith(word)) at.push(i);
      });
      return at;
    });
    if (positions.some((p) => p.length === 0)) return false;
    const window = words.length + 3;
    return (positions[0] ?? []).some((i) => positions.every((p) => p.some((j) => Math.abs(j - i) <= window)));
  }

  containsWholeWord(word: string): boolean {
    return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?![\\p{L}\\p{N}])`, 'u').test(this.raw);
  }

  /**
   * Whether a name word is written in the references in any script, by its consonant skeleton ("Bodrum" /
   * "بودروم", "Libya" / "Libye"). null when the word is too short to have a skeleton (cannot be checked). `exact`
   * leaves out the slack of one letter that an adjective adds ("Libyan" / "ليبيا").
   */
  matchesSkeleton(word: string, options: { exact?: boolean } = {}): boolean | null {
    const own = soundsOf(word);
    if (own.length === 0) return null;
    const known = this.referenceSkeletons();
    if (options.exact) return own.some((s) => known.has(s));
    // An adjective adds a consonant at most ("Libyan" / "ليبيا"): one extra letter at the end still matches.
    return own.some(
      (s) =>
        known.has(s) ||
        known.has(s.slice(0, -1)) ||
        [...known].some((k) => k.length === s.length + 1 && k.startsWith(s)),
    );
  }

  /**
   * A short Arabic-script name word whose skeleton says too little ("بوب", "إيمي") against the references' Latin
   * words, letter by letter with the vowels Arabic leaves out: "بوب" is "Pope" or "Bob", "إيمي" is "Amy".
   */
  matchesShortName(word: string): boolean {
    const pattern = shortNamePattern(normaliseArabicScript(word));
    if (!pattern) return false;
    this.latinWords ??= new Set(
      // Capitalised words, not acronyms ("IOM" is no "إيمي").
      [...this.raw.matchAll(/\p{Lu}\p{Ll}[\p{L}\p{M}]*/gu)].map((m) =>
        m[0].normalize('NFD').replace(/\p{M}/gu, '').toLowerCase(),
      ),
    );
    return [...this.latinWords].some((w) => pattern.test(w));
  }

  private referenceSkeletons(): Set<string> {
    if (this.skeletons) return this.skeletons;
    const out = new Set<string>();
    // Capitalised Latin words (names) and every Arabic-script word (no capitals to tell names by).
    for (const m of this.raw.matchAll(/\p{Lu}[\p{L}\p{M}'’]+|[\u0600-\u06FF]+/gu)) {
      for (const s of soundsOf(m[0].replace(/^(و|ب|ل|وال|بال|لل)(?=ال)/, ''))) out.add(s);
    }
    this.skeletons = out;
    return out;
  }
}
