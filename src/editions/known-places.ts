import { normaliseArabic } from '../text/normalise-arabic.js';
/**
 * Countries and migration places, with the forms news use for them (English, French and Spanish names, demonyms), grouped by
 * place: two reports that each name places, none of them shared, are about different places. General, not a list of
 * the fixtures' places; a place missing here only means the rule says nothing about it.
 */
const PLACES: string[][] = [
  ['afghanistan', 'afghan', 'afghans', 'afganistán', 'afganistan', 'afgano', 'afgana', 'afganos'],
  ['albania', 'albanie', 'albanian', 'albanais'],
  [
    'algeria',
    'algerie',
    'algérie',
    'algerian',
    'algerians',
    'argelia',
    'argelino',
    'argelina',
    'algérien',
    'algérienne',
  ],
  ['bangladesh', 'bangladeshi'],
  ['belgium', 'belgique', 'belgian'],
  ['bosnia', 'bosnie', 'bosnian'],
  ['bulgaria', 'bulgarie', 'bulgarian'],
  ['chad', 'tchad', 'chadian'],
  ['croatia', 'croatie', 'croatian'],
  ['cyprus', 'chypre', 'cypriot'],
  ['egypt', 'egypte', 'égypte', 'egyptian', 'egyptians', 'egipto', 'egipcio', 'egipcia', 'égyptien', 'égyptienne'],
  ['eritrea', 'erythree', 'érythrée', 'eritrean', 'eritreans', 'eritreo', 'érythréen'],
  ['ethiopia', 'ethiopie', 'éthiopie', 'ethiopian', 'ethiopians'],
  ['france', 'french', 'français', 'francia', 'francés', 'francesa', 'française'],
  ['germany', 'allemagne', 'german', 'alemania', 'alemán', 'alemana', 'allemand', 'allemande'],
  ['greece', 'grece', 'grèce', 'greek', 'hellenic', 'grecs', 'grecia', 'griego', 'griega', 'grec', 'grecque'],
  ['hungary', 'hongrie', 'hungarian', 'hungría', 'húngaro', 'húngara', 'hongrois', 'hongroise'],
  ['iran', 'iranian', 'iranians', 'irán', 'iraní'],
  ['iraq', 'irak', 'iraqi', 'iraqis', 'iraquí', 'irakien', 'irakienne'],
  ['italy', 'italie', 'italian', 'italien', 'italienne', 'italia', 'italiano', 'italiana'],
  ['jordan', 'jordanie', 'jordanian', 'jordania', 'jordano'],
  ['lebanon', 'liban', 'lebanese', 'libanais', 'libanaise', 'líbano', 'libanés', 'libanesa'],
  ['libya', 'libye', 'libyan', 'libyans', 'libyenne', 'libia', 'libio', 'libyen'],
  ['malta', 'malte', 'maltese'],
  ['mali', 'malian'],
  ['mauritania', 'mauritanie', 'mauritanian'],
  ['morocco', 'maroc', 'moroccan', 'marocain', 'marruecos', 'marroquí', 'marocaine'],
  ['niger', 'nigerien'],
  ['nigeria', 'nigerian', 'nigerians'],
  ['pakistan', 'pakistani', 'pakistanis'],
  ['poland', 'pologne', 'polish'],
  ['senegal', 'sénégal', 'senegalese', 'senegalés', 'sénégalais'],
  ['serbia', 'serbie', 'serbian'],
  ['somalia', 'somalie', 'somali', 'somalis'],
  ['spain', 'espagne', 'spanish', 'espagnol', 'españa', 'español', 'española', 'espagnole'],
  ['sudan', 'soudan', 'sudanese', 'sudán', 'sudanés', 'soudanais'],
  ['syria', 'syrie', 'syrian', 'syrians', 'syriens', 'siria', 'sirio', 'syrien', 'syrienne'],
  ['tunisia', 'tunisie', 'tunisian', 'tunisians', 'tunisien', 'túnez', 'tunecino', 'tunecina', 'tunisienne'],
  ['turkey', 'turquie', 'turkish', 'turcs', 'turkiye', 'türkiye', 'turquía', 'turco', 'turca', 'turc', 'turque'],
  ['ukraine', 'ukrainian', 'ukrainians'],
  ['yemen', 'yemeni', 'yéménite', 'yemení'],
  ['britain', 'uk', 'british', 'england', 'royaume-uni', 'británico', 'británica', 'britannique'],
  ['mexico', 'mexique', 'mexican', 'méxico', 'mexicano', 'mexicana'],
  ['venezuela', 'venezuelan', 'venezuelans'],
  ['lampedusa'],
  ['lesbos', 'lesvos', 'mytilene'],
  ['samos'],
  ['chios'],
  ['kos'],
  ['bodrum'],
  ['canary', 'canaries', 'canarias'],
  ['ceuta'],
  ['melilla'],
  ['calais'],
  ['dunkirk', 'dunkerque'],
  ['boulogne', 'boulogne-sur-mer'],
  ['tripoli'],
  ['benghazi'],
  ['sfax'],
  ['zarzis'],
  ['beirut', 'beyrouth'],
  ['amman'],
  ['damascus', 'damas'],
  ['idlib'],
  ['aleppo', 'alep'],
  ['gaza'],
  ['darfur'],
  ['khartoum'],
  ['istanbul'],
  ['izmir'],
  ['athens', 'athenes', 'athènes'],
  ['rome'],
  ['madrid'],
  ['paris'],
  ['london', 'londres'],
  ['berlin'],
];

