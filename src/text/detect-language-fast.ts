import type { LanguageCode } from '../domain/types.js';
import { type DetectLanguageOptions, detectLanguage } from './detect-language.js';

/**
 * detectLanguage on the first ~1000 characters (cut at a word boundary): what the ingest pipeline
 * uses per item, since a long article's opening is enough and the detector's cost grows with length.
 */
export function detectLanguageFast(
  text: string,
  options: DetectLanguageOptions = {},
  maxChars = 1000,
): LanguageCode | null {
  if (text.length <= maxChars) return detectLanguage(text, options);
  const cut = text.lastIndexOf(' ', maxChars);
  return detectLanguage(text.slice(0, cut > maxChars / 2 ? cut : maxChars), options);
}
