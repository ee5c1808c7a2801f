import type { LanguageCode } from '../domain/types.js';

const ARABIC_SCRIPT = new Set(['ar', 'fa', 'ur', 'ps', 'ku', 'ckb', 'sd', 'ug']);
const LATIN_SCRIPT = new Set([
  'en',
  'fr',
  'es',
  'de',
  'it',
  'pt',
  'nl',
  'sv',
  'da',
  'no',
  'nb',
  'fi',
  'pl',
  'cs',
  'sk',
  'sl',
  'hr',
  'bs',
  'ro',
  'hu',
  'tr',
  'so',
  'sw',
  'ha',
  'id',
  'ms',
  'tl',
  'ca',
  'eu',
  'gl',
  'sq',
  'lt',
  'lv',
  'et',
  'mt',
  'af',
]);

/** The script a language is normally written in, for the languages we can tell; null otherwise. */
export function languageScript(language: LanguageCode): 'arabic' | 'latin' | null {
  const primary = language.toLowerCase().split('-')[0] ?? '';
  if (ARABIC_SCRIPT.has(primary)) return 'arabic';
  if (LATIN_SCRIPT.has(primary)) return 'latin';
  return null;
}
