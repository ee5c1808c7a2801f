import { normaliseArabic } from './normalise-arabic.js';

/** Words after which Arabic writes a place's name: city, island, camp, coast, off, port, airport... */
const CUES = new Set(
  [
    'مدينة',
    'جزيرة',
    'جزر',
    'مخيم',
    'ولاية',
    'محافظة',
    'بلدة',
    'قرية',
    'ميناء',
    'مطار',
    'سواحل',
    'ساحل',
    'قبالة',
    'إقليم',
    'منطقة',
    'جزیره',
    'اردوگاه',
    'بندر',
    'فرودگاه',
    'شهرستان',
    'استان',
    'نزدیکی',
    'سواحل',
  ].map((w) => normaliseArabic(w)),
);
/** Words that start a two-word place name: "دير الأحمر", "رأس جدير", "عين الحلوة". */
const COMPOUND = new Set(['دير', 'راس', 'عين', 'بئر', 'تل', 'ابو', 'بني', 'سيدي', 'بيت', 'جسر', 'كفر']);
/** Words that follow a cue without being a name: "off the coast", "the city's", "in the camp". */
const NOT_NAMES = new Set(
  [
    'في',
    'من',
    'على',
    'الى',
    'عن',
    'مع',
    'بعد',
    'قبل',
    'حيث',
    'التي',
    'الذي',
    'بين',
    'خلال',
    'منذ',
    'يوم',
    'بحسب',
    'حسب',
    'نحو',
    'الساحل',
    'السواحل',
    'الشواطئ',
    'المدينه',
    'الجزيره',
    'المخيم',
    'المنطقه',
    'الميناء',
    'المطار',
    'البحر',
    'الحدود',
    'الشمال',
    'الجنوب',
    'الشرق',
    'الغرب',
    'شمال',
    'جنوب',
    'شرق',
    'غرب',
    'در',
    'از',
    'به',
    'که',
    'این',
    'آن',
    'را',
    'و',
    // Who a camp or city is for, and what it is like: "مخيم اللاجئين", "مخيم جديد", "اردوگاه پناهندگان", "اردوگاه جدید".
    'اللاجئين',
    'للاجئين',
    'النازحين',
    'للنازحين',
    'المهاجرين',
    'للمهاجرين',
    'جديد',
    'جديدة',
    'مؤقت',
    'مؤقتة',
    'رسمي',
    'رسمية',
    'عشوائي',
    'كبير',
    'صغير',
    'آخر',
    'أخرى',
    'پناهندگان',
    'پناهجویان',
    'مهاجران',
    'آوارگان',
    'جدید',
    'موقت',
    'رسمی',
    'بزرگ',
    'کوچک',
    'دیگر',
    'خود',
    'اصلی',
    'فعلی',
    'سابق',
    // After "نزدیکی" (near): the border, the coast, the sea, a city, a village.
    'مرز',
    'مرزهای',
    'ساحل',
    'دریا',
    'دریای',
    'شهر',
    'روستا',
    'روستای',
    'آبهای',
  ].map((w) => normaliseArabic(w)),
);

/** Persian light verbs, which make a compound verb of the word before them ("غرق شد", "منتقل کرد"). */
const LIGHT_VERBS = new Set(
  'شد شدند شده شود شوند کرد کردند کرده کند کنند است بود بودند داد دادند گرفت گرفتند'
    .split(' ')
    .map((w) => normaliseArabic(w)),
);

/**
 * Place names in Arabic-script text, found after the words that introduce them ("مدينة X", "قبالة X",
 * "مخيم X"): Arabic has no capitals, so these positions are where a name can be told from a word.
 * Returns each name as written; a cue followed by another cue ("قبالة سواحل ليبيا") moves on to the next word.
 */
export function extractArabicNames(text: string): string[] {
  const words = [...text.matchAll(/[\u0600-\u06FF\u200C]+/g)].map((m) => ({
    text: m[0],
    norm: normaliseArabic(m[0]).replace(/^[وب]/, ''),
    index: m.index,
    end: m.index + m[0].length,
  }));
  const names: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (!CUES.has(words[i]?.norm ?? '') && !CUES.has(normaliseArabic(words[i]?.text ?? ''))) continue;
    let j = i + 1;
    while (words[j] && CUES.has(words[j]?.norm ?? '')) j++;
    const first = words[j];
    // Only the next word, directly after the cue (no punctuation between).
    if (!first || NOT_NAMES.has(first.norm) || !/^\s+$/.test(text.slice(words[j - 1]?.end ?? 0, first.index))) continue;
    const second = words[j + 1];
    // Persian puts the verb last: "ساحل غرق شد" (sank off the coast) has a verb, not a name, after the cue.
    if (second && LIGHT_VERBS.has(second.norm)) continue;
    const compound = COMPOUND.has(first.norm) && second && /^\s+$/.test(text.slice(first.end, second.index));
    names.push(compound && second ? text.slice(first.index, second.end) : first.text);
    i = j;
  }
  return names;
}
