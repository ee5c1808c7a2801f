import { normaliseArabic } from '../normalise-arabic.js';
import { type LexiconEntry, lookUpNumberWord, numberLexicon } from './number-lexicon.js';

/** A number written in words: an exact value, or a vague quantity's order of magnitude ("dozens" -> 10). */
export interface NumberWords {
  text: string;
  index: number;
  end: number;
  value: number;
  vague: boolean;
  /** A fraction of a whole ("half", "two thirds", "ثلث"); a fraction of a scale ("half a million") is a number. */
  fraction?: boolean;
  /** The unit of a measure written in the word itself ("يومين", two days). */
  unit?: string;
}

interface Token {
  text: string;
  index: number;
  end: number;
}

interface Number {
  index: number;
  end: number;
  total: number;
  current: number;
  /** The last multiplier of a thousand or more applied: "two thousand three thousand" is two numbers. */
  lastBig: number;
  strong: boolean;
}

const WORD = /[\p{L}\p{M}\u200C]+/gu;
/** Words linking a vague quantity to a scale: "tens of thousands", "des dizaines de milliers", "decenas de miles". */
const LINK = new Set(['of', 'de', 'd']);

/** Days named with numbers: Arabic "(يوم) الاثنين" (Monday), Persian "سه شنبه" (Tuesday) written with a space. */
function isWeekday(t: Token, next: Token | undefined): boolean {
  return (
    /^[وب]?ال[اإ]ثنين$/.test(t.text) || (next !== undefined && /^شنبه$/.test(next.text) && next.index - t.end <= 2)
  );
}

/** Whether `v` continues the number below a thousand that `current` holds (70 + 2, 300 + 72, 2 + 70 in Arabic). */
function fits(current: number, v: number): boolean {
  if (current === 0) return true;
  const low = current % 100;
  if (low === 0) return v < 100;
  if (low >= 20 && low % 10 === 0 && v < 10) return true;
  // French 60 and 80 take the teens: soixante-douze, quatre-vingt-dix-sept.
  if ((low === 60 || low === 80) && v >= 10 && v < 20) return true;
  if (low === 10 && v < 10) return true;
  // Arabic and teens: ثلاثة عشر (3 + 10), اثنان وسبعون (2 + 70).
  if (low < 10 && (v === 10 || (v >= 20 && v < 100 && v % 10 === 0))) return true;
  return false;
}

/**
 * Numbers written in words in `language` (en, fr, es, ar, fa; others read every table), up to the billions:
 * "seventy-two", "twelve hundred", "quatre-vingt-dix", "setenta y dos", "ألف ومئتان", "ثلاثة آلاف",
 * "هفتاد و دو", and vague quantities ("dozens", "عشرات الآلاف"). Words that double as articles ("one",
 * "un", "یک") count only inside a longer number.
 */
