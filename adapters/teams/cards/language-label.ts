import { nativeLanguageName } from '../../../src/domain/languages.js';

/** "EN · English", "AR · العربية". */
export function languageLabel(code: string): string {
  const name = nativeLanguageName(code);
  return name === code.toUpperCase() ? name : `${code.toUpperCase()} · ${name}`;
}
