import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SourceFigures } from '../../src/summarise/source-figures.js';
import { extractDates } from '../../src/text/figures/extract-dates.js';
import type { FigureClass } from '../../src/text/figures/figure.js';
import { readFigures } from '../../src/text/figures/read-figures.js';
import { numberToWords, type WordLanguage } from './number-to-words.js';

/**
 * The figure-gate corpus (issue 11): every figure of every fixture article, changed the way models err
 * (x1000, /1000, a multiplier, a number word of another value, a digit swap, +-1 for small values, another
 * currency, another fraction, thousands written with the Arabic decimal mark, a distance, duration or age
 * restated as a count of people, in
 * Western, Arabic-Indic and Persian digits and in each locale's separators) and restated faithfully (other
 * separators and digits, "1.2 thousand", number words of the same value), each put into a summary sentence
 * in the article's language and in the other digest language.
 */
export interface CorpusCase {
  article: string;
  /** The source figure as written, and the variant's name ("x1000 es-digits", "words"). */
  figure: string;
  variant: string;
  /** What the summary writes for the figure, and the whole summary. */
  written: string;
  summary: string;
  summaryLanguage: WordLanguage;
  references: Array<{ text: string; language: string }>;
  /** The edition's publishedAt: metadata, for measuring gates that (wrongly) read it. */
  publishedAt: string | null;
}

export interface FigureCorpus {
  corrupted: CorpusCase[];
  faithful: CorpusCase[];
  /** Corruptions left out because the changed value is another figure of the same source. */
  coincidences: number;
  articles: number;
  figures: number;
}

interface Article {
  id: string;
  lang: string;
  title: string;
  text: string;
  published: string | null;
}

const ARTICLES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'articles');
type Style = 'en' | 'es' | 'fr' | 'ar' | 'fa';
const STYLES: Style[] = ['en', 'es', 'fr', 'ar', 'fa'];
const GROUP: Record<Style, string> = { en: ',', es: '.', fr: '\u202F', ar: '\u066C', fa: '\u066C' };
const DECIMAL: Record<Style, string> = { en: '.', es: ',', fr: ',', ar: '\u066B', fa: '\u066B' };
const ZERO: Record<Style, number> = { en: 48, es: 48, fr: 48, ar: 0x0660, fa: 0x06f0 };
/**
 * The digit styles a summary in each language may faithfully use: its own separators, the unambiguous
 * narrow no-break space, Arabic-Indic and Persian digits. "1.200" in an English summary is not faithful to
 * 1200: an English reader reads 1.2.
 */
const FAITHFUL_STYLES: Record<WordLanguage, Style[]> = {
  en: ['en', 'fr', 'ar', 'fa'],
  fr: ['fr', 'es', 'ar', 'fa'],
  es: ['es', 'fr', 'ar', 'fa'],
  ar: ['en', 'fr', 'ar', 'fa'],
  fa: ['en', 'fr', 'ar', 'fa'],
};
/** How a summary in each language writes a decimal: a changed value with decimals is written that way. */
const DECIMAL_STYLES: Record<WordLanguage, Style[]> = {
  en: ['en', 'ar', 'fa'],
  fr: ['fr', 'ar', 'fa'],
  es: ['es', 'ar', 'fa'],
  ar: ['en', 'ar', 'fa'],
  fa: ['en', 'ar', 'fa'],
};

/** A value in a locale's digits and separators: 62,000 / 62.000 / 62 000 / ٦٢٬٠٠٠ / ۶۲٬۰۰۰. */
export function formatFigure(value: number, style: Style): string {
  const [whole = '0', fraction] = String(Number(value.toPrecision(12))).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, GROUP[style]);
  const text = fraction ? `${grouped}${DECIMAL[style]}${fraction}` : grouped;
  return text.replace(/\d/g, (d) => String.fromCharCode(ZERO[style] + Number(d)));
}

const THOUSAND: Record<WordLanguage, [string, string]> = {
  en: ['thousand', 'million'],
  fr: ['mille', 'millions'],
  es: ['mil', 'millones'],
  ar: ['ألف', 'مليون'],
  fa: ['هزار', 'میلیون'],
};

