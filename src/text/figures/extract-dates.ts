import { foldDigits } from './fold-digits.js';
import { normaliseArabic } from '../normalise-arabic.js';

export interface CalendarDate {
  day: number | null;
  month: number;
  year: number | null;
}

export interface DateToken {
  text: string;
  /** Offset of the token in the text. */
  index: number;
  /** What the token can mean ("05/06/19" is 5 June or 6 May). */
  options: CalendarDate[];
}

const MONTHS: Array<[number, string]> = [
  [1, 'january jan janvier enero يناير كانون الثاني ژانويه'],
  [2, 'february feb février fevrier febrero فبراير شباط فوريه'],
  [3, 'march mar mars marzo مارس اذار'],
  [4, 'april apr avril abril ابريل نيسان اوريل'],
  [5, 'may mai mayo مايو ايار'],
  [6, 'june jun juin junio يونيو يونيه حزيران ژوين ژوئن'],
  [7, 'july jul juillet julio يوليو يوليه تموز ژوييه ژوئیه جولاي'],
  [8, 'august aug août aout agosto اغسطس اوت اگوست'],
  [9, 'september sep sept septembre septiembre سبتمبر ايلول سپتامبر'],
  [10, 'october oct octobre octubre اكتوبر تشرين الاول اكتبر'],
  [11, 'november nov novembre noviembre نوفمبر تشرين الثاني نوامبر'],
  [12, 'december dec décembre decembre diciembre ديسمبر كانون الاول دسامبر'],
];
/** English month names that are also ordinary words count only when capitalised. */
const CAPITALISED_ONLY = new Set([
  'may',
  'mar',
  'jan',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'march',
]);
/** Two-word Levantine month names, tried before single words. */
const TWO_WORD = new Map<string, number>([
  ['كانون الثاني', 1],
  ['تشرين الاول', 10],
  ['تشرين الثاني', 11],
  ['كانون الاول', 12],
]);
const MONTH_OF = new Map<string, number>();
for (const [month, names] of MONTHS) {
  for (const name of names.split(' ')) {
    const n = normaliseArabic(name);
    if (!['كانون', 'تشرين', 'الثاني', 'الاول'].includes(n)) MONTH_OF.set(n, month);
  }
}

const WORD = /\d+(?:st|nd|rd|th|er|e|ème)?(?![\p{L}\d])|[\p{L}\p{M}]+|\d+/gu;
const ISO = /(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/g;
const NUMERIC = /(?<![\d/.])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\d/.])/g;

function fullYear(y: number): number {
  return y < 100 ? (y < 70 ? 2000 + y : 1900 + y) : y;
}
function valid(d: CalendarDate): boolean {
  return d.month >= 1 && d.month <= 12 && (d.day === null || (d.day >= 1 && d.day <= 31));
}

interface Word {
  text: string;
  norm: string;
  index: number;
}

function monthOf(words: Word[], i: number): { month: number; span: number } | null {
  const w = words[i];
  if (!w) return null;
  const next = words[i + 1];
  if (next) {
    const two = TWO_WORD.get(`${w.norm.replace(/^[وبل]/, '')} ${next.norm}`) ?? TWO_WORD.get(`${w.norm} ${next.norm}`);
    if (two) return { month: two, span: 2 };
  }
  const direct = MONTH_OF.get(w.norm) ?? (/^[وبل]/.test(w.norm) ? MONTH_OF.get(w.norm.slice(1)) : undefined);
  if (direct === undefined) return null;
  if (CAPITALISED_ONLY.has(w.norm) && !/^\p{Lu}/u.test(w.text)) return null;
  return { month: direct, span: 1 };
}

function asDay(w: Word | undefined): number | null {
  const m = w ? /^(\d{1,2})(st|nd|rd|th|er|e|ème)?$/.exec(w.norm) : null;
  if (!m) return null;
  const d = Number(m[1]);
  return d >= 1 && d <= 31 ? d : null;
}
/** Days written as ordinal words: "the fourth of June", "الرابع من يونيو", "le premier juin". */
const ORDINAL_DAY = new Map<string, number>(
  [
    ...`first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth
    fifteenth sixteenth seventeenth eighteenth nineteenth twentieth`
      .split(/\s+/)
      .map((w, i): [string, number] => [w, i + 1]),
    ...'الاول الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر'
      .split(' ')
      .map((w, i): [string, number] => [w, i + 1]),
    ['الحادي', 1] as const,
    ['thirtieth', 30] as const,
    ['العشرين', 20] as const,
    ['الثلاثين', 30] as const,
    ['premier', 1] as const,
    ['primero', 1] as const,
  ].filter(([w]) => w !== ''),
);
const TENS_BEFORE = new Map([
  ['twenty', 20],
  ['thirty', 30],
]);

