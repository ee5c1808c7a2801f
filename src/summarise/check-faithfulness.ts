import { dominantScript } from '../text/dominant-script.js';
import { type CalendarDate, type DateToken, extractDates } from '../text/extract-dates.js';
import { extractNames, type NameToken } from '../text/extract-names.js';
import { knownOrganisations } from '../text/known-organisations.js';
import { normaliseArabic } from '../text/normalise-arabic.js';
import type { Figure } from '../text/figure.js';
import { readFigures } from '../text/read-figures.js';
import { contextWords, type ReferenceText, SourceFigures, withoutLinks } from './source-figures.js';

export interface UnsupportedToken {
  /** As written in the summary. */
  text: string;
  kind: 'number' | 'date' | 'name';
  /** For a figure: the source figure it most likely stands for, as the source writes it. */
  sourceSays?: string;
}

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
  readonly figures: SourceFigures;
  readonly dates: CalendarDate[] = [];
  readonly hasLatin: boolean;

  constructor(references: readonly ReferenceText[]) {
    const texts = references.map((r) => withoutLinks(r.text));
    this.raw = texts.join('\n');
    this.text = comparable(this.raw);
    this.hasLatin = texts.some((r) => dominantScript(r) === 'latin');
    this.figures = new SourceFigures(references);
    for (const ref of texts) for (const d of extractDates(ref)) this.dates.push(...d.options);
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

/** The gate checks every language of a story against the same editions: read them once. */
const recent = new Map<string, References>();
function referencesFor(references: readonly ReferenceText[]): References {
  const key = JSON.stringify(references.map((r) => [r.language ?? '', r.text]));
  let refs = recent.get(key);
  if (!refs) {
    refs = new References(references);
    if (recent.size >= 16) recent.delete(recent.keys().next().value as string);
    recent.set(key, refs);
  }
  return refs;
}

/** "between 17 and 23 June": a day before a range connector and a date is a day of that date's month. */
const RANGE_TO_DATE = /^\s*(?:and|to|until|-|–|—|et|au|y|al|a|و|إلى|الى|حتى|تا)\s*$/u;
function isRangeDay(figure: Figure, text: string, dates: readonly DateToken[], refs: References): boolean {
  const day = figure.readings[0]?.value ?? 0;
  const next = dates.find((d) => d.index >= figure.end && RANGE_TO_DATE.test(text.slice(figure.end, d.index)));
  if (!next || !Number.isInteger(day) || day < 1 || day > 31) return false;
  return next.options.some((o) => refs.dates.some((r) => sameDate({ ...o, day }, r)));
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
 * The faithfulness gate (SPEC 5.2): every figure, date and name in `summary` must appear in one of
 * `references` (the editions' titles and bodies; summaries written from a source edition), never in
 * metadata. Figures are compared as values of a class (count, percent, money, year...), in any digits,
 * separators, multipliers and number words (62 = ٦٢ = sixty-two; 62 is not "62,000" nor "62 million");
 * dates as calendar dates across languages. Returns what the references do not support.
 */
export function checkFaithfulness(
  summary: string,
  referenceTexts: readonly (string | ReferenceText)[],
  options: { language?: string } = {},
): UnsupportedToken[] {
  const refs = referencesFor(referenceTexts.map((r) => (typeof r === 'string' ? { text: r } : r)));
  // URLs are reported elsewhere; their digits are not figures.
  const text = withoutLinks(summary);
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
  for (const figure of readFigures(text, options.language)) {
    // A figure inside a date is judged with the date.
    if (dateSpans.some(([s, e]) => figure.index >= s && figure.index < e)) continue;
    if (refs.figures.supports(figure) || isRangeDay(figure, text, dates, refs)) continue;
    const sourceSays = refs.figures.closestTo(figure, contextWords(text, figure.index, figure.end));
    report({ text: figure.text, kind: 'number', ...(sourceSays === null ? {} : { sourceSays }) });
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
