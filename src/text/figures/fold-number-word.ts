import { hasArabicScript } from '../has-arabic-script.js';
import { normaliseArabicScript } from '../normalise-arabic-script.js';

/** A word as the number-word tables are keyed: lower case, no Latin accents, Arabic script normalised, no ZWNJ. */
export function foldNumberWord(word: string): string {
  const arabic = normaliseArabicScript(word.replace(/\u200C/g, ''));
  return hasArabicScript(arabic) ? arabic : arabic.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}
