import { type ArabicOrganisation, arabicOrganisationsIn } from './find-arabic-organisations.js';
import { normaliseArabic } from './normalise-arabic.js';
import { stopwordLists } from './stopwords.js';

/** Normalised the way the lists below are written (أ -> ا, ة -> ه, ى -> ي). */
function normalisedSet(list: string): Set<string> {
  return new Set(
    list
      .split(/\s+/)
      .filter(Boolean)
      .map((w) => normaliseArabic(w)),
  );
}

/**
 * Titles that a person's name follows: "السيدة إيمي بوب", "الأمين العام للأمم المتحدة أنطونيو غوتيريش",
 * "وزير الداخلية الإيطالي ماتيو بيانتيدوسي". Arabic has no capitals, so a title is where a name can be told from a word.
 */
const TITLES = normalisedSet(`السيد السيدة الرئيس الرئيسة رئيس رئيسة وزير وزيرة الوزير الوزيرة المستشار المستشارة
  البابا الملك الملكة الأمير الأميرة الشيخ المتحدث المتحدثة متحدث متحدثة الناطق الناطقة المدير المديرة مدير مديرة
  الأمين المفوض المفوضة مفوض مفوضة المبعوث المبعوثة المقرر المقررة المنسق المنسقة السفير السفيرة سفير سفيرة نائب
  النائب النائبة الممثل الممثلة ممثل ممثلة الصحفي الصحفية الصحافي الصحافية الناشط الناشطة الجنرال العقيد اللواء
  منسق منسقة مستشار مستشارة مقرر مقررة مبعوث مبعوثة أمين الدكتور الدكتورة الأستاذ الأستاذة القاضي القاضية عمدة العمدة محافظ المحافظ قائد القائد الكاتب الكاتبة الباحث
  الباحثة المصور المصورة`);

/** Verbs of saying that a speaker's name may follow directly: "قال غوتيريش إن", "ذكرت سالي هايدن أن". */
const SPEAKER_VERBS = normalisedSet(`قال قالت صرح صرحت أكد أكدت أوضح أوضحت أضاف أضافت ذكر ذكرت أعلن أعلنت حذر
  حذرت دعا دعت أشار أشارت أعرب أعربت طالبت ناشد ناشدت شدد شددت اعتبر اعتبرت كتب كتبت أفاد أفادت وصف وصفت
  رحب رحبت انتقد انتقدت التقى التقت زار زارت استقبل استقبلت`);

/**
 * Nouns without the article that follow a title or a verb of saying without being a name: "قال مسؤولون",
 * "رئيس بلدية لامبيدوسا", "ذكرت صحيفة", "دعا مجلس الأمن".
 */
const NOT_NAMES = normalisedSet(`مسؤول مسؤولة مسؤولون مسؤولين مسئول مسئولون ناشط ناشطة ناشطون ناشطين نشطاء شهود
  شاهد متحدث متحدثة ناطق مصدر مصادر بيان تقرير تقارير خبراء خبير عمال عاملون عاملين موظفون موظفين متطوعون متطوعين
  ناجون ناجين ناجيات سكان لاجئون لاجئين مهاجرون مهاجرين منظمة منظمات وزارة وزارات وكالة وكالات مكتب مجلس فريق
  جماعات جمعيات جمعية أطباء رجال نساء أشخاص شخص أحد آخرون كثيرون مراقبون محللون دبلوماسيون دبلوماسي مسعفون صحفيون
  صحفي صحافيون مراسل مراسلون باحثون محامون محامي محام أقارب عائلات أهالي أمهات صحيفة موقع قناة شبكة مجلة منصة
  حكومة حكومات سلطات قائد ضابط ضباط جنود جندي شرطي شرطة خفر حرس قوات بلدية وزراء جمهورية لجنة بعثة هيئة إدارة
  دائرة داخلية خارجية عام عامة سامي سامية خاص خاصة دولة دول بلد بلدان رئاسة أمانة مفوضية محكمة برلمان نواب
  مبادرة حملة اتحاد تحالف ائتلاف مركز معهد جامعة مستشفى مخيم مدينة جزيرة بلاد أمس باسم بإسم لشؤون لحقوق
  بلا حدود حقوق برنامج قسم شؤون عمليات فرع لجوء طالب طالبو طالبي دراسة شركة معرض`);

