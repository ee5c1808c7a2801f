import type { LanguageCode } from '../domain/types.js';

/** "en-US", "ar_EG", " FR " -> "en", "ar", "fr"; anything that is not a language tag -> null. */
export function primaryLanguage(tag: string | null | undefined): LanguageCode | null {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return /^[a-z]{2,3}$/.test(primary) ? primary : null;
}
