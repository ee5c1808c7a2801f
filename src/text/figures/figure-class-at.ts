import type { FigureClass } from './figure.js';
import { normaliseArabic } from '../normalise-arabic.js';

/** Patterns are written as people write; normalised like the text they read (ة -> ه, ی -> ي, أ -> ا). */
const normalised = (re: RegExp) => new RegExp(normaliseArabic(re.source), re.flags);
const PERCENT_AFTER = normalised(
  /^[\s\u00A0\u202F]*(?:%|٪|per[\s-]?cent\b|percent\b|pour[\s-]?cent\b|por[\s-]?ciento\b|(?:في\s?|بـ?)(?:المائة|المئة)|درصد)/iu,
);
const CURRENCY_BEFORE = normalised(
  /(?:[$€£¥₺﷼]|US\$|\b(?:USD|EUR|GBP|CHF|LYD|TND|EGP|SYP|LBP|TRY)|دولار|يورو|یورو|دلار)[\s\u00A0\u202F]*$/u,
);
// French and Spanish put "de" / "d'" between a multiplier and its currency: "2,5 millions d'euros", "3 millones de dólares".
const CURRENCY_AFTER = normalised(
  /^[\s\u00A0\u202F]*(?:d['’]\s?|de\s+)?(?:[$€£¥₺﷼]|(?:US\s?)?dollars?\b|euros?\b|pounds?\b|(?:USD|EUR|GBP|CHF|LYD|TND|EGP|SYP|LBP|TRY)\b|francs?\b|dinars?\b|dirhams?\b|liras?\b|d[oó]lares\b|libras\b|(?:و|ب)?(?:دولار|يورو|جنيه|دينار|ليرة|ريال|درهم|دلار|یورو|تومان|ریال))/iu,
);
/** The currency a money marker names, one word for all its spellings and scripts. */
const CURRENCIES: ReadonlyArray<[RegExp, string]> = [
  [/\$|dollar|d[oó]lar|USD|دولار|دلار/iu, 'dollar'],
  [/€|euro|EUR|يورو|یورو/iu, 'euro'],
  [/£|pound|libra|GBP|EGP|جنيه/iu, 'pound'],
  [/₺|lira|TRY|SYP|LBP|ليره/iu, 'lira'],
  [/﷼|ريال|ریال/u, 'rial'],
  [/franc|CHF/iu, 'franc'],
  [/dinar|LYD|TND|دينار/iu, 'dinar'],
  [/dirham|درهم/iu, 'dirham'],
  [/¥/u, 'yen'],
  [/تومان/u, 'toman'],
].map(([re, unit]) => [normalised(re as RegExp), unit as string]);

/**
 * Units of distance, time and weight, each form -> one name for the unit: 62 km are not 62 people, nor 62 hours.
 * Read from the first word after the figure ("62 km", "12-year-old", "٦٢ كيلومترا", "۷ روز"), normalised like the text.
 */
const UNIT_OF = new Map<string, string>(
  Object.entries({
    km: 'km kms kilometre kilometres kilometer kilometers kilomètre kilomètres kilómetro kilómetros كيلومتر كيلومترا كيلومترات كم کیلومتر کیلومتری',
    mile: 'mile miles nautical mille milles milla millas ميل ميلا اميال مایل مایلی',
    metre: 'metre metres meter meters mètre mètres metro metros متر مترا امتار متری',
    year: 'year years ans año años عاما اعوام سنوات سنه سنين سال ساله',
    month: 'month months mois mes meses اشهر شهور شهرا ماه ماهه',
    week: 'week weeks semaine semaines semana semanas اسابيع اسبوعا هفته',
    day: 'day days jour jours dia dias día días ايام يوما روز روزه',
    hour: 'hour hours heure heures hora horas ساعات ساعه ساعت ساعته',
    minute: 'minute minutes minuto minutos دقائق دقيقه دقیقه',
    kg: 'kg kilo kilos kilogramme kilogrammes kilogram kilograms kilogramo kilogramos كيلوغرام کیلوگرم',
    // Not Persian "تن": "۴۰ تن" is forty people.
    tonne: 'tonne tonnes ton tons tonelada toneladas طن طنا اطنان',
  }).flatMap(([unit, forms]) => forms.split(' ').map((f): [string, string] => [normaliseArabic(f), unit])),
);
/** A letter of a word, by code (the hot path of ingest reads every figure's next word). */
function isLetter(c: number): boolean {
  if (c < 0xc0) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  // Not general punctuation nor the Arabic comma, semicolon, question mark, percent and number separators.
  return !(c >= 0x2000 && c <= 0x206f) && c !== 0x060c && c !== 0x061b && c !== 0x061f && !(c >= 0x066a && c <= 0x066d);
}

/** The unit named by the first word after a figure, or after a hyphen ("12-year-old"); scanned, not matched. */
function unitAfter(next: string): string | undefined {
  let start = 0;
  if (next[0] === '-') start = 1;
  else
    while (start < next.length && (next[start] === ' ' || next[start] === '\u00A0' || next[start] === '\u202F'))
      start++;
  let end = start;
  while (end < next.length && end - start <= 12 && isLetter(next.charCodeAt(end))) end++;
  return end === start ? undefined : UNIT_OF.get(next.slice(start, end).toLowerCase());
}
/** "aged 12", "âgé de 12 ans", "بعمر ١٢": an age, in years. */
const AGE_BEFORE = normalised(/(?:^|[^\p{L}])(?:aged|age of|âgée?s? de|de edad de|بعمر|عمره|عمرها)[\s\u00A0]*$/iu);

function currencyOf(marker: string): string {
  return CURRENCIES.find(([re]) => re.test(marker))?.[1] ?? 'money';
}

/** Words that make the number after them a label, whatever follows: "Article 14", "resolution 2240", "flight 1923", "No. 5". */
const LABEL_BEFORE = normalised(
  /(?:^|[^\p{L}])(?:articles?|art\.|artículos?|articulos?|resolutions?|résolutions?|resoluci[oó]n|flights?|vol|vuelo|no\.|n°|nº|núm\.|المادة|القرار|رقم)[\s\u00A0]*$/iu,
);
/** "week 23" is a label when nothing is counted after it ("In week 23, 40 died"); "this week 40 people arrived" counts 40. */
const WEEK_BEFORE = normalised(/(?:^|[^\p{L}])(?:weeks?|semaines?|semanas?|الأسبوع|أسبوع|هفته)[\s\u00A0]*$/iu);
const NOTHING_COUNTED_AFTER = normalised(/^[\s\u00A0]*(?:$|[^\p{L}\p{M}\s]|(?:of|de|du|del|من|از)(?![\p{L}]))/u);

/** Digits directly followed by an ordinal suffix: 3rd, 17th, 1er, 2e, 2ème, 3º. */
const ORDINAL_AFTER = /^(?:st|nd|rd|th|er|re|e|ème|eme|º|ª)(?![\p{L}\p{N}])/u;

/**
 * The class of a figure from the words around it: a percent sign or word after it, a currency before or
 * after it ("$62 million", "٦٢ مليون دولار", "5.000 euros", with the currency as `unit`), an ordinal suffix, a label word before it ("week 23",
 * "Article 14"); otherwise a count.
 * The marker's length is returned so that "في المائة" is not read again as a number.
 * `before` ends where the figure starts; `after` starts where the figure (multiplier included) ends.
 */
export function figureClassAt(
  before: string,
  after: string,
  digitsEndDirectly: boolean,
): { class: FigureClass; markerLength: number; unit?: string } {
  const next = normaliseArabic(after.slice(0, 24));
  if (digitsEndDirectly && ORDINAL_AFTER.test(after)) return { class: 'ordinal', markerLength: 0 };
  const percent = PERCENT_AFTER.exec(next);
  if (percent) return { class: 'percent', markerLength: percent[0].length };
  const currency = CURRENCY_AFTER.exec(next);
  if (currency) return { class: 'money', markerLength: currency[0].length, unit: currencyOf(currency[0]) };
  const unit = unitAfter(next);
  if (unit !== undefined) return { class: 'measure', markerLength: 0, unit };
  const near = normaliseArabic(before);
  if ((near.includes('age') || near.includes('عمر') || near.includes('edad')) && AGE_BEFORE.test(near))
    return { class: 'measure', markerLength: 0, unit: 'year' };
  // "٪٦٢": Arabic text sometimes puts the percent sign before the digits.
  if (/[%٪]$/.test(near)) return { class: 'percent', markerLength: 0 };
  const currencyBefore = CURRENCY_BEFORE.exec(near.slice(-8));
  if (currencyBefore) return { class: 'money', markerLength: 0, unit: currencyOf(currencyBefore[0]) };
  if (LABEL_BEFORE.test(near) || (WEEK_BEFORE.test(near) && NOTHING_COUNTED_AFTER.test(next)))
    return { class: 'label', markerLength: 0 };
  return { class: 'count', markerLength: 0 };
}