type Currency = 'euro' | 'dollar';
const CURRENCY: Record<Currency, Record<WordLanguage, string>> = {
  euro: { en: ' euros', fr: ' euros', es: ' euros', ar: ' يورو', fa: ' یورو' },
  dollar: { en: ' dollars', fr: ' dollars', es: ' dólares', ar: ' دولار', fa: ' دلار' },
};

/** Fractions as each language writes them ("half of them", "la moitié d'entre eux"), by value. */
const FRACTIONS: Record<WordLanguage, Record<string, string>> = {
  en: { '0.5': 'half', '0.333': 'a third', '0.25': 'a quarter' },
  fr: { '0.5': 'la moitié', '0.333': 'un tiers', '0.25': 'un quart' },
  es: { '0.5': 'la mitad', '0.333': 'un tercio', '0.25': 'un cuarto' },
  ar: { '0.5': 'نصف', '0.333': 'ثلث', '0.25': 'ربع' },
  fa: { '0.5': 'نیمی', '0.333': 'یک سوم', '0.25': 'یک چهارم' },
};
const fractionKey = (value: number) => String(Number(value.toFixed(3)));

/**
 * The sentence a summary puts a figure in, keeping the figure's class (a percent stays a percent, money its
 * currency, a fraction is "of them").
 */
/** Units of the measures the fixtures hold (62 km, 20 minutes, 23 years old), as each language writes them. */
const MEASURE_WORDS: Record<string, Record<WordLanguage, string>> = {
  km: { en: ' km', fr: ' km', es: ' km', ar: ' كيلومترا', fa: ' کیلومتر' },
  metre: { en: ' metres', fr: ' mètres', es: ' metros', ar: ' مترا', fa: ' متر' },
  minute: { en: ' minutes', fr: ' minutes', es: ' minutos', ar: ' دقيقة', fa: ' دقیقه' },
  hour: { en: ' hours', fr: ' heures', es: ' horas', ar: ' ساعات', fa: ' ساعت' },
  day: { en: ' days', fr: ' jours', es: ' días', ar: ' أيام', fa: ' روز' },
  week: { en: ' weeks', fr: ' semaines', es: ' semanas', ar: ' أسابيع', fa: ' هفته' },
  month: { en: ' months', fr: ' mois', es: ' meses', ar: ' أشهر', fa: ' ماه' },
  year: { en: ' years', fr: ' ans', es: ' años', ar: ' عاما', fa: ' سال' },
};

function sentence(language: WordLanguage, cls: FigureClass, figure: string, words: boolean, unit = 'euro'): string {
  const marker: Record<WordLanguage, Record<'percent' | 'count' | 'fraction', string>> = {
    en: { percent: words ? ' percent' : '%', count: ' people', fraction: ' of them' },
    fr: { percent: words ? ' pour cent' : ' %', count: ' personnes', fraction: ' d’entre elles' },
    es: { percent: words ? ' por ciento' : '%', count: ' personas', fraction: ' de ellas' },
    ar: { percent: words ? ' في المائة' : '٪', count: ' شخصا', fraction: ' منهم' },
    fa: { percent: words ? ' درصد' : '٪', count: ' نفر', fraction: ' از آنها' },
  };
  const n = `${figure}${
    cls === 'money'
      ? CURRENCY[unit as Currency][language]
      : cls === 'measure'
        ? (MEASURE_WORDS[unit]?.[language] ?? '')
        : marker[language][cls === 'percent' || cls === 'fraction' ? cls : 'count']
  }`;
  const templates: Record<WordLanguage, string> = {
    en: `Officials said ${n} were affected by the events described in the report.`,
    fr: `Selon les autorités, ${n} sont concernées par les faits décrits.`,
    es: `Según las autoridades, ${n} se vieron afectadas por los hechos descritos.`,
    ar: `وقال مسؤولون إن ${n} تأثروا بالأحداث الواردة في التقرير.`,
    fa: `مقامات گفتند ${n} تحت تأثیر این رویدادها قرار گرفتند.`,
  };
  return templates[language];
}