/** A name ends before these: function words of the sentence, and "that" with a pronoun ("قال إنه", "ذكرت أنها"). */
const STOPWORDS = new Set([
  ...stopwordLists.ar.map((w) => normaliseArabic(w)),
  ...normalisedSet(`إنه إنها إنهم إننا أنه أنها أنهم أننا بأن بأنه بأنها لأن لذلك كذلك هكذا بينما وإن وأن ولكن
    إلا أمام وراء لدى عبر`),
]);

/** Words that make the next word part of the same name even with the article: "عبد الحميد الدبيبة", "أبو محمد". */
const NAME_LINKS = normalisedSet('عبد أبو أبي ابن بن بنت أم آل');

interface Word {
  text: string;
  /** Normalised. */
  norm: string;
  /** Normalised, without a conjunction glued on ("وقالت" -> "قالت"); the same as norm for "وزير". */
  bare: string;
  /** Without a preposition glued on as well ("لمنظمة" -> "منظمة"). */
  stem: string;
  definite: boolean;
  /** Part of a known organisation's name or a known place: an office's words, never a person's. */
  named: boolean;
  index: number;
  end: number;
}

/** Arabic-script letters and marks (not the Arabic comma or question mark), and the zero-width non-joiner. */
const ARABIC_WORD = /(?:(?=\p{Script=Arabic})[\p{L}\p{M}]|\u200C)+/gu;

/** The word is in the list as written, without a conjunction glued on, or without a preposition as well. */
function isIn(list: Set<string>, word: Word | undefined): boolean {
  return Boolean(word && (list.has(word.norm) || list.has(word.bare) || list.has(word.stem)));
}

function readWords(
  text: string,
  isPlace: (word: string) => boolean,
  organisations: readonly ArabicOrganisation[],
): Word[] {
  return [...text.matchAll(ARABIC_WORD)].map((m) => {
    const plain = normaliseArabic(m[0]);
    const bare = plain.replace(/^[وف](?=\S{3})/, '');
    return {
      text: m[0],
      norm: plain,
      bare,
      stem: bare.replace(/^[لبك](?=\S{3})/, ''),
      definite: /^(?:[وفبك]?ال|[وف]?لل)\S{2}/.test(plain),
      named: isPlace(plain) || organisations.some((o) => o.index <= m.index && m.index < o.end),
      index: m.index,
      end: m.index + m[0].length,
    };
  });
}

/** Only spaces between two words: no comma, stop, bracket or Latin word, so they are one phrase. */
function adjacent(text: string, a: Word | undefined, b: Word | undefined): boolean {
  return Boolean(a && b && /^[\s\u200C]+$/.test(text.slice(a.end, b.index)));
}

/** A word that a name stops before: a function word, a title, a verb of saying or a common noun. */
function endsName(word: Word): boolean {
  return isIn(STOPWORDS, word) || isIn(TITLES, word) || isIn(SPEAKER_VERBS, word) || isIn(NOT_NAMES, word);
}

/** A name's first word: no article, no known place or organisation, and none of the words a name stops before. */
function canStartName(word: Word | undefined): word is Word {
  return Boolean(word && !word.definite && !word.named && [...word.norm].length >= 2 && !endsName(word));
}

/**
 * What follows a name ends its phrase: a function word, a title in apposition ("قال X رئيس الحكومة"), a comma, colon
 * or full stop, or the end of the text.
 */
