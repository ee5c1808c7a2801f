import { normaliseArabic } from './normalise-arabic.js';

const HAMZA_SEATS: Record<string, string> = { ؤ: 'ء', ئ: 'ء', ۀ: 'ه' };

/**
 * normaliseArabic (alef variants, ى/ی, ک, ة, diacritics, tatweel, Arabic-Indic and Persian digits),
 * plus the hamza seats that spellings of one word disagree on ("مسؤول"/"مسئول"): ؤ and ئ -> ء,
 * ۀ -> ه. For indexing and comparison only, never for display.
 */
export function normaliseArabicScript(text: string): string {
  return normaliseArabic(text).replace(/[ؤئۀ]/g, (seat) => HAMZA_SEATS[seat] ?? seat);
}