/** The same places in Arabic script (normalised: ا for أإآ, ه for ة, ي for ى), stems without ال or the adjective's ي / يه. */
const ARABIC: Record<string, string> = {
  افغانستان: 'afghanistan',
  افغان: 'afghanistan',
  جزاير: 'algeria',
  جزائر: 'algeria',
  مصر: 'egypt',
  مصري: 'egypt',
  اريتريا: 'eritrea',
  اثيوبيا: 'ethiopia',
  فرنسا: 'france',
  فرنس: 'france',
  المانيا: 'germany',
  الماني: 'germany',
  يونان: 'greece',
  ايران: 'iran',
  عراق: 'iraq',
  ايطاليا: 'italy',
  ايطالي: 'italy',
  اردن: 'jordan',
  اردني: 'jordan',
  لبنان: 'lebanon',
  ليبيا: 'libya',
  ليبي: 'libya',
  مالطا: 'malta',
  مالطي: 'malta',
  مغرب: 'morocco',
  مغربي: 'morocco',
  نيجيريا: 'nigeria',
  باكستان: 'pakistan',
  اسبانيا: 'spain',
  اسباني: 'spain',
  سودان: 'sudan',
  سوريا: 'syria',
  سوري: 'syria',
  تونس: 'tunisia',
  تونسي: 'tunisia',
  تركيا: 'turkey',
  ترك: 'turkey',
  تركي: 'turkey',
  اوكرانيا: 'ukraine',
  يمن: 'yemen',
  يمني: 'yemen',
  بريطانيا: 'britain',
  لامبيدوزا: 'lampedusa',
  ليسبوس: 'lesbos',
  ميتيليني: 'lesbos',
  ساموس: 'samos',
  خيوس: 'chios',
  كوس: 'kos',
  بودروم: 'bodrum',
  سبته: 'ceuta',
  مليليه: 'melilla',
  كاليه: 'calais',
  طرابلس: 'tripoli',
  بنغازي: 'benghazi',
  صفاقس: 'sfax',
  جرجيس: 'zarzis',
  بيروت: 'beirut',
  عمان: 'amman',
  دمشق: 'damascus',
  ادلب: 'idlib',
  حلب: 'aleppo',
  غزه: 'gaza',
  دارفور: 'darfur',
  خرطوم: 'khartoum',
  اسطنبول: 'istanbul',
  ازمير: 'izmir',
  اثينا: 'athens',
  روما: 'rome',
  مدريد: 'madrid',
  باريس: 'paris',
  لندن: 'london',
  برلين: 'berlin',
};

const BY_NAME = new Map<string, string>();
for (const forms of PLACES) for (const form of forms) BY_NAME.set(form, forms[0] as string);

/** The place a lower-case Latin-script name stands for ("libyan" -> "libya"), if it is a known one. */
export function placeOfName(name: string): string | undefined {
  return BY_NAME.get(name);
}

/** Every written form of Arabic place stems: with an attached article or preposition, and as an adjective. */
function arabicForms(stems: Array<[string, string]>): Map<string, string> {
  const forms = new Map<string, string>();
  for (const [stem, place] of stems) {
    for (const prefix of ['', 'ال', 'وال', 'بال', 'فال', 'كال', 'لل', 'و', 'ب', 'ل', 'ف']) {
      for (const suffix of ['', 'ي', 'يه', 'يين', 'يون']) forms.set(`${prefix}${stem}${suffix}`, place);
    }
  }
  return forms;
}

const BY_ARABIC_WORD = arabicForms(Object.entries(ARABIC));

/** The place a normalised Arabic-script word names ("اللبنانيه" -> "lebanon", "وليبيا" -> "libya"), if any: one lookup. */
export function placeOfArabicWord(word: string): string | undefined {
  return BY_ARABIC_WORD.get(word);
}

/**
 * Stems that are also everyday Arabic words ("ترك" left, "عمان" Oman or Amman, "مغرب" west or sunset, "جزائر" islands,
 * "كوس", "فرنس"): fine as grouping anchors among many others, too weak alone to call a summary's word a place.
 */
const EVERYDAY = new Set(['ترك', 'تركي', 'عمان', 'مغرب', 'جزائر', 'جزاير', 'كوس', 'فرنس']);
const UNAMBIGUOUS_ARABIC = arabicForms(Object.entries(ARABIC).filter(([stem]) => !EVERYDAY.has(stem)));

/**
 * The known places an Arabic-script text names with words that cannot be anything else ("بنغازي" -> benghazi,
 * "الألمانية" -> germany), each with the word that named it first. The figure gate's name check reads a summary's
 * Arabic places with it.
 */
export function arabicPlacesIn(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of text.matchAll(/[\u0600-\u06FF]{3,}/g)) {
    const place = UNAMBIGUOUS_ARABIC.get(normaliseArabic(m[0]));
    if (place && !found.has(place)) found.set(place, m[0]);
  }
  return found;
}

/** The known places a text names in either script: Latin names and demonyms ("Libyan" -> libya), and arabicPlacesIn. */
export function placesNamedIn(text: string): Set<string> {
  const found = new Set(arabicPlacesIn(text).keys());
  for (const m of text.matchAll(/[A-Za-z\u00C0-\u024F]+/g)) {
    const place = placeOfName(m[0].toLowerCase());
    if (place) found.add(place);
  }
  return found;
}
