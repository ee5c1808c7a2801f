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

/** The names the references (edition texts, trusted summaries) can support, computed once per check. */
export class NameReferences {
  /** Raw text, for case-sensitive acronym matching ("US" is not "us"). */
  readonly raw: string;
  readonly text: string;
  readonly hasLatin: boolean;
  readonly hasArabic: boolean;
  private tokens: string[] | null = null;
  private skeletons: Set<string> | null = null;

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
   * "بودروم", "Libya" / "Libye"). null when the word is too short to have a skeleton (cannot be checked).
   */
  matchesSkeleton(word: string): boolean | null {
    const arabic = hasArabicScript(word);
    const own = nameSkeleton(arabic ? normaliseArabicScript(word) : word.toLowerCase());
    if (own.length === 0) return null;
    const known = this.referenceSkeletons();
    // An adjective adds a consonant at most ("Libyan" / "ليبيا"): one extra letter at the end still matches.
    return own.some(
      (s) =>
        known.has(s) ||
        known.has(s.slice(0, -1)) ||
        [...known].some((k) => k.length === s.length + 1 && k.startsWith(s)),
    );
  }

  private referenceSkeletons(): Set<string> {
    if (this.skeletons) return this.skeletons;
    const out = new Set<string>();
    // Capitalised Latin words (names) and every Arabic-script word (no capitals to tell names by).
    for (const m of this.raw.matchAll(/\p{Lu}[\p{L}\p{M}'’]+|[\u0600-\u06FF]+/gu)) {
      const word = m[0];
      const arabic = hasArabicScript(word);
      const bare = arabic ? normaliseArabicScript(word).replace(/^(و|ب|ل|وال|بال|لل)(?=ال)/, '') : word.toLowerCase();
      for (const s of nameSkeleton(bare)) out.add(s);
    }
    this.skeletons = out;
    return out;
  }
}