function closesClause(text: string, words: Word[], next: number): boolean {
  const word = words[next];
  const between = text.slice(words[next - 1]?.end ?? 0, word?.index ?? text.length);
  if (/^\s*[،,:؛.!?؟]/.test(between) || (!word && /^\s*$/.test(between))) return true;
  return Boolean(word && /^\s+$/.test(between) && (isIn(STOPWORDS, word) || isIn(TITLES, word)));
}

/** The words of the name that starts at `start`: up to four, one phrase, ending before a function word or a title. */
function nameAt(text: string, words: Word[], start: number): string {
  let end = start;
  while (end - start < 3) {
    const next = words[end + 1];
    if (!next || !adjacent(text, words[end], next)) break;
    // A preposition glued to a word with hamza starts a phrase, not a name: "إنفو بارك بأعلى قمة".
    if (next.named || endsName(next) || /^[بلك][أإ]/.test(next.text)) break;
    // "بشار الأسد" ends its clause; in "إيمي بوب المديرة العامة" the phrase goes on: an office, not a name.
    if (next.definite && !isIn(NAME_LINKS, words[end])) {
      const after = words[end + 2];
      if (after && adjacent(text, next, after) && !endsName(after)) break;
    }
    end++;
  }
  return text.slice(words[start]?.index ?? 0, words[end]?.end ?? 0);
}

export interface ExtractPeopleOptions {
  /** Whether a normalised Arabic-script word names a known place ("لامبيدوزا"): part of an office, never a name. */
  isPlace?: (word: string) => boolean;
  /** The text's known organisations, when the caller has read them already (arabicOrganisationsIn). */
  organisations?: readonly ArabicOrganisation[];
}

/**
 * People's names in Arabic-script text, found after a title ("السيدة إيمي بوب", "وزير الداخلية الإيطالي ماتيو
 * بيانتيدوسي") or directly after a verb of saying ("قال غوتيريش إن"). The title's own words (the article, "باسم",
 * the office and the country: "المتحدث باسم المنظمة الدولية للهجرة") are passed over, within one phrase.
 * Returns each name as written. Nouns that usually follow these words ("قال مسؤولون", "ذكرت صحيفة") are not names.
 */
export function extractArabicPeople(text: string, options: ExtractPeopleOptions = {}): string[] {
  // The titles and verbs above are Arabic: Persian text (its letters پ چ ژ گ ی ک tell it apart) is left alone.
  if (/[\u067E\u0686\u0698\u06AF\u06CC\u06A9]/.test(text)) return [];
  const words = readWords(text, options.isPlace ?? (() => false), options.organisations ?? arabicOrganisationsIn(text));
  const names: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as Word;
    let start = -1;
    if (isIn(TITLES, word)) {
      // Pass over the office: "العام للأمم المتحدة", "الداخلية الإيطالي", "باسم المفوضية", "الوزراء".
      let j = i + 1;
      while (
        j < words.length &&
        j - i <= 8 &&
        adjacent(text, words[j - 1], words[j]) &&
        !canStartName(words[j]) &&
        !isIn(STOPWORDS, words[j]) &&
        !isIn(SPEAKER_VERBS, words[j])
      ) {
        j++;
      }
      if (adjacent(text, words[j - 1], words[j]) && canStartName(words[j])) start = j;
    } else if (isIn(SPEAKER_VERBS, word) && adjacent(text, word, words[i + 1]) && canStartName(words[i + 1])) {
      start = i + 1;
    }
    if (start < 0) continue;
    const name = nameAt(text, words, start);
    // After a verb alone, a name is what the clause goes on from: "قال غوتيريش إن", "ذكرت سالي هايدن أن"; not
    // "ذكرت دراسة أجرتها" or "أفادت شركة (...)".
    if (start === i + 1 && !closesClause(text, words, start + name.split(/\s+/).length)) continue;
    names.push(name);
    i = start + name.split(/\s+/).length - 1;
  }
  return [...new Set(names)];
}
