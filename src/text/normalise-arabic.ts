/** Characters that normaliseArabic rewrites or removes; anything else is left alone. */
const ARABIC_FOLD =
  /[\u0622\u0623\u0625\u0671\u0649\u06CC\u06A9\u0629\u0660-\u0669\u06F0-\u06F9\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;

const REPLACEMENTS: Record<string, string> = {
  '\u0622': '\u0627', // آ
  '\u0623': '\u0627', // أ
  '\u0625': '\u0627', // إ
  '\u0671': '\u0627', // ٱ
  '\u0649': '\u064A', // ى -> ي
  '\u06CC': '\u064A', // Persian ی -> ي, so Persian and Arabic spellings score together
  '\u06A9': '\u0643', // Persian ک -> ك
  '\u0629': '\u0647', // ة -> ه
};

function fold(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code >= 0x0660 && code <= 0x0669) return String.fromCharCode(code - 0x0660 + 48);
  if (code >= 0x06f0 && code <= 0x06f9) return String.fromCharCode(code - 0x06f0 + 48);
  return REPLACEMENTS[ch] ?? ''; // diacritics, Quranic marks and tatweel are dropped
}

/**
 * Normalises Arabic-script text for matching and scoring (never for display): alef variants -> ا,
 * ى -> ي, ة -> ه, diacritics and tatweel removed, Arabic-Indic and Persian digits -> 0-9.
 */
export function normaliseArabic(text: string): string {
  // Fast path: most Latin-script text has nothing to fold.
  if (!/[\u0600-\u06FF]/.test(text)) return text;
  return text.replace(ARABIC_FOLD, fold);
}