export function readNumberWords(text: string, language?: string): NumberWords[] {
  const lexicon = numberLexicon(language);
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD)) tokens.push({ text: m[0], index: m.index, end: m.index + m[0].length });
  const out: NumberWords[] = [];
  let n: Number | null = null;
  /** End of the last word read into the number, connectors included. */
  let lastEnd = 0;
  /** The last word read was "and" (or "a" after it): a fraction now adds to the number ("one and a half"). */
  let afterAnd = false;
  /** The scale a fraction just took half of: "مليون ونصف المليون" says it again. */
  let halved = 0;

  const close = () => {
    if (n?.strong) {
      out.push({
        text: text.slice(n.index, n.end),
        index: n.index,
        end: n.end,
        value: n.total + n.current,
        vague: false,
      });
    }
    n = null;
  };
  const open = (t: Token): Number => ({ index: t.index, end: t.end, total: 0, current: 0, lastBig: 0, strong: false });

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const hit = isWeekday(t, tokens[i + 1]) ? null : lookUpNumberWord(lexicon, t.text);
    const adjacent = n !== null && /^[\s\u00A0-]*$/.test(text.slice(lastEnd, t.index));
    if (n && (!hit || !adjacent)) close();
    if (!hit) {
      // "شخصان", "قاربين", "يومين": an Arabic dual says two by itself.
      const dual = dualOf(t.text);
      if (dual !== undefined) {
        out.push({ text: t.text, index: t.index, end: t.end, value: 2, vague: false, ...(dual ? { unit: dual } : {}) });
        lastEnd = t.end;
      }
      continue;
    }
    const entry: LexiconEntry = hit.entry;
    if (entry.kind === 'connector') {
      // A connector joins only when a number word follows it ("seventy and two" is read, "two and a boat" is 2).
      if (n) lastEnd = t.end;
      afterAnd = n !== null;
      continue;
    }
    // "one and a half": the article between "and" and the fraction.
    if (
      afterAnd &&
      n &&
      entry.kind === 'value' &&
      entry.value === 1 &&
      entry.weak &&
      isFraction(tokens[i + 1], lexicon)
    ) {
      lastEnd = t.end;
      continue;
    }
    if (entry.kind === 'multiplier' && n && entry.value === halved) {
      n.end = t.end;
      lastEnd = t.end;
      halved = 0;
      continue;
    }
    const joined = afterAnd || hit.joined;
    afterAnd = false;
    halved = 0;
    if (entry.kind === 'fraction') {
      const f = entry.value;
      // "one and a half million", "un million et demi", "مليون ونصف": the fraction of the unit just read.
      if (n && joined && (entry.use === 'joined' || hit.joined || /^an?$/i.test(tokens[i - 1]?.text ?? ''))) {
        if (n.current > 0) n.current += f;
        else {
          n.total += f * (n.lastBig || 1);
          halved = n.lastBig;
        }
        n.strong = true;
        n.end = t.end;
        lastEnd = t.end;
        continue;
      }
      // The number just read is the numerator: "two thirds", "a third", "ثلاثة أرباع", "یک سوم".
      const numerator: number =
        n && !joined && n.total === 0 && Number.isInteger(n.current) && n.current >= 1 && n.current <= 9
          ? n.current
          : 0;
      const start: number = numerator > 0 && n ? n.index : t.index;
      if (numerator > 0) n = null;
      else close();
      const scale = scaleAfterFraction(tokens, i, lexicon, text);
      if (scale) {
        // "half a million", "medio millón", "نصف مليون": a number, which may go on.
        n = {
          index: start,
          end: scale.end,
          total: (numerator || 1) * f * scale.value,
          current: 0,
          lastBig: scale.value,
          strong: true,
        };
        i = scale.last;
        lastEnd = scale.end;
        continue;
      }
      // "quarter-final", "half-brother": a word of its own.
      const compound = /^-\p{L}/u.test(text.slice(t.end, t.end + 2));
      if (!compound && (entry.use === 'alone' || (entry.use === 'numerated' && numerator > 0))) {
        out.push({
          text: text.slice(start, t.end),
          index: start,
          end: t.end,
          value: (numerator || 1) * f,
          vague: false,
          fraction: true,
        });
      }
      lastEnd = t.end;
      continue;
    }
    if (
      entry.kind === 'vague' ||
      (entry.kind === 'multiplier' && entry.aloneVague !== null && (n === null || (n.total === 0 && n.current === 0)))
    ) {
      close();
      const magnitude = entry.kind === 'vague' ? entry.value : (entry.aloneVague ?? entry.value);
      const scaled = scaleOfVague(tokens, i, lexicon, text);
      out.push({
        text: text.slice(t.index, scaled ? scaled.end : t.end),
        index: t.index,
        end: scaled ? scaled.end : t.end,
        value: magnitude * (scaled?.value ?? 1),
        vague: true,
      });
      if (scaled) i = scaled.last;
      lastEnd = out[out.length - 1]?.end ?? t.end;
      continue;
    }
    if (n === null) n = open(t);
    const cur: Number = n;
    if (entry.kind === 'value') {
      const v = entry.value;
      if (v >= 1000) {
        // Arabic duals of a scale (ألفان, مليونان) are a finished group: 2 x the scale.
        if (cur.current === 0 && (cur.lastBig === 0 || v / 2 < cur.lastBig)) {
          cur.total += v;
          cur.lastBig = v / 2;
        } else {
          close();
          n = open(t);
          n.total = v;
          n.lastBig = v / 2;
        }
      } else if (cur.current % 100 === 4 && /^vingts?$/i.test(t.text)) {
        cur.current += 76; // quatre-vingt(s) = 4 x 20
      } else if (!fits(cur.current, v)) {
        close();
        n = open(t);
        n.current = v;
      } else {
        cur.current += v;
      }
      const target = n as Number;
      // Weak words count inside a longer number: "أحد عشر" (11), "dix-neuf" (19), and "one" when it counts people.
      target.strong ||= !entry.weak || target.index < t.index || (v === 1 && countsOne(tokens, i));
      target.end = t.end;
    } else if (isConstructDual(t.text, entry.value) && cur.current === 0 && cur.total === 0) {
      // "مليونا شخص", "ألفا مهاجر": the dual before its noun (2 x the scale), when no number comes before it;
      // after one, the same letters are the accusative singular ("ستون ألفًا" is 60,000).
      cur.total = 2 * entry.value;
      cur.lastBig = entry.value;
      cur.strong = true;
      cur.end = t.end;
    } else {
      const m = entry.value;
      if (m < 1000) {
        if (cur.current >= 100) {
          close();
          n = open(t);
          n.current = m;
        } else {
          cur.current = (cur.current || 1) * m;
        }
      } else if (cur.current === 0 && cur.total === 0) {
        cur.total = m;
        cur.lastBig = m;
      } else if (cur.current === 0) {
        if (cur.total < m) {
          cur.total *= m; // "mil millones"
          cur.lastBig = m;
        } else {
          close();
          n = open(t);
          n.total = m;
          n.lastBig = m;
        }
      } else if (cur.lastBig !== 0 && m >= cur.lastBig) {
        close();
        n = open(t);
        n.total = m;
        n.lastBig = m;
      } else {
        cur.total += cur.current * m;
        cur.current = 0;
        cur.lastBig = m;
      }
      const target = n as Number;
      target.strong = true;
      target.end = t.end;
    }
    lastEnd = t.end;
  }
  close();
  return out;
}