function swapDigits(value: number): number | null {
  if (!Number.isInteger(value)) return null;
  const digits = [...String(value)];
  for (let i = digits.length - 2; i >= 0; i--) {
    if (digits[i] !== digits[i + 1] && !(i === 0 && digits[i + 1] === '0')) {
      [digits[i], digits[i + 1]] = [digits[i + 1] as string, digits[i] as string];
      return Number(digits.join(''));
    }
  }
  return null;
}

function asWordLanguage(language: string): WordLanguage | null {
  return (['en', 'fr', 'es', 'ar', 'fa'] as const).find((l) => l === language) ?? null;
}

/** Builds the corpus from tests/fixtures/articles. */
export function buildFigureCorpus(): FigureCorpus {
  const corpus: FigureCorpus = { corrupted: [], faithful: [], coincidences: 0, articles: 0, figures: 0 };
  for (const file of readdirSync(ARTICLES)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const a = JSON.parse(readFileSync(join(ARTICLES, file), 'utf8')) as Article;
    const own = asWordLanguage(a.lang);
    if (!own) continue;
    corpus.articles++;
    const text = `${a.title}\n${a.text}`;
    const references = [{ text, language: a.lang }];
    const source = new SourceFigures(references);
    const dates = extractDates(text).map((d) => [d.index, d.index + d.text.length] as const);
    const seen = new Set<string>();
    const summaryLanguages: WordLanguage[] = [own, own === 'ar' || own === 'fa' ? 'en' : 'ar'];
    for (const figure of readFigures(text, a.lang)) {
      if (dates.some(([s, e]) => figure.index >= s && figure.index < e)) continue;
      const reading = figure.readings.find((r) => r.form !== 'decimal');
      if (!reading || !['count', 'percent', 'money', 'fraction', 'measure'].includes(reading.class)) continue;
      if (reading.class === 'money' && reading.unit !== 'euro' && reading.unit !== 'dollar') continue;
      if (reading.class === 'measure' && MEASURE_WORDS[reading.unit ?? ''] === undefined) continue;
      // The currency of money, the unit of a measure.
      const currency: string = reading.unit ?? 'euro';
      const key = `${reading.class}:${reading.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      corpus.figures++;
      const { value, class: cls } = reading;
      const add = (
        into: CorpusCase[],
        variant: string,
        written: string,
        language: WordLanguage,
        words: boolean,
        unit: string = currency,
        as: FigureClass = cls,
      ) =>
        into.push({
          article: a.id,
          figure: figure.text,
          variant,
          written,
          summary: sentence(language, as, written, words, unit),
          summaryLanguage: language,
          references,
          publishedAt: a.published,
        });
      const changed: Array<[string, number]> = [
        ['x1000', value * 1000],
        ['/1000', value / 1000],
        ['digit swap', swapDigits(value) ?? Number.NaN],
        ...(value <= 20 && Number.isInteger(value)
          ? ([
              ['-1', value - 1],
              ['+1', value + 1],
            ] as Array<[string, number]>)
          : []),
      ];
      for (const language of summaryLanguages) {
        const corrupt = (
          variant: string,
          changedValue: number,
          written: string,
          words = false,
          unit: string = currency,
          as: FigureClass = cls,
        ) => {
          const exists = source.supports({
            text: '',
            index: 0,
            end: 0,
            kind: 'digits',
            readings: [
              {
                value: changedValue,
                class: as,
                form: 'exact',
                ...(as === 'money' || as === 'measure' ? { unit } : {}),
              },
            ],
          });
          if (exists) corpus.coincidences++;
          else add(corpus.corrupted, variant, written, language, words, unit, as);
        };
        if (cls === 'measure') {
          // 48 km, 20 minutes or 23 years restated as 48, 20 or 23 people.
          corrupt(
            `class measure-as-count ${language}-digits`,
            value,
            formatFigure(value, language),
            false,
            '',
            'count',
          );
        }
        if (cls === 'fraction') {
          // Another share of the whole ("a third" for "half"), and the same one in the summary's language.
          const fractions = FRACTIONS[language];
          for (const [key, written] of Object.entries(fractions)) {
            if (key === fractionKey(value)) add(corpus.faithful, 'fraction words', written, language, true);
            else corrupt('fraction other', Number(key === '0.333' ? 1 / 3 : key), written, true);
          }
          continue;
        }
        if (cls === 'money') {
          // The same amount in another currency: 5,000 euros are not 5,000 dollars.
          const other: Currency = currency === 'dollar' ? 'euro' : 'dollar';
          corrupt(`currency ${language}-digits`, value, formatFigure(value, language), false, other);
        }
        if ((language === 'ar' || language === 'fa') && Number.isInteger(value) && value < 1e6) {
          // "٦٢٫٠٠٠": the thousands written with the Arabic decimal mark, which reads as 62.000.
          const decimalMark = `${formatFigure(value, language)}\u066B${formatFigure(0, language).repeat(3)}`;
          corrupt(`x1000 ${language}-decimal-mark`, value * 1000, decimalMark);
        }
        for (const [variant, v] of changed) {
          if (!Number.isFinite(v) || v < 0) continue;
          // Whole numbers in every locale's separators ("62.000" in an English summary is the x1000 trap);
          // decimals as the summary's language writes them (elsewhere they are another locale's thousands).
          const styles = Number.isInteger(v) ? STYLES : DECIMAL_STYLES[language];
          for (const style of styles) corrupt(`${variant} ${style}-digits`, v, formatFigure(v, style));
        }
        for (const style of [language, 'ar', 'fa'] as const) {
          const multiplied = `${formatFigure(value, style)} ${THOUSAND[language][1]}`;
          corrupt(`+multiplier ${style}-digits`, value * 1e6, multiplied);
        }
        if (Number.isInteger(value) && value < 1e9) {
          // Another value in words, as "seventy-two" for 62; 10 is skipped where its word is also "village" (fa ده).
          const other = value + 10 === 10 ? 11 : value + 10;
          corrupt('other value in words', other, numberToWords(other, language), true);
        }

        for (const style of FAITHFUL_STYLES[language])
          add(corpus.faithful, `${style}-digits`, formatFigure(value, style), language, false);
        if (value >= 1000 && Number.isInteger(value)) {
          const [thousand, million] = THOUSAND[language];
          const style: Style = language;
          if (value % 100 === 0)
            add(corpus.faithful, 'thousands', `${formatFigure(value / 1000, style)} ${thousand}`, language, false);
          if (value >= 1e6 && value % 1e5 === 0)
            add(corpus.faithful, 'millions', `${formatFigure(value / 1e6, style)} ${million}`, language, false);
          const rest = value % 1000;
          if ((language === 'ar' || language === 'fa') && value < 1e6 && rest !== 0) {
            // "١٢ ألفا و٥٠٠", "۱۲ هزار و ۵۰۰": the thousands and their remainder, one number; a changed remainder is wrong.
            const compound = (r: number) =>
              language === 'ar'
                ? `${formatFigure(Math.floor(value / 1000), 'ar')} ألفا و${formatFigure(r, 'ar')}`
                : `${formatFigure(Math.floor(value / 1000), 'fa')} هزار و ${formatFigure(r, 'fa')}`;
            add(corpus.faithful, 'thousands and remainder', compound(rest), language, false);
            const other = rest + 100 < 1000 ? rest + 100 : rest - 100;
            if (other > 0) corrupt('remainder changed', value - rest + other, compound(other));
          }
        }
        if (Number.isInteger(value) && value < 1e9) {
          add(corpus.faithful, 'words', numberToWords(value, language), language, true);
          if (language === 'en' && value > 1000 && value < 2000 && value % 100 === 0) {
            add(corpus.faithful, 'words (hundreds)', `${numberToWords(value / 100, 'en')} hundred`, language, true);
          }
        }
      }
    }
  }
  return corpus;
}

/** Whether the gate's report names the written figure (a report of another token does not count). */
export function namesFigure(reported: ReadonlyArray<{ text: string; kind: string }>, written: string): boolean {
  const w = written.replace(/\s+/g, ' ');
  return reported.some((t) => t.kind === 'number' && (w.includes(t.text.replace(/\s+/g, ' ')) || t.text.includes(w)));
}
