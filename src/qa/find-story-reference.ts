import type { Story } from '../domain/types.js';
import { foldDigits } from '../text/figures/fold-digits.js';

/** Where a question names a story of the digest: the story's index (from 0) and the words that named it. */
export interface StoryReference {
  index: number;
  start: number;
  end: number;
}

const L = '\\p{L}\\p{N}';
const BEFORE = `(?<![${L}])`;
const AFTER = `(?![${L}])`;
const NOUNS_LATIN =
  'stor(?:y|ies)|items?|articles?|news|entry|headline|link|piece|one|histoire|sujet|info(?:rmation)?|nouvelle|actualit[ée]|lien|noticia|art[íi]culo|historia|nota|enlace';
const NOUNS_ARABIC = 'الخبر|خبر|القصة|قصة|المقال|مقال|المقالة|المادة|البند|العنصر|الموضوع|الرابط|النبأ';
const NUMBER_WORDS = 'number|no\\.?|nr\\.?|n°|nº|num[ée]ro|n[úu]mero|#|رقم|شماره';
const ORDINALS: Array<[RegExp, number]> = [
  [/^(?:first|1st|premi(?:er|ère)|1(?:er|re|ère)|primer[oa]?|1[ºª°])$/iu, 1],
  [/^(?:second|2nd|deuxi[èe]me|seconde?|2e|2[èe]me|segund[oa]|2[ºª°])$/iu, 2],
  [/^(?:third|3rd|troisi[èe]me|3e|3[èe]me|tercer[oa]?|3[ºª°])$/iu, 3],
  [/^(?:fourth|4th|quatri[èe]me|4e|4[èe]me|cuart[oa]|4[ºª°])$/iu, 4],
  [/^(?:fifth|5th|cinqui[èe]me|5e|5[èe]me|quint[oa]|5[ºª°])$/iu, 5],
  [/^(?:sixth|6th|sixi[èe]me|6e|6[èe]me|sext[oa]|6[ºª°])$/iu, 6],
  [/^(?:seventh|7th|septi[èe]me|7e|7[èe]me|s[ée]ptim[oa]|7[ºª°])$/iu, 7],
  [/^(?:eighth|8th|huiti[èe]me|8e|8[èe]me|octav[oa]|8[ºª°])$/iu, 8],
  [/^(?:ninth|9th|neuvi[èe]me|9e|9[èe]me|noven[oa]|9[ºª°])$/iu, 9],
  [/^(?:tenth|10th|dixi[èe]me|10e|10[èe]me|d[ée]cim[oa]|10[ºª°])$/iu, 10],
];
const LATIN_ORDINAL =
  '(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|\\d{1,2}(?:st|nd|rd|th|er|re|ère|e|ème|º|ª|°)|premi(?:er|ère)|deuxi[èe]me|seconde?|troisi[èe]me|quatri[èe]me|cinqui[èe]me|sixi[èe]me|septi[èe]me|huiti[èe]me|neuvi[èe]me|dixi[èe]me|derni(?:er|ère)|primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]|quint[oa]|sext[oa]|s[ée]ptim[oa]|octav[oa]|noven[oa]|d[ée]cim[oa]|[úu]ltim[oa])';
const ARABIC_ORDINALS: Array<[RegExp, number]> = [
  [/^[اأ]ول[ىي]?$/u, 1],
  [/^ثاني[ةه]?$/u, 2],
  [/^ثالث[ةه]?$/u, 3],
  [/^رابع[ةه]?$/u, 4],
  [/^خامس[ةه]?$/u, 5],
  [/^سادس[ةه]?$/u, 6],
  [/^سابع[ةه]?$/u, 7],
  [/^ثامن[ةه]?$/u, 8],
  [/^تاسع[ةه]?$/u, 9],
  [/^عاشر[ةه]?$/u, 10],
];
const PERSIAN_ORDINALS = ['اول', 'دوم', 'سوم', 'چهارم', 'پنجم', 'ششم', 'هفتم', 'هشتم', 'نهم', 'دهم'];
// Month names built on ordinals ("كانون الثاني" is January), never a story.
const ARABIC_MONTH_WORDS = /^(?:و?)(?:كانون|تشرين|ربيع|جمادى|جمادي)$/u;

/**
 * Finds where a question names one story of the digest: by number ("#2", "story 2", "الخبر رقم ٢",
 * "article n° 2", "noticia 2", a bare "2"), by ordinal ("the second story", "الخبر الثاني", "الثاني؟",
 * "la deuxième info", "la segunda noticia", "خبر دوم"), or by the name of its source when exactly one
 * story comes from it. A number outside the digest is not a reference ("article 33 of the convention").
 */
export function findStoryReference(
  question: string,
  stories: readonly Story[],
  sourceNames: Readonly<Record<string, string>> = {},
  firstNumber = 1,
): StoryReference | null {
  // Same length as the question (one digit for one digit), so offsets stay valid.
  const text = foldDigits(question);
  const count = stories.length;
  const valid = (n: number) => Number.isInteger(n) && n >= 1 && n <= count;
  // Numbers are the ones the message shows ("#12" in a digest's second message); ordinals count in the message.
  const shown = (find: Finder) => (find === byNumber || find === byBareNumber ? firstNumber - 1 : 0);
  const finders: Finder[] = [byNumber, byLatinOrdinal, byArabicOrdinal, byPersianOrdinal, byBareNumber];
  for (const find of finders) {
    for (const found of find(text, count)) {
      const n = found.n - shown(find);
      if (valid(n)) return { index: n - 1, start: found.start, end: found.end };
    }
  }
  return bySource(text, stories, sourceNames);
}

