import { dominantScript } from '../text/dominant-script.js';
import { type CalendarDate, extractDates } from '../text/extract-dates.js';
import { extractNames, type NameToken } from '../text/extract-names.js';
import { extractNumbers } from './extract-numbers.js';
import { knownOrganisations } from '../text/known-organisations.js';
import { normaliseArabic } from '../text/normalise-arabic.js';
import { numberWordValues } from './number-word-values.js';

export interface UnsupportedToken {
  /** As written in the summary. */
  text: string;
  kind: 'number' | 'date' | 'name';
}

const URL = /\bhttps?:\/\/\S+|\bwww\.\S+/gi;

function comparable(text: string): string {
  return normaliseArabic(text.toLowerCase()).replace(/[’`]/g, "'").replace(/[\s\-–—_]+/g, ' ');
}
function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
function sameDate(s: CalendarDate, r: CalendarDate): boolean {
  return (
    s.month === r.month && (s.day === null || s.day === r.day) && (s.year === null || r.year === null || s.year === r.year)
  );
}

/** What the references (source editions, trusted summaries) support, computed once per check. */
class References {
  /** Raw text, for case-sensitive acronym matching ("US" is not "us"). */
  readonly raw: string;
  readonly text: string;
  readonly numbers = new Set<string>();
  readonly dates: CalendarDate[] = [];
  readonly hasLatin: boolean;

  constructor(references: readonly string[]) {
    this.raw = references.join('\n');
    this.text = comparable(this.raw);
    this.hasLatin = references.some((r) => dominantScript(r) === 'latin');
    for (const ref of references) {
      for (const n of extractNumbers(ref)) for (const v of n.values) this.numbers.add(v);
      for (const v of numberWordValues(ref)) this.numbers.add(v);
      for (const d of extractDates(ref)) {
        for (const o of d.options) {
          this.dates.push(o);
          // "17/06/19" supports the figures 17, 6 and 2019 as well.
          for (const v of [o.day, o.month, o.year]) if (v !== null) this.numbers.add(String(v));
        }
      }
    }
  }

  contains(phrase: string): boolean {
    return this.text.includes(comparable(phrase));
  }
  private tokens: string[] | null = null;

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
}

/** "At Least Four Dead After Boats Sink Off Libya": every word capitalised, so capitals do not mark names. */
function titleCased(line: string): boolean {
  const words = line.match(/\p{L}{4,}/gu) ?? [];
  if (words.length < 3) return false;
  return words.filter((w) => /^\p{Lu}/u.test(w)).length / words.length >= 0.75;
}

function knownAliases(token: NameToken): readonly string[] | null {
  const key = comparable(token.text);
  return knownOrganisations.find((names) => names.some((n) => comparable(n) === key)) ?? null;
}

function nameSupported(token: NameToken, refs: References, summaryIsLatin: boolean): boolean {
  const aliases = knownAliases(token);
  if (aliases?.some((a) => (/^[A-Z]{2,}s?$/.test(a) ? refs.containsWholeWord(a) : refs.contains(a)))) return true;
  if (token.kind === 'acronym') {
    if (refs.containsWholeWord(token.text) || refs.containsWholeWord(token.text.replace(/s$/, ''))) return true;
    // A Latin summary translated from Arabic-script sources cannot be checked letter by letter.
    return summaryIsLatin && !refs.hasLatin && aliases === null;
  }
  if (refs.contains(token.text)) return true;
  if (summaryIsLatin && !refs.hasLatin) return true;
  return refs.containsNear(token.words);
}

/**
 * The faithfulness gate (SPEC 5.2): every figure, date and Latin-script name or acronym in `summary` must
 * appear in one of `references` (source editions; summaries written from a source edition). Digits are
 * compared by value in any script (12 = ١٢ = ۱۲, 1,200 = 1.200 = ١٬٢٠٠), number words in the references
 * count ("three" supports 3), dates are compared as calendar dates across languages. Arabic-script names
 * are not checked (no reliable capitalisation). Returns what the references do not support.
 */
export function checkFaithfulness(summary: string, referenceTexts: readonly string[]): UnsupportedToken[] {
  const refs = new References(referenceTexts);
  // URLs are reported elsewhere; their digits are not figures.
  const text = summary.replace(URL, (u) => ' '.repeat(u.length));
  const unsupported: UnsupportedToken[] = [];
  const seen = new Set<string>();
  const report = (t: UnsupportedToken): void => {
    const key = `${t.kind}:${t.text}`;
    if (!seen.has(key)) {
      seen.add(key);
      unsupported.push(t);
    }
  };

  const dates = extractDates(text);
  const dateSpans = dates.map((d) => [d.index, d.index + d.text.length] as const);
  for (const d of dates) {
    if (!d.options.some((o) => refs.dates.some((r) => sameDate(o, r)))) report({ text: d.text, kind: 'date' });
  }
  let from = 0;
  for (const n of extractNumbers(text)) {
    const index = text.indexOf(n.text, from);
    from = index + n.text.length;
    // A figure inside a date is judged with the date.
    if (dateSpans.some(([s, e]) => index >= s && index < e)) continue;
    if (!n.values.some((v) => refs.numbers.has(v))) report({ text: n.text, kind: 'number' });
  }
  const summaryIsLatin = dominantScript(text) === 'latin';
  for (const line of text.split('\n')) {
    if (titleCased(line)) continue;
    for (const name of extractNames(line)) {
      if (!nameSupported(name, refs, summaryIsLatin)) report({ text: name.text, kind: 'name' });
    }
  }
  return unsupported;
}
