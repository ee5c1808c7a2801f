/** One language's number words, as written (folded by foldNumberWord before use). */
export interface NumberWordTable {
  /** Self-contained values: units, teens, tens, hundreds written as one word ("doscientos", "ثلاثمائة"). */
  values: Record<string, number>;
  /** Words that multiply what precedes them ("hundred", "thousand", "آلاف"); alone they mean 1 x the multiplier. */
  multipliers: Record<string, number>;
  /** Words joining the parts of one number ("and", "et", "y", "و"). */
  connectors: string[];
  /** Values that double as articles or adjectives ("one", "un", "neuf"): numbers only inside a longer number. */
  weak: string[];
  /** Vague quantities ("dozens", "مئات") -> their order of magnitude. */
  vague: Record<string, number>;
  /** Plural multipliers that are vague when they stand alone ("thousands", "آلاف", "millions"). */
  vagueWhenAlone: Record<string, number>;
  /**
   * Fractions: `alone` ones stand by themselves ("half", "la moitié", "ثلث"); `numerated` ones only after a number
   * ("a third", "two thirds", "trois quarts", "یک سوم"; "the third boat", "pays tiers" are not fractions);
   * `joined` ones only after "and" or before a scale ("un million et demi", "medio millón", "یک و نیم").
   */
  fractions: { alone: Record<string, number>; numerated: Record<string, number>; joined: Record<string, number> };
}

const words = (list: string, from: number, step = 1): Record<string, number> =>
  Object.fromEntries(
    list
      .split(/\s+/)
      .filter(Boolean)
      .map((w, i) => [w, from + i * step]),
  );
const each = (list: string, value: number): Record<string, number> =>
  Object.fromEntries(
    list
      .split(/\s+/)
      .filter(Boolean)
      .map((w) => [w, value]),
  );

const en: NumberWordTable = {
  values: {
    ...words(
      'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen',
      0,
    ),
    ...words('twenty thirty forty fifty sixty seventy eighty ninety', 20, 10),
    a: 1,
    an: 1,
  },
  multipliers: { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, dozen: 12 },
  connectors: ['and'],
  weak: ['a', 'an', 'one'],
  vague: { dozens: 10, tens: 10, scores: 10 },
  vagueWhenAlone: { hundreds: 100, thousands: 1e3, millions: 1e6, billions: 1e9 },
  fractions: {
    alone: { half: 0.5 },
    numerated: { third: 1 / 3, thirds: 1 / 3, quarter: 0.25, quarters: 0.25 },
    joined: {},
  },
};

const fr: NumberWordTable = {
  values: {
    ...words('zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize', 0),
    une: 1,
    ...words('vingt trente quarante cinquante soixante septante huitante nonante', 20, 10),
    vingts: 20,
    octante: 80,
  },
  multipliers: { cent: 100, cents: 100, mille: 1e3, million: 1e6, millions: 1e6, milliard: 1e9, milliards: 1e9 },
  connectors: ['et'],
  weak: ['un', 'une', 'neuf'],
  vague: { dizaines: 10, centaines: 100, milliers: 1e3 },
  vagueWhenAlone: {},
  fractions: {
    alone: { moitié: 0.5 },
    numerated: { tiers: 1 / 3, quart: 0.25, quarts: 0.25 },
    joined: { demi: 0.5, demie: 0.5 },
  },
};

const es: NumberWordTable = {
  values: {
    ...words(
      'cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciséis diecisiete dieciocho diecinueve',
      0,
    ),
    un: 1,
    una: 1,
    ...words(
      'veinte veintiuno veintidós veintitrés veinticuatro veinticinco veintiséis veintisiete veintiocho veintinueve',
      20,
    ),
    veintiún: 21,
    ...words('treinta cuarenta cincuenta sesenta setenta ochenta noventa', 30, 10),
    cien: 100,
    ciento: 100,
    ...words(
      'doscientos trescientos cuatrocientos quinientos seiscientos setecientos ochocientos novecientos',
      200,
      100,
    ),
    ...words(
      'doscientas trescientas cuatrocientas quinientas seiscientas setecientas ochocientas novecientas',
      200,
      100,
    ),
  },
  multipliers: { mil: 1e3, millón: 1e6, millones: 1e6, millardo: 1e9, millardos: 1e9 },
  connectors: ['y'],
  weak: ['un', 'uno', 'una'],
  vague: { decenas: 10, cientos: 100, centenares: 100, miles: 1e3 },
  vagueWhenAlone: {},
  fractions: {
    alone: { mitad: 0.5 },
    numerated: { tercio: 1 / 3, tercios: 1 / 3, cuarto: 0.25, cuartos: 0.25 },
    joined: { medio: 0.5, media: 0.5 },
  },
};

