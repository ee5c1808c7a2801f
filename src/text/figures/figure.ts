/**
 * What a figure counts. Values of different classes never support each other: 20% is not 20 people,
 * 5,000 euros are not 5,000 migrants, and a year inside a date is not a count; nor is a `label` ("week 23", "Article 14",
 * "resolution 2240"): it names something, it counts nothing. A `fraction` ("half", "a third", "ثلث") is a share of a whole; a `measure` (62 km, 7 days, a
 * 12-year-old) has its unit and counts no people.
 */
export type FigureClass =
  | 'count'
  | 'percent'
  | 'money'
  | 'ordinal'
  | 'year'
  | 'time'
  | 'vague'
  | 'label'
  | 'fraction'
  | 'measure';

/**
 * How a reading was obtained. "1.000" and "62,000" are ambiguous: grouped thousands (the `grouped` reading)
 * or a decimal (the `decimal` reading). A `decimal` reading only ever meets another `decimal` reading, so a
 * scale error (62 -> "62,000", 20,000 -> 20) can never pass through the decimal reading of one side.
 */
export type ReadingForm = 'exact' | 'grouped' | 'decimal';

export interface FigureReading {
  value: number;
  class: FigureClass;
  form: ReadingForm;
  /** For money, the currency ("dollar", "euro"...); for a measure, its unit ("km", "day", "year"...). */
  unit?: string;
}

/** One figure in a text: digits (any script, any separators, multipliers applied) or number words. */
export interface Figure {
  /** As written. */
  text: string;
  /** Offsets in the text. */
  index: number;
  end: number;
  /** Every reading the figure allows; it is supported when one of them is. */
  readings: FigureReading[];
  kind: 'digits' | 'words';
}

/** Canonical key of a value, so 1.2e3 and 1200 compare equal (float noise removed). */
export function valueKey(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** Whether reading `claim` (a summary's) is supported by reading `evidence` (a source's). */
export function readingSupports(evidence: FigureReading, claim: FigureReading): boolean {
  if (evidence.class !== claim.class || valueKey(evidence.value) !== valueKey(claim.value)) return false;
  if (evidence.unit !== claim.unit) return false;
  return (evidence.form === 'decimal') === (claim.form === 'decimal');
}
