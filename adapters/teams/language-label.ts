/** Scripts written right to left: their containers get `"rtl": true`. */
const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'yi', 'ckb', 'dv', 'sd', 'ug', 'syr']);

export function isRtlLanguage(code: string): boolean {
  return RTL_LANGUAGES.has(code.toLowerCase());
}

/** "English", "العربية", "français": each language named in itself (ICU), else its code. */
export function languageName(code: string): string {
  try {
    const name = new Intl.DisplayNames([code], { type: 'language' }).of(code);
    return name && name.toLowerCase() !== code.toLowerCase() ? name : code.toUpperCase();
  } catch {
    return code.toUpperCase();
  }
}

/** "EN · English", "AR · العربية". */
export function languageLabel(code: string): string {
  const name = languageName(code);
  return name === code.toUpperCase() ? name : `${code.toUpperCase()} · ${name}`;
}