const ar: NumberWordTable = {
  values: {
    ...each('صفر', 0),
    ...each('واحد واحدة أحد إحدى', 1),
    ...each('اثنان اثنين اثنتان اثنتين اثنا اثني اثنتا اثنتي', 2),
    ...each('ثلاث ثلاثة', 3),
    ...each('أربع أربعة', 4),
    ...each('خمس خمسة', 5),
    ...each('ست ستة', 6),
    ...each('سبع سبعة', 7),
    ...each('ثمان ثماني ثمانية', 8),
    ...each('تسع تسعة', 9),
    ...each('عشر عشرة', 10),
    ...each('عشرون عشرين', 20),
    ...each('ثلاثون ثلاثين', 30),
    ...each('أربعون أربعين', 40),
    ...each('خمسون خمسين', 50),
    ...each('ستون ستين', 60),
    ...each('سبعون سبعين', 70),
    ...each('ثمانون ثمانين', 80),
    ...each('تسعون تسعين', 90),
    // Duals and one-word hundreds.
    ...each('مئتان مئتين مائتان مائتين مئتا مائتا مئتي مائتي', 200),
    ...each('ثلاثمائة ثلاثمئة', 300),
    ...each('أربعمائة أربعمئة', 400),
    ...each('خمسمائة خمسمئة', 500),
    ...each('ستمائة ستمئة', 600),
    ...each('سبعمائة سبعمئة', 700),
    ...each('ثمانمائة ثمانمئة ثمانيمائة', 800),
    ...each('تسعمائة تسعمئة', 900),
    ...each('ألفان ألفين ألفي', 2000),
    ...each('مليونان مليونين مليوني', 2e6),
    ...each('ملياران مليارين ملياري', 2e9),
  },
  multipliers: {
    ...each('مائة مئة', 100),
    ...each('ألف ألفا آلاف', 1e3),
    ...each('مليون مليونا ملايين', 1e6),
    ...each('مليار مليارا مليارات بليون', 1e9),
  },
  connectors: ['و'],
  // أحد is also Sunday; عشر alone is also "a tenth" and the second word of ordinals (التاسع عشر).
  weak: ['واحد', 'واحدة', 'أحد', 'إحدى', 'عشر'],
  vague: { عشرات: 10, مئات: 100 },
  vagueWhenAlone: { آلاف: 1e3, ملايين: 1e6, مليارات: 1e9 },
  fractions: {
    alone: { نصف: 0.5, ثلث: 1 / 3, ربع: 0.25, ...each('ثلثا ثلثي', 2 / 3) },
    numerated: { أرباع: 0.25 },
    joined: {},
  },
};

const fa: NumberWordTable = {
  values: {
    ...words('صفر یک دو سه چهار پنج شش هفت هشت نه ده یازده دوازده سیزده چهارده پانزده شانزده هفده هجده نوزده', 0),
    هیجده: 18,
    ...words('بیست سی چهل پنجاه شصت هفتاد هشتاد نود', 20, 10),
    ...words('یکصد دویست سیصد چهارصد پانصد ششصد هفتصد هشتصد نهصد', 100, 100),
  },
  multipliers: { صد: 100, هزار: 1e3, میلیون: 1e6, میلیارد: 1e9 },
  connectors: ['و'],
  // یک is also the indefinite article, نه also "no", ده also "village".
  weak: ['یک', 'نه', 'ده'],
  vague: { ده‌ها: 10, صدها: 100, هزاران: 1e3, میلیون‌ها: 1e6 },
  vagueWhenAlone: {},
  fractions: { alone: { نیمی: 0.5, نصف: 0.5 }, numerated: { سوم: 1 / 3, چهارم: 0.25 }, joined: { نیم: 0.5 } },
};

/** One table of number words per language (SPEC 5.2: en, ar, fr, es, fa). */
export const numberWordTables: Readonly<Record<'en' | 'fr' | 'es' | 'ar' | 'fa', NumberWordTable>> = {
  en,
  fr,
  es,
  ar,
  fa,
};
