import type { CalendarDate } from './extract-dates.js';

export interface WeekdayToken {
  text: string;
  index: number;
  /** 0 = Sunday ... 6 = Saturday. */
  weekday: number;
}

const NAMES: ReadonlyArray<readonly [number, string]> = [
  [0, 'sunday|dimanche|domingo|الأحد|الاحد|یکشنبه|يكشنبه|یک شنبه|یک‌شنبه'],
  [1, 'monday|lundi|lunes|الاثنين|الإثنين|دوشنبه|دو شنبه|دو‌شنبه'],
  [2, 'tuesday|mardi|martes|الثلاثاء|سه‌شنبه|سه شنبه|سهشنبه'],
  [3, 'wednesday|mercredi|miércoles|miercoles|الأربعاء|الاربعاء|چهارشنبه|چهار شنبه|چهار‌شنبه'],
  [4, 'thursday|jeudi|jueves|الخميس|پنجشنبه|پنج شنبه|پنج‌شنبه'],
  [5, 'friday|vendredi|viernes|الجمعة|الجمعه|جمعه'],
  [6, 'saturday|samedi|sábado|sabado|السبت|شنبه'],
];
const WEEKDAY_OF = new Map<string, number>();
for (const [day, names] of NAMES) for (const name of names.split('|')) WEEKDAY_OF.set(name, day);

/** Longest names first, so "سه شنبه" (Tuesday) is never read as its last word "شنبه" (Saturday). */
const ALTERNATION = [...WEEKDAY_OF.keys()].sort((a, b) => b.length - a.length).join('|');
/** Any weekday name, with Arabic clitics (و, ب, ل) before the article. */
const ANY = new RegExp(`(?<![\\p{L}\\p{M}\\u200C])[وبل]?(${ALTERNATION})(?![\\p{L}\\p{M}\\u200C])`, 'giu');
/** "الأحد" is also "one", "الاثنين" "the two", "الجمعة" "the congregation": a weekday only after "يوم" (day). */
const ARABIC_AMBIGUOUS = new Set(['الأحد', 'الاحد', 'الاثنين', 'الإثنين', 'الجمعة', 'الجمعه']);
const DAY_BEFORE = /(?:يوم|صباح|مساء|ليلة|ليله|فجر|ظهر)\s+$/u;

/**
 * Weekdays named in a text (en, fr, es, ar, fa). `strict` reads the Arabic words that are also ordinary words
 * ("الأحد" one, "الاثنين" the two) only after "يوم": a summary's weekday must be one; a source's may be read loosely.
 * English names count only capitalised ("sunday best" is not a date).
 */
export function extractWeekdays(text: string, strict: boolean): WeekdayToken[] {
  const out: WeekdayToken[] = [];
  for (const m of text.matchAll(ANY)) {
    const name = m[1] as string;
    const weekday = WEEKDAY_OF.get(name.toLowerCase()) ?? WEEKDAY_OF.get(name);
    if (weekday === undefined) continue;
    if (/^[a-z]/.test(name) && /^(?:sunday|monday|tuesday|wednesday|thursday|friday|saturday)$/.test(name)) continue;
    const before = text.slice(Math.max(0, m.index - 8), m.index);
    const afterDayWord = DAY_BEFORE.test(before);
    if (strict && ARABIC_AMBIGUOUS.has(name) && !afterDayWord) continue;
    const start =
      afterDayWord && /[\u0600-\u06FF]/.test(name) ? m.index - (/(\S+\s+)$/u.exec(before)?.[1]?.length ?? 0) : m.index;
    out.push({ text: text.slice(start, m.index + m[0].length), index: start, weekday });
  }
  return out;
}

/** The weekday of a full date (day, month and year known), else null. */
export function weekdayOf(date: CalendarDate): number | null {
  if (date.day === null || date.year === null) return null;
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}
