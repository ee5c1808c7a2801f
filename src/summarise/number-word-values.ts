import { normaliseArabic } from '../text/normalise-arabic.js';

const WORDS: Record<number, string> = {
  0: 'zero zéro cero صفر',
  1: 'one un une uno una واحد واحده يك',
  2: 'two deux dos اثنان اثنين اثنتان اثنتين اثنا اثني دو',
  3: 'three trois tres ثلاث ثلاثه سه',
  4: 'four quatre cuatro اربع اربعه چهار',
  5: 'five cinq cinco خمس خمسه پنج',
  6: 'six seis ست سته شش',
  7: 'seven sept siete سبع سبعه هفت',
  8: 'eight huit ocho ثمان ثماني ثمانيه هشت',
  9: 'nine neuf nueve تسع تسعه نه',
  10: 'ten dix diez عشر عشره ده',
  11: 'eleven onze once يازده',
  12: 'twelve dozen douze doce دوازده',
  13: 'thirteen treize trece سيزده',
  14: 'fourteen quatorze catorce چهارده',
  15: 'fifteen quinze quince پانزده',
  16: 'sixteen seize dieciséis شانزده',
  17: 'seventeen dix-sept diecisiete هفده',
  18: 'eighteen dix-huit dieciocho هجده هيجده',
  19: 'nineteen dix-neuf diecinueve نوزده',
  20: 'twenty vingt veinte عشرون عشرين بيست',
  30: 'thirty trente treinta ثلاثون ثلاثين سي',
  40: 'forty quarante cuarenta اربعون اربعين چهل',
  50: 'fifty cinquante cincuenta خمسون خمسين پنجاه',
  60: 'sixty soixante sesenta ستون ستين شصت',
  70: 'seventy septante setenta سبعون سبعين هفتاد',
  80: 'eighty quatre-vingts ochenta ثمانون ثمانين هشتاد',
  90: 'ninety nonante noventa تسعون تسعين نود',
  100: 'hundred cent cien ciento مائه مئه مايه صد',
  1000: 'thousand mille mil الف هزار',
};

const VALUE_OF = new Map<string, number>();
for (const [value, words] of Object.entries(WORDS)) {
  for (const w of words.split(' ')) VALUE_OF.set(normaliseArabic(w), Number(value));
}

const TOKEN = /[\p{L}\p{M}-]+/gu;

function wordValue(token: string): number | undefined {
  const direct = VALUE_OF.get(token);
  if (direct !== undefined) return direct;
  // Arabic attaches و (and) and ال (the) to numbers: "وعشرون", "الثلاثه".
  const bare = token.replace(/^(و?ال|و)/, '');
  return bare !== token ? VALUE_OF.get(bare) : undefined;
}

/**
 * Values of number words in a source text (en, fr, es, ar, fa), so a summary may write "3" where the
 * article says "three" / "ثلاثة" / "سه". Adjacent words are combined too (twenty-five, ثلاثة عشر, خمسة وعشرون).
 */
export function numberWordValues(text: string): Set<string> {
  const values = new Set<string>();
  const tokens = (normaliseArabic(text.toLowerCase()).match(TOKEN) ?? []).flatMap((t) =>
    VALUE_OF.has(t) ? [t] : t.split('-'),
  );
  let previous: number | undefined;
  for (const token of tokens) {
    const value = wordValue(token);
    if (value === undefined) {
      previous = undefined;
      continue;
    }
    values.add(String(value));
    if (previous !== undefined) {
      if (value === 100 || value === 1000) values.add(String(previous * value));
      else if (previous >= 20 && previous < 100 && value < 10) values.add(String(previous + value));
      else if (previous < 10 && value === 10) values.add(String(previous + 10));
      else if (previous < 10 && value >= 20 && value < 100) values.add(String(previous + value));
    }
    previous = value;
  }
  return values;
}