/**
 * Arabic duals that say two by themselves, as normalised: people, boats and bodies ('' : a count), and spans of
 * time (their unit). Only nouns whose dual cannot be read as a plural: "مهاجرين" and "لاجئين" are plurals too.
 */
const DUALS = new Map<string, string>([
  ...`شخصان شخصين طفلان طفلين طفلتان طفلتين رجلان رجلين امراتان امراتين فتاتان فتاتين شقيقان شقيقين قاربان قاربين
  مركبان مركبين سفينتان سفينتين جثتان جثتين ناجيان ناجيين لاجئان`
    .split(/\s+/)
    .map((w): [string, string] => [w, '']),
  ...Object.entries({
    day: 'يومان يومين',
    hour: 'ساعتان ساعتين',
    month: 'شهران شهرين',
    year: 'عامان عامين سنتان سنتين',
    week: 'اسبوعان اسبوعين',
  }).flatMap(([unit, words]) => words.split(' ').map((w): [string, string] => [w, unit])),
]);
const DUAL_PREFIX = /^(?:وال|بال|لل|ال|و|ب|ل|ف)/;

/** The dual's unit ('' for a count) when `word` is one of DUALS, with or without و/ب/ل/ال before it. */
function dualOf(word: string): string | undefined {
  if (!/(?:ان|ين)$/.test(word)) return undefined;
  const folded = normaliseArabic(word);
  return DUALS.get(folded) ?? DUALS.get(folded.replace(DUAL_PREFIX, ''));
}

