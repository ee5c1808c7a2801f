import { extractDates } from '../text/figures/extract-dates.js';
import { type Figure, type FigureReading, readingSupports, valueKey } from '../text/figures/figure.js';
import { normaliseArabic } from '../text/normalise-arabic.js';
import { readFigures } from '../text/figures/read-figures.js';

/** A text the gate checks against, with its language (picks the number-word table). */
export interface ReferenceText {
  text: string;
  language?: string;
}

/** The words around a figure (three on each side), to tell which source figure a wrong one replaced. */
export function contextWords(text: string, index: number, end: number): Set<string> {
  const words = (s: string) => normaliseArabic(s.toLowerCase()).match(/[\p{L}\p{M}]{3,}/gu) ?? [];
  return new Set([
    ...words(text.slice(Math.max(0, index - 40), index)).slice(-3),
    ...words(text.slice(end, end + 40)).slice(0, 3),
  ]);
}

/** Links and e-mail addresses: their digits are never figures. */
const LINKS = /\bhttps?:\/\/\S+|\bwww\.\S+|\S+@\S+\.\S+/gi;

/** A text with links blanked out (same length, so offsets still hold). */
export function withoutLinks(text: string): string {
  return text.replace(LINKS, (u) => ' '.repeat(u.length));
}

/**
 * The figures of the reference texts (SPEC 5.2: the editions' titles and bodies, never metadata), read once
 * per check. Inside a date only the year is kept, as a year: "17 June" supports the date, not 17 people.
 */
export class SourceFigures {
  private readonly figures: Array<Figure & { context: Set<string> }> = [];
  private readonly readings: FigureReading[] = [];
  private readonly keys = new Set<string>();

  constructor(references: readonly ReferenceText[]) {
    for (const ref of references) {
      const text = withoutLinks(ref.text);
      const dates = extractDates(text).map((d) => [d.index, d.index + d.text.length] as const);
      for (const figure of readFigures(text, ref.language)) {
        const inDate = dates.some(([s, e]) => figure.index >= s && figure.index < e);
        const readings = inDate ? figure.readings.filter((r) => r.class === 'year') : figure.readings;
        if (readings.length === 0) continue;
        this.figures.push({ ...figure, readings, context: contextWords(text, figure.index, figure.end) });
        for (const r of readings) {
          this.readings.push(r);
          this.keys.add(`${r.class}:${valueKey(r.value)}`);
        }
      }
    }
  }

  /** Whether one of the figure's readings is in the source with the same value and class. */
  supports(figure: Figure): boolean {
    return figure.readings.some((claim) => {
      if (claim.class === 'vague') return this.supportsVague(claim.value);
      if (!this.keys.has(`${claim.class}:${valueKey(claim.value)}`)) return false;
      return this.readings.some((evidence) => readingSupports(evidence, claim));
    });
  }

  /**
   * "dozens" / "hundreds" / "عشرات الآلاف": the source's own vague word, or a count of that order (at least
   * two of the unit; "thousands" and "millions" up to the next scale word).
   */
  private supportsVague(magnitude: number): boolean {
    const top = magnitude >= 1000 && Math.log10(magnitude) % 3 === 0 ? magnitude * 1000 : magnitude * 10;
    return this.readings.some(
      (r) =>
        (r.class === 'vague' && r.value === magnitude) ||
        (r.class === 'count' && r.form !== 'decimal' && r.value >= 2 * magnitude && r.value < top),
    );
  }

  /**
   * The source figure a wrong one most likely stands for, as the source writes it: the same digits a thousand
   * or a million times off (62 / "62,000"), else the nearest value of the same class; words shared around
   * the figure ("40 people died" / "four people have died") count most.
   */
  closestTo(figure: Figure, context: ReadonlySet<string> = new Set()): string | null {
    const claim = figure.readings[0];
    if (!claim) return null;
    const sameClass = this.figures.filter((f) => f.readings.some((r) => r.class === claim.class));
    const pool = sameClass.length > 0 ? sameClass : this.figures;
    let best: { text: string; score: number } | null = null;
    for (const f of pool) {
      for (const r of f.readings) {
        if (r.form === 'decimal' || r.value <= 0 || claim.value <= 0) continue;
        const distance = Math.abs(Math.log10(claim.value / r.value));
        // A factor of a thousand or a million is the separator and multiplier error; x10 is as often a typo.
        const scaled = distance > 1 && Math.abs(distance / 3 - Math.round(distance / 3)) < 1e-9;
        const shared = [...f.context].filter((w) => context.has(w)).length;
        const score = (scaled ? distance / 100 : 1 + distance) - shared;
        if (!best || score < best.score) best = { text: f.text, score };
      }
    }
    return best?.text ?? null;
  }
}