/** An ordinal-word day ending at word `k`, and its first word: "twenty-first", "الحادي عشر", "الخامس والعشرين". */
function ordinalDay(words: Word[], k: number): { day: number; first: number } | null {
  const w = words[k]?.norm;
  if (w === undefined) return null;
  const unit = ORDINAL_DAY.get(w);
  if (unit !== undefined) {
    const tens = TENS_BEFORE.get(words[k - 1]?.norm ?? '');
    return tens !== undefined && unit < 10 ? { day: tens + unit, first: k - 1 } : { day: unit, first: k };
  }
  // "الثالث عشر" (13th), "الخامس والعشرين" (25th).
  const before = ORDINAL_DAY.get(words[k - 1]?.norm ?? '');
  if (before === undefined || before >= 10) return null;
  if (w === 'عشر') return { day: before + 10, first: k - 1 };
  const tens = w === 'والعشرين' ? 20 : w === 'والثلاثين' ? 30 : 0;
  return tens > 0 && tens + before <= 31 ? { day: tens + before, first: k - 1 } : null;
}

function asYear(w: Word | undefined): number | null {
  return w && /^\d{4}$/.test(w.norm) ? Number(w.norm) : null;
}

/** Dates in a text: "17 June 2019", "June 17", "juin 2019", "١٢ يونيو", "2019-06-17", "17/06/19", or a month alone. */
export function extractDates(text: string): DateToken[] {
  const folded = foldDigits(text);
  const tokens: DateToken[] = [];
  for (const re of [ISO, NUMERIC]) {
    re.lastIndex = 0;
    for (let m = re.exec(folded); m !== null; m = re.exec(folded)) {
      const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const options: CalendarDate[] =
        re === ISO
          ? [{ year: a, month: b, day: c }]
          : [
              { day: a, month: b, year: fullYear(c) },
              { day: b, month: a, year: fullYear(c) },
            ];
      const ok = options.filter(valid);
      if (ok.length > 0) tokens.push({ text: text.slice(m.index, m.index + m[0].length), index: m.index, options: ok });
    }
  }
  const words: Word[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(folded); m !== null; m = WORD.exec(folded)) {
    words.push({ text: m[0], norm: normaliseArabic(m[0].toLowerCase()), index: m.index });
  }
  for (let i = 0; i < words.length; i++) {
    const found = monthOf(words, i);
    if (!found) continue;
    let first = i;
    let last = i + found.span - 1;
    // "17 June", "17 of June", "17 de junio"
    let day = asDay(words[i - 1]);
    if (day !== null) first = i - 1;
    else if (/^(of|de|du)$/.test(words[i - 1]?.norm ?? '') && asDay(words[i - 2]) !== null) {
      day = asDay(words[i - 2]);
      first = i - 2;
    } else {
      // "the fourth of June", "الرابع من (شهر) يونيو", "le premier juin".
      const link = words[i - 1]?.norm === 'شهر' ? i - 2 : i - 1;
      const ordinal = /^(of|de|du|من)$/.test(words[link]?.norm ?? '')
        ? ordinalDay(words, link - 1)
        : words[i - 1]?.norm === 'premier'
          ? { day: 1, first: i - 1 }
          : null;
      if (ordinal !== null) {
        day = ordinal.day;
        first = ordinal.first;
      }
    }
    // "June 17", "June 2019", "June 17, 2019"; "أبريل/نيسان 2019" skips the second month name.
    let after = last + 1;
    const alias = monthOf(words, after);
    if (alias?.month === found.month) {
      after += alias.span;
      last = after - 1;
    }
    if (day === null && asDay(words[after]) !== null && asYear(words[after]) === null) {
      day = asDay(words[after]);
      last = after;
      after++;
    }
    // Ranges: "17–23 June", "June 17–23" name two days of the month.
    const days = day === null ? [] : [day];
    const dash = (a: Word | undefined, b: Word | undefined) =>
      a !== undefined && b !== undefined && /^\s*[-–—]\s*$/.test(folded.slice(a.index + a.text.length, b.index));
    if (day !== null && first === i - 1 && asDay(words[i - 2]) !== null && dash(words[i - 2], words[i - 1])) {
      days.push(asDay(words[i - 2]) ?? 0);
      first = i - 2;
    } else if (
      day !== null &&
      last === after - 1 &&
      asDay(words[after]) !== null &&
      asYear(words[after]) === null &&
      dash(words[last], words[after])
    ) {
      days.push(asDay(words[after]) ?? 0);
      last = after;
      after++;
    }
    const year = asYear(words[after]);
    if (year !== null) last = after;
    const start = words[first]?.index ?? 0;
    const endWord = words[last];
    const end = endWord ? endWord.index + endWord.text.length : start;
    const options = (days.length > 0 ? days : [null]).map((d) => ({ day: d, month: found.month, year }));
    tokens.push({ text: text.slice(start, end), index: start, options });
    i = last;
  }
  return tokens;
}