/** People and bodies, the things a casualty figure counts: "one person", "شخص واحد", "یک نفر". */
const PERSON = new Set(
  `person man woman child boy girl baby migrant refugee survivor body passenger victim نفر شخص رجل امراه طفل طفله
  مهاجر لاجئ ناج ناجي جثه ضحيه`.split(/\s+/),
);
const ONLY = new Set(['only', 'just', 'تنها', 'فقط']);
const SINGLE = new Set(['seul', 'seule', 'solo', 'sola']);

/**
 * Whether the word for one at `i` ("one", "un", "واحد", "یک"), which is an article or pronoun as often, is a count
 * here: "one person", "only one", "un seul", "una sola", "شخص واحد", "یک نفر". Read so in summary and source alike,
 * "one person died" for the source's two is caught; the source's "a man died" supports no "one man" (flagged).
 */
function countsOne(tokens: readonly Token[], i: number): boolean {
  // The English articles, by far the most frequent words for one, never count.
  const written = tokens[i]?.text;
  if (written === 'a' || written === 'an' || written === 'A' || written === 'An') return false;
  const word = (j: number) => normaliseArabic((tokens[j]?.text ?? '').toLowerCase());
  const t = word(i);
  if (t === 'one' || t === 'یک' || t === 'يك') return PERSON.has(word(i + 1)) || ONLY.has(word(i - 1));
  if (t === 'واحد' || t === 'واحده') return PERSON.has(word(i - 1));
  return SINGLE.has(word(i + 1));
}

function isFraction(t: Token | undefined, lexicon: ReturnType<typeof numberLexicon>): boolean {
  return t !== undefined && lookUpNumberWord(lexicon, t.text)?.entry.kind === 'fraction';
}

/** Words between a fraction and its scale: "half a million", "a quarter of a million", "la moitié d'un million". */
const FRACTION_FILLER = new Set(['a', 'an', 'of', 'un', 'une', 'd', 'de']);

/** "half a million", "medio millón", "demi-million", "نصف مليون": the scale a fraction is of, and its last token. */
function scaleAfterFraction(
  tokens: readonly Token[],
  i: number,
  lexicon: ReturnType<typeof numberLexicon>,
  text: string,
): { value: number; end: number; last: number } | null {
  for (let j = i + 1; j <= i + 3 && j < tokens.length; j++) {
    const t = tokens[j] as Token;
    if (!/^[\s\u00A0'’-]*$/.test(text.slice((tokens[j - 1] as Token).end, t.index))) return null;
    if (FRACTION_FILLER.has(t.text.toLowerCase())) continue;
    const e = lookUpNumberWord(lexicon, t.text)?.entry;
    return e?.kind === 'multiplier' && e.aloneVague === null && e.value >= 12
      ? { value: e.value, end: t.end, last: j }
      : null;
  }
  return null;
}

/** The construct-state dual of thousand, million or billion, written without tanween (which would make it singular). */
function isConstructDual(word: string, value: number): boolean {
  return value >= 1000 && /^[وب]?(?:[أا]لفا|مليونا|مليارا)$/.test(word);
}

/** "hundreds of thousands", "عشرات الآلاف": the scale after a vague word, and the index of its last token. */
function scaleOfVague(
  tokens: readonly Token[],
  i: number,
  lexicon: ReturnType<typeof numberLexicon>,
  text: string,
): { value: number; end: number; last: number } | null {
  let j = i + 1;
  if (tokens[j] && LINK.has((tokens[j] as Token).text.toLowerCase())) j++;
  const next = tokens[j];
  if (
    !next ||
    !/^[\s\u00A0'’-]*$/.test(text.slice((tokens[j - 1] as Token).end, next.index).replace(/\b(of|de|d)\b/gi, ''))
  )
    return null;
  const hit = lookUpNumberWord(lexicon, next.text);
  if (!hit) return null;
  const e = hit.entry;
  const value = e.kind === 'multiplier' ? (e.aloneVague ?? e.value) : e.kind === 'vague' ? e.value : 0;
  return value >= 1000 ? { value, end: next.end, last: j } : null;
}
