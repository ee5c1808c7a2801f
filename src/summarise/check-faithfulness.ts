import { type CalendarDate, type DateToken, extractDates } from '../text/figures/extract-dates.js';
import { extractWeekdays, weekdayOf } from '../text/figures/extract-weekdays.js';
import type { Figure } from '../text/figures/figure.js';
import { readFigures } from '../text/figures/read-figures.js';
import { checkNames } from './check-names.js';
import { NameReferences } from './name-references.js';
import { contextWords, type ReferenceText, SourceFigures, withoutLinks } from './source-figures.js';

export interface UnsupportedToken {
  /** As written in the summary. */
  text: string;
  kind: 'number' | 'date' | 'name';
  /** For a figure: the source figure it most likely stands for, as the source writes it. */
  sourceSays?: string;
}

function sameDate(s: CalendarDate, r: CalendarDate): boolean {
  return (
    s.month === r.month &&
    (s.day === null || s.day === r.day) &&
    (s.year === null || r.year === null || s.year === r.year)
  );
}

/** What the references (source editions, trusted summaries) support, computed once per check. */
class References {
  readonly names: NameReferences;
  readonly figures: SourceFigures;
  readonly dates: CalendarDate[] = [];
  /** Weekdays the references name, or that their full dates fall on. */
  readonly weekdays = new Set<number>();

  constructor(references: readonly ReferenceText[]) {
    const texts = references.map((r) => withoutLinks(r.text));
    this.names = new NameReferences(texts);
    this.figures = new SourceFigures(references);
    for (const ref of texts) {
      for (const d of extractDates(ref)) this.dates.push(...d.options);
      for (const w of extractWeekdays(ref, false)) this.weekdays.add(w.weekday);
    }
    for (const d of this.dates) {
      const weekday = weekdayOf(d);
      if (weekday !== null) this.weekdays.add(weekday);
    }
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

/**
 * The faithfulness gate (SPEC 5.2): every figure, date and name in `summary` must appear in one of
 * `references` (the editions' titles and bodies; summaries written from a source edition), never in
 * metadata. Figures are compared as values of a class (count, percent, money, year...), in any digits,
 * separators, multipliers and number words (62 = ٦٢ = sixty-two; 62 is not "62,000" nor "62 million");
 * dates as calendar dates across languages, weekdays against the weekdays and full dates of the references.
 * Returns what the references do not support.
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
  // "on Sunday" for the source's Saturday is a wrong date.
  for (const w of extractWeekdays(text, true))
    if (!refs.weekdays.has(w.weekday)) report({ text: w.text, kind: 'date' });
  for (const figure of readFigures(text, options.language)) {
    // A figure inside a date is judged with the date.
    if (dateSpans.some(([s, e]) => figure.index >= s && figure.index < e)) continue;
    if (refs.figures.supports(figure) || isRangeDay(figure, text, dates, refs)) continue;
    const sourceSays = refs.figures.closestTo(figure, contextWords(text, figure.index, figure.end));
    report({ text: figure.text, kind: 'number', ...(sourceSays === null ? {} : { sourceSays }) });
  }
  for (const name of checkNames(text, refs.names)) report({ text: name, kind: 'name' });
  return unsupported;
}
