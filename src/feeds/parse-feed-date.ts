import { foldDigits } from '../text/figures/fold-digits.js';
/** Zone abbreviations JavaScript's Date does not know, as offsets. */
const ZONES: Record<string, string> = {
  CET: '+0100',
  CEST: '+0200',
  EET: '+0200',
  EEST: '+0300',
  WET: '+0000',
  WEST: '+0100',
  BST: '+0100',
  IST: '+0530',
  MSK: '+0300',
  AST: '+0300',
  GST: '+0400',
  PKT: '+0500',
  JST: '+0900',
  KST: '+0900',
  AEST: '+1000',
  AEDT: '+1100',
  SAST: '+0200',
  EAT: '+0300',
  WAT: '+0100',
  CAT: '+0200',
  TRT: '+0300',
};
const ISO = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?) ?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const RFC_ZONE = /(?:[+-]\d{4}|\b(?:GMT|UTC|UT|Z|[ECMP][SD]T)|\b([A-Z]{3,4}))$/;
/** Longer than any date a feed writes ("Wednesday, 31 December 2025 23:59:59.999 +0000 (Coordinated Universal Time)"). */
const MAX_LENGTH = 120;
const THREE_NUMBERS = /\d+\D+\d+\D+\d/;
const YEAR = /(?<!\d)\d{4}(?!\d)/;
const ENGLISH_MONTH = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i;
/** Before RSS existed: a date this early is an unset timestamp (1970-01-01 is 0), not a publication. */
const EARLIEST_YEAR = 1995;

/** Month names feeds write in French, Spanish and Arabic (Egyptian, Levantine and Maghreb forms), as JavaScript reads them. */
const MONTHS: Record<string, string> = {};
for (const [english, names] of Object.entries({
  Jan: 'janvier janv enero ene يناير جانفي كانون الثاني',
  Feb: 'février févr fevrier fevr febrero فبراير فيفري شباط',
  Mar: 'mars marzo مارس آذار',
  Apr: 'avril avr abril abr أبريل ابريل إبريل أفريل افريل نيسان',
  May: 'mai mayo مايو ماي أيار ايار',
  Jun: 'juin junio يونيو يونيه جوان حزيران',
  Jul: 'juillet juil julio يوليو يوليه جويلية تموز',
  Aug: 'août aout agosto ago أغسطس اغسطس أوت اوت آب',
  Sep: 'septembre sept septiembre setiembre سبتمبر أيلول ايلول',
  Oct: 'octobre octubre أكتوبر اكتوبر تشرين الأول تشرين الاول',
  Nov: 'novembre noviembre نوفمبر تشرين الثاني',
  Dec: 'décembre déc decembre diciembre dic ديسمبر كانون الأول كانون الاول',
})) {
  // Two-word Arabic names ("كانون الثاني") are one name.
  for (const name of names.replace(/(كانون|تشرين) /g, '$1\u00a0').split(' '))
    MONTHS[name.replace('\u00a0', ' ')] = english;
}
const MONTH_NAME = new RegExp(
  `(?<!\\p{L})(?:${Object.keys(MONTHS)
    .sort((a, b) => b.length - a.length)
    .join('|')})\\.?(?!\\p{L})`,
  'giu',
);

/** Eastern Arabic and Persian digits as Western ones (the figures' foldDigits), the Arabic comma as a comma. */
function westernDigits(text: string): string {
  return foldDigits(text).replaceAll('\u060c', ',');
}

/**
 * A date written with another language's month name ("06 janv. 2025", "3 de marzo de 2025", "06 يناير 2025") in
 * English words: the weekday before the first comma, "de" and other words dropped. Null when it names no month.
 */
function inEnglish(text: string): string | null {
  let named = false;
  const english = text.replace(/^[^\d,]*,\s*/, '').replace(MONTH_NAME, (name) => {
    named = true;
    return ` ${MONTHS[name.toLowerCase().replace(/\.$/, '')] ?? name} `;
  });
  return named
    ? english
        .replace(/\bde\b|[^\p{ASCII}]+/giu, ' ')
        .replace(/\s+/g, ' ')
        .trim()
    : null;
}

/** An ISO 8601 offset as JavaScript reads it: "+03", "+0300" and "+03:00" are all "+03:00". */
function isoZone(zone: string): string {
  if (zone.toUpperCase() === 'Z') return 'Z';
  const digits = zone.replace(':', '');
  return `${digits.slice(0, 3)}:${digits.slice(3, 5) || '00'}`;
}

/**
 * An offset written otherwise than RFC 822's "+0300", as "+0300": after "GMT" or "UTC" ("GMT+2", JavaScript's
 * "GMT+0300 (Arabia Standard Time)"), or with a colon ("+03:00"). A trailing comment ("(CET)") is dropped.
 */
function rfcOffset(text: string): string {
  return text
    .replace(/\s*\([^()]*\)$/, '')
    .replace(
      /\s*\b(?:GMT|UTC|UT)\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i,
      (_m, sign: string, hours: string, minutes?: string) => {
        return ` ${sign}${hours.padStart(2, '0')}${minutes ?? '00'}`;
      },
    )
    .replace(/([+-]\d{2}):(\d{2})$/, '$1$2');
}

function parseDate(value: string): string | null {
  let text = value;
  const iso = ISO.exec(text);
  if (iso) {
    const [, day, time, zone] = iso;
    text = time ? `${day}T${time.replace(',', '.')}${zone ? isoZone(zone) : 'Z'}` : `${day}T00:00:00Z`;
  } else {
    // JavaScript makes a date of a lone number ("0" is 2000-01-01): day, month and year, or a named month and year.
    if (!THREE_NUMBERS.test(text) && !(YEAR.test(text) && ENGLISH_MONTH.test(text))) return null;
    let zone = RFC_ZONE.exec(text);
    if (!zone) {
      text = rfcOffset(text);
      zone = RFC_ZONE.exec(text);
    }
    if (!zone) text = `${text} GMT`;
    else if (zone[1]) {
      const offset = ZONES[zone[1].toUpperCase()];
      text = offset ? `${text.slice(0, zone.index)}${offset}` : `${text.slice(0, zone.index)}GMT`;
    }
  }
  const time = Date.parse(text.replace(/,(?=\S)/, ', '));
  if (Number.isNaN(time)) return null;
  const year = new Date(time).getUTCFullYear();
  return year >= EARLIEST_YEAR && year <= 2200 ? new Date(time).toISOString() : null;
}

/**
 * Parses feed dates (RFC 822 pubDate, ISO 8601 dc:date / Atom, with or without time zone) to an
 * ISO string in UTC. A date without a time zone is taken as UTC, never as the server's local time.
 * Eastern Arabic and Persian digits are read, and French, Spanish and Arabic month names when the date does not parse
 * as written (only then: the common case costs nothing more).
 */
export function parseFeedDate(value: string | null | undefined): string | null {
  let text = value?.trim().replace(/\s+/g, ' ');
  // Dates are short; a long text is not one, and the patterns below must not run on megabytes.
  if (!text || text.length > MAX_LENGTH) return null;
  if (/[^\p{ASCII}]/u.test(text)) text = westernDigits(text);
  const parsed = parseDate(text);
  if (parsed || !/\p{L}/u.test(text)) return parsed;
  const english = inEnglish(text);
  return english ? parseDate(english) : null;
}