interface Found {
  n: number;
  start: number;
  end: number;
}

type Finder = (text: string, count: number) => Iterable<Found>;

function* matches(text: string, pattern: string, toNumber: (m: RegExpMatchArray) => number): Generator<Found> {
  for (const m of text.matchAll(new RegExp(pattern, 'giu'))) {
    yield { n: toNumber(m), start: m.index ?? 0, end: (m.index ?? 0) + m[0].length };
  }
}

function byNumber(text: string, _count: number): Generator<Found> {
  const nouns = `${NOUNS_LATIN}|${NOUNS_ARABIC}|${NUMBER_WORDS}`;
  return matches(
    text,
    `(?:#\\s?(\\d{1,2})${AFTER})|(?:${BEFORE}(?:${nouns})\\s*(?:(?:${NUMBER_WORDS})\\s*)?(\\d{1,2})${AFTER})`,
    (m) => Number(m[1] ?? m[2]),
  );
}

function* byLatinOrdinal(text: string, count: number): Generator<Found> {
  // An ordinal with a story noun ("second story", "la 2e info"), or after an article at the end of a
  // question ("and the second?", "et la deuxième ?"); "second boat" names no story.
  const withNoun = `${BEFORE}(${LATIN_ORDINAL})\\s+(?:${NOUNS_LATIN})${AFTER}`;
  const alone = `${BEFORE}(?:the|le|la|l'|el|lo)\\s*(${LATIN_ORDINAL})\\s*[?.!]*\\s*$`;
  for (const pattern of [withNoun, alone]) {
    yield* matches(text, pattern, (m) => ordinalNumber(m[1] ?? '', count));
  }
}

function ordinalNumber(word: string, count: number): number {
  if (/^(?:last|derni|[úu]ltim)/iu.test(word)) return count;
  return ORDINALS.find(([pattern]) => pattern.test(word))?.[1] ?? Number.NaN;
}

function* byArabicOrdinal(text: string, count: number): Generator<Found> {
  const words = [...text.matchAll(/[\p{L}\p{M}]+/gu)];
  for (const [i, m] of words.entries()) {
    const word = m[0].replace(/^و?(?:ال)/u, '');
    if (!/^و?ال/u.test(m[0])) continue;
    const n = /^[اأ]خير[ةه]?$/u.test(word) ? count : (ARABIC_ORDINALS.find(([p]) => p.test(word))?.[1] ?? 0);
    if (n === 0) continue;
    const previous = words[i - 1]?.[0] ?? '';
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const afterStory = new RegExp(`^و?(?:${NOUNS_ARABIC})$`, 'u').test(previous);
    // Standalone ("ماذا عن الثاني؟"): only at the end of the question, and not as an adjective of another
    // noun ("القارب الثاني") or a month ("تشرين الثاني").
    const alone =
      /^[\s?؟.!،]*$/u.test(text.slice(end)) && !/^و?ال/u.test(previous) && !ARABIC_MONTH_WORDS.test(previous);
    if (afterStory || alone) {
      const from = afterStory ? (words[i - 1]?.index ?? start) : start;
      yield { n, start: from, end };
    }
  }
}

function* byPersianOrdinal(text: string, _count: number): Generator<Found> {
  for (const m of text.matchAll(/(?<![\p{L}])خبر\s+([\p{L}]+)/gu)) {
    const n = PERSIAN_ORDINALS.indexOf(m[1] ?? '') + 1;
    if (n > 0) yield { n, start: m.index ?? 0, end: (m.index ?? 0) + m[0].length };
  }
}

function byBareNumber(text: string, _count: number): Generator<Found> {
  // "2", "2?", "and 3?", "و3؟", "et le 3 ?", or a list-style "2: what happened?".
  const lead = '(?:and|what about|how about|et(?: le| la)?|y(?: la| el)?|و|وماذا عن|ماذا عن|و?عن)?';
  return matches(text, `^\\s*${lead}\\s*(\\d{1,2})\\s*(?:[?؟.!]*\\s*$|[.):]\\s+)`, (m) => Number(m[1]));
}

function bySource(
  text: string,
  stories: readonly Story[],
  sourceNames: Readonly<Record<string, string>>,
): StoryReference | null {
  const lower = text.toLowerCase();
  const hits = new Map<number, { start: number; end: number }>();
  stories.forEach((story, index) => {
    for (const edition of story.editions) {
      for (const name of [sourceNames[edition.sourceId], edition.sourceId]) {
        if (!name || name.length < 3) continue;
        const escaped = name.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const m = new RegExp(`${BEFORE}${escaped}${AFTER}`, 'u').exec(lower);
        if (m && !hits.has(index)) hits.set(index, { start: m.index, end: m.index + m[0].length });
      }
    }
  });
  // Two stories from the same source: the name does not choose between them.
  if (hits.size !== 1) return null;
  const [[index, span]] = [...hits.entries()] as [[number, { start: number; end: number }]];
  return { index, ...span };
}
