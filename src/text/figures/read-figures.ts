import type { Figure, FigureClass, FigureReading, ReadingForm } from './figure.js';
import { figureClassAt } from './figure-class-at.js';
import { foldDigits } from './fold-digits.js';
import { lookUpNumberWord, numberLexicon } from './number-lexicon.js';
import { readNumberWords } from './read-number-words.js';

/**
 * Digits after Arabic-Indic/Persian digits were folded to 0-9. Grouped thousands with one separator used
 * throughout (1,000 / 1.000 / 1 000 / 1'000 / no-break and narrow no-break space / Arabic ٬), an optional
 * decimal part (. , ٫); or plain digits with an optional decimal part. Not after a Latin letter or digit
 * ("G7", "COP28" are names).
 */
const DIGITS =
  /(?<![A-Za-z\p{N}_])(?:\d{1,3}(?:([,.\u066C'\u00A0\u202F ])\d{3})(?:\1\d{3})*(?:[.,\u066B]\d+)?|\d+(?:[.,\u066B]\d+)?)(?![\p{N}])/gu;
const TIME = /(?<![\p{N}:])(\d{1,2}):(\d{2})(?::\d{2})?(?![\p{N}:])/gu;
/** Persian also writes decimals with a slash: ۲/۵ میلیون (one slash only; dates have two). */
const PERSIAN_DECIMAL = /(?<![\p{N}/])\d+\/\d+(?![\p{N}/])/gu;
/** Multipliers written onto the digits: 62k, $3m, €1.2bn. */
const SUFFIX = /^(?:(k|m|bn|mn)|[\s\u00A0](bn|mn))(?![\p{L}])/iu;
const SUFFIX_VALUE: Record<string, number> = { k: 1e3, m: 1e6, bn: 1e9, mn: 1e6 };
const ARABIC_DECIMAL_THOUSANDS = /\u066B\d{3}$/;
const NEXT_WORD = /^[\s\u00A0\u202F]+([\p{L}\p{M}\u200C]+)/u;

/**
 * Which of "," and "." a language writes between thousands (the other one marks decimals). English, Arabic
 * and Persian group with ","; French, Spanish, German... with "."; unknown languages may do either.
 */
function groupingMarks(language: string | undefined): string {
  const primary = (language ?? '').toLowerCase().split('-')[0] ?? '';
  if (['en', 'ar', 'fa', 'ur', 'he', 'zh', 'ja', 'ko', 'hi'].includes(primary)) return ',';
  if (
    [
      'fr',
      'es',
      'de',
      'it',
      'pt',
      'nl',
      'tr',
      'id',
      'da',
      'el',
      'ro',
      'pl',
      'sv',
      'nb',
      'no',
      'fi',
      'cs',
      'ru',
      'uk',
    ].includes(primary)
  )
    return '.';
  return ',.';
}

/**
 * The values a digit token can mean, with how each was read. "62,000" with one group of three digits is
 * thousands where the language groups with "," and a decimal where "," is its decimal mark (both when the
 * language is unknown); the decimal reading stays marked `decimal` so that it only ever meets a decimal.
 */
function digitReadings(
  token: string,
  separator: string | undefined,
  language: string | undefined,
): Array<{ value: number; form: ReadingForm }> {
  const asNumber = (s: string) => Number(s.replace(/[,\u066B]/g, '.'));
  // "٦٢٫٠٠٠", "٢٣١٬٠٨٧٫٠٠٠": the Arabic decimal mark before three digits is as often a mistaken thousands mark;
  // a decimal reading only, so it meets neither 62 nor 62,000.
  const form: ReadingForm = ARABIC_DECIMAL_THOUSANDS.test(token) ? 'decimal' : 'exact';
  if (separator === undefined) return [{ value: asNumber(token), form }];
  const decimal = /[.,\u066B]\d+$/.exec(token);
  const hasDecimal = decimal !== null && decimal[0][0] !== separator;
  const whole = hasDecimal && decimal ? token.slice(0, decimal.index) : token;
  const groups = whole.split(separator);
  const grouped = Number(groups.join('') + (hasDecimal && decimal ? `.${decimal[0].slice(1)}` : ''));
  if ((separator === '.' || separator === ',') && groups.length === 2 && !hasDecimal) {
    const asDecimal = asNumber(whole);
    // "0.062" can only be a decimal.
    if (groups[0] === '0') return [{ value: asDecimal, form: 'exact' }];
    const marks = groupingMarks(language);
    const readings: Array<{ value: number; form: ReadingForm }> = [];
    if (marks.includes(separator)) readings.push({ value: grouped, form: 'grouped' });
    if (marks !== separator) readings.push({ value: asDecimal, form: 'decimal' });
    return readings;
  }
  return [{ value: grouped, form }];
}

/** Multipliers after the digits ("62 million", "٦٢ مليون", "62 mil millones", "62k"): the factor and where they end. */
function multiplierAfter(text: string, from: number, language: string | undefined): { factor: number; end: number } {
  let factor = 1;
  let end = from;
  const suffix = SUFFIX.exec(text.slice(end, end + 4));
  if (suffix) {
    const unit = (suffix[1] ?? suffix[2] ?? '').toLowerCase();
    return { factor: SUFFIX_VALUE[unit] ?? 1, end: end + suffix[0].length };
  }
  const lexicon = numberLexicon(language);
  let last = 0;
  for (;;) {
    const next = NEXT_WORD.exec(text.slice(end, end + 40));
    const word = next?.[1];
    if (!next || !word) break;
    const hit = lookUpNumberWord(lexicon, word);
    if (hit?.entry.kind !== 'multiplier' || hit.entry.value < 1000 || hit.entry.value <= last) break;
    factor *= hit.entry.value;
    last = hit.entry.value;
    end += next[0].length;
  }
  return { factor, end };
}

const YEAR_BEFORE =
  /(?:^|[\s(])(?:in|since|until|by|of|from|to|and|en|depuis|desde|hasta|de|del|à|au|في|عام|العام|منذ|سنة|حتى|خلال|سال|از|تا|در)\s*$/iu;
const WORD_AFTER = /^[\s\u00A0]*[\p{L}]/u;

/** Words that say "year" themselves: the number after them is a year and nothing else ("عام 2015", "سال ۱۴۰۲"). */
const YEAR_NOUN_BEFORE = /(?:^|[\s(])(?:[وب]?(?:عام|العام|سنة)|سال|year)\s*$/iu;

/**
 * How a four-digit number in 1900-2100 reads: a year after "in", "since", "عام"... or when no word follows it, and
 * then also a count ("2019 people" is a count only); a year only after a word meaning "year", or after "in",
 * "since"... when no word follows ("In 2023, 2,013 people arrived": the 2023 supports no count of 2,023).
 */
function yearReading(text: string, index: number, end: number): 'year' | 'both' | 'count' {
  const before = text.slice(Math.max(0, index - 12), index);
  const wordAfter = WORD_AFTER.test(text.slice(end, end + 3));
  if (YEAR_NOUN_BEFORE.test(before) || (YEAR_BEFORE.test(before) && !wordAfter)) return 'year';
  return YEAR_BEFORE.test(before) || !wordAfter ? 'both' : 'count';
}

/**
 * Every figure in a text with the readings it allows (SPEC 5.2): digits in any script and locale, decimals,
 * multipliers applied ("1.5 million" is 1,500,000 and never 1.5), number words in en/fr/es/ar/fa, each with
 * its class (count, percent, money, ordinal, year, time, vague). `language` picks the number-word table.
 * `words: false` reads figures written in digits only (the same ones, in the same order), skipping the costly word pass.
 */
export function readFigures(text: string, language?: string, options?: { words?: boolean }): Figure[] {
  const folded = foldDigits(text);
  const figures: Figure[] = [];
  /** Spans of figures and their class markers, which number words may not overlap. */
  const taken: Array<[number, number]> = [];
  const times: Array<[number, number]> = [];
  for (const m of folded.matchAll(TIME)) {
    const end = m.index + m[0].length;
    times.push([m.index, end]);
    taken.push([m.index, end]);
    const value = Number(m[1]) * 60 + Number(m[2]);
    figures.push({
      text: text.slice(m.index, end),
      index: m.index,
      end,
      kind: 'digits',
      readings: [{ value, class: 'time', form: 'exact' }],
    });
  }
  /** Digit figures in order, with the multiplier and class each was read with: a range takes its last figure's unit. */
  const read: RangeEnd[] = [];
  const persian = (language ?? '').toLowerCase().startsWith('fa') ? [...folded.matchAll(PERSIAN_DECIMAL)] : [];
  for (const m of [...persian, ...folded.matchAll(DIGITS)]) {
    if (times.some(([s, e]) => m.index >= s && m.index < e)) continue;
    const isPersianDecimal = m[0].includes('/');
    if (!isPersianDecimal && persian.some((p) => m.index >= p.index && m.index < p.index + p[0].length)) continue;
    const digitsEnd = m.index + m[0].length;
    const { factor, end } = multiplierAfter(folded, digitsEnd, language);
    const found = figureClassAt(
      text.slice(Math.max(0, m.index - 16), m.index),
      text.slice(end, end + 24),
      end === digitsEnd,
    );
    const cls = found.class;
    taken.push([m.index, end + found.markerLength]);
    const base = isPersianDecimal
      ? [{ value: Number(m[0].replace('/', '.')), form: 'exact' as const }]
      : digitReadings(m[0], m[1], language);
    const unit = found.unit === undefined ? {} : { unit: found.unit };
    let readings: FigureReading[] = base.map((r) => ({ value: r.value * factor, class: cls, form: r.form, ...unit }));
    const plain = readings[0]?.value ?? 0;
    // "in 2019": a year, or also a count when it may be one ("2019 people"); dates are read by extractDates.
    const year =
      cls === 'count' && factor === 1 && /^\d{4}$/.test(m[0]) && plain >= 1900 && plain <= 2100
        ? yearReading(text, m.index, end)
        : 'count';
    if (year !== 'count') {
      const asYear: FigureReading = { value: plain, class: 'year', form: 'exact' };
      readings = year === 'year' ? [asYear] : [...readings, asYear];
    }
    const figure: Figure = {
      text: text.slice(m.index, cls === 'ordinal' ? digitsEnd : end),
      index: m.index,
      end,
      kind: 'digits',
      readings,
    };
    figures.push(figure);
    read.push({ figure, factor, cls, unit: found.unit });
  }
  read.sort((a, b) => a.figure.index - b.figure.index);
  for (let i = 0; i + 1 < read.length; i++) {
    if (joinRemainder(read[i] as RangeEnd, read[i + 1] as RangeEnd, folded)) {
      figures.splice(figures.indexOf((read[i + 1] as RangeEnd).figure), 1);
      read.splice(i + 1, 1);
    }
  }
  for (let i = 0; i + 1 < read.length; i++) shareRangeUnit(read[i] as RangeEnd, read[i + 1] as RangeEnd, folded);
  for (const w of options?.words === false ? [] : readNumberWords(text, language)) {
    if (taken.some(([s, e]) => w.index < e && w.end > s)) continue;
    const found = figureClassAt(text.slice(Math.max(0, w.index - 16), w.index), text.slice(w.end, w.end + 24), false);
    const cls = w.vague ? 'vague' : w.fraction ? 'fraction' : w.unit ? 'measure' : found.class;
    // "خمسة وعشرون في المائة": the percent marker is not a second number.
    taken.push([w.index, w.end + found.markerLength]);
    figures.push({
      text: w.text,
      index: w.index,
      end: w.end,
      kind: 'words',
      readings: [
        {
          value: w.value,
          class: cls,
          form: 'exact',
          ...(w.unit ? { unit: w.unit } : found.unit === undefined ? {} : { unit: found.unit }),
        },
        // "half" is 50%, "three quarters" 75% ("a third" is no whole percentage).
        ...(w.fraction && Number.isInteger(Number((w.value * 100).toPrecision(12)))
          ? [{ value: Number((w.value * 100).toPrecision(12)), class: 'percent' as const, form: 'exact' as const }]
          : []),
      ],
    });
  }
  return figures.sort((a, b) => a.index - b.index);
}

interface RangeEnd {
  figure: Figure;
  factor: number;
  cls: FigureClass;
  unit: string | undefined;
}

/** "و" between a scale and its remainder: "١٢ ألفا و٥٠٠", "۱۲ هزار و ۵۰۰". */
const REMAINDER_JOIN = /^[\s\u00A0]*و[\s\u00A0]*$/u;

/**
 * "١٢ ألفا و٥٠٠" (12,500), "٢ مليون و٣٠٠ ألف" (2,300,000): a figure with a scale, "و" and a smaller figure are one
 * number, with the class of the words after the last part; read apart, 12,000 and 500 would each pass for it.
 */
function joinRemainder(first: RangeEnd, second: RangeEnd, text: string): boolean {
  if (first.factor < 1000 || !REMAINDER_JOIN.test(text.slice(first.figure.end, second.figure.index))) return false;
  const whole = first.figure.readings.find((r) => r.form !== 'decimal' && r.class === 'count');
  if (!whole) return false;
  const parts = second.figure.readings.filter(
    (r) => r.form !== 'decimal' && r.class !== 'year' && r.value < first.factor,
  );
  if (parts.length === 0) return false;
  first.figure.readings = parts.map((r) => ({ ...r, value: whole.value + r.value }));
  // The gap is spaces and "و", the same in the folded text.
  first.figure.text += text.slice(first.figure.end, second.figure.index) + second.figure.text;
  first.figure.end = second.figure.end;
  first.cls = second.cls;
  first.unit = second.unit;
  return true;
}

/** What joins the two ends of a range: "20 and 30", "20 to 30", "20-30", "20 et 30", "٢٠ و٣٠", "۲۰ تا ۳۰". */
const RANGE_JOIN = /^[\s\u00A0]*(?:-|–|—|to|and|et|à|au|y|a|al|و|إلى|الى|حتى|تا)[\s\u00A0]*$/iu;

/**
 * "between 20 and 30 per cent", "2 to 3 million": the first figure of a range written without its unit takes the
 * unit of the second (percent, money, multiplier), so it is read as 20% and 2 million, never as 20 or 2 people.
 */
function shareRangeUnit(first: RangeEnd, second: RangeEnd, text: string): void {
  if (
    first.factor !== 1 ||
    first.cls !== 'count' ||
    !RANGE_JOIN.test(text.slice(first.figure.end, second.figure.index))
  )
    return;
  const unit = second.cls === 'percent' || second.cls === 'money' || second.cls === 'measure' ? second.cls : 'count';
  if (unit === 'count' && second.factor === 1) return;
  const counts = first.figure.readings.filter((r) => r.class === 'count');
  if (counts.length === 0) return;
  // The second figure's multiplier, when it has one, applies to the first ("2 to 3 million" -> 2,000,000).
  const currency = unit !== 'count' && second.unit !== undefined ? { unit: second.unit } : {};
  first.figure.readings = counts.map((r) => ({ ...r, value: r.value * second.factor, class: unit, ...currency }));
}
