/**
 * A consonant skeleton that a name keeps across Latin and Arabic script: "Beirut" and "بيروت" -> "brt",
 * "Lesvos" and "ليسفوس" -> "lsfs", "Frontex" and "فرونتكس" -> "frntks". Vowels and the letters that
 * write them (ا و ي) are dropped, sounds Arabic lacks are folded (p -> b, v -> f), doubled letters
 * collapse, s and z are one. Input: one token, lower case Latin or normalised Arabic script. An Arabic token starting
 * with ال gives two skeletons (article or first letters of the name: "ألبانيا"). Skeletons too short
 * to mean anything are left out.
 */
export function nameSkeleton(token: string): string[] {
  const arabic = /[\u0600-\u06FF]/.test(token);
  const variants = arabic ? arabicVariants(token) : [latinSkeleton(token)];
  // Arabic writes no short vowels, so its names are shorter than their Latin spelling.
  const minLength = arabic ? 4 : 5;
  const out = new Set<string>();
  for (const variant of variants) {
    // Arabic writes a voiced s as ز (Lampedusa -> لامبيدوزا): s and z are one letter of the skeleton.
    const skeleton = variant.replace(/z/g, 's').replace(/(.)\1+/g, '$1');
    // Two consonants are enough for "Libya"/"ليبيا" but too few for short words.
    if (skeleton.length >= 3 || (skeleton.length === 2 && [...token].length >= minLength)) out.add(skeleton);
  }
  return [...out];
}

const ARABIC: Record<string, string> = {
  ب: 'b',
  پ: 'b',
  ت: 't',
  ط: 't',
  ث: 's',
  س: 's',
  ص: 's',
  ش: 's',
  چ: 's',
  ج: 'j',
  ح: 'h',
  ه: 'h',
  خ: 'k',
  ك: 'k',
  ق: 'k',
  گ: 'g',
  غ: 'g',
  د: 'd',
  ض: 'd',
  ذ: 'z',
  ز: 'z',
  ظ: 'z',
  ژ: 'z',
  ر: 'r',
  ف: 'f',
  ل: 'l',
  م: 'm',
  ن: 'n',
};

function arabicVariants(token: string): string[] {
  // A final ه is almost always a folded ta marbuta (a vowel), not a consonant of the name.
  const word = token.replace(/ه$/, '');
  const words = /^ال../.test(word) ? [word.slice(2), word] : [word];
  const out = words.map((w) => [...w].map((ch) => ARABIC[ch] ?? '').join(''));
  // Persian writes č/ć as چ ("بیهاچ" / "Bihać") and an initial v as و ("ولیکا" / "Velika").
  if (word.includes('چ')) out.push([...word].map((ch) => (ch === 'چ' ? 'ts' : (ARABIC[ch] ?? ''))).join(''));
  if (/^و[^و]/.test(word)) out.push(`f${out[0] ?? ''}`);
  return out;
}

function latinSkeleton(token: string): string {
  const word = token
    .replace(/[čćç]/g, 'ts')
    .replace(/[šś]/g, 's')
    .replace(/[žź]/g, 'z')
    .replace(/đ/g, 'd')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/sch|sh|ch/g, 's')
    .replace(/kh/g, 'k')
    .replace(/gh/g, 'g')
    .replace(/ph/g, 'f')
    .replace(/th/g, 't')
    .replace(/dj/g, 'j')
    .replace(/ck|qu|q/g, 'k')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/c/g, 'k')
    .replace(/x/g, 'ks')
    .replace(/v/g, 'f')
    .replace(/p/g, 'b');
  return word.replace(/[^bdfghjklmnrstz]/g, '');
}
