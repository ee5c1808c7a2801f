/** Language names and direction, from the runtime's ICU data, shared by the core and every renderer. */

const RIGHT_TO_LEFT = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'yi', 'ckb', 'dv', 'sd', 'ug', 'syr']);
const IN_ENGLISH = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/** Arabic, Persian, Urdu...: blocks in these languages are laid out right to left. */
export function isRightToLeft(code: string): boolean {
  return RIGHT_TO_LEFT.has(code.toLowerCase());
}

/** "ar" -> "Arabic", "fa" -> "Persian"; an unknown code comes back upper-cased. */
export function englishLanguageName(code: string): string {
  return known(code, () => IN_ENGLISH.of(code));
}

const nativeNames = new Map<string, string>();

/** "ar" -> "العربية", "fr" -> "français" (or "Français" with capitalise): how a reader of it names it. */
export function nativeLanguageName(code: string, options: { capitalise?: boolean } = {}): string {
  // Building an Intl.DisplayNames costs ~0.1 ms: a digest to 1,000 channels names the same few languages thousands of times.
  let name = nativeNames.get(code);
  if (name === undefined) {
    name = known(code, () => new Intl.DisplayNames([code], { type: 'language' }).of(code));
    nativeNames.set(code, name);
  }
  return options.capitalise ? name.charAt(0).toLocaleUpperCase(code) + name.slice(1) : name;
}

/** True for a language code the runtime's ICU data names ("en", "ar", "fil"); false for "xx" or "english". */
export function isKnownLanguage(code: string): boolean {
  return /^[a-z]{2,3}$/.test(code) && englishLanguageName(code) !== code.toUpperCase();
}

function known(code: string, name: () => string | undefined): string {
  try {
    const found = name();
    return found && found.toLowerCase() !== code.toLowerCase() ? found : code.toUpperCase();
  } catch {
    return code.toUpperCase();
  }
}

/** "Arabic · العربية", "French · français", "English": how a language list in a form names each choice. */
export function languageChoiceLabel(code: string): string {
  const english = englishLanguageName(code);
  const native = nativeLanguageName(code);
  return english.toLowerCase() === native.toLowerCase() ? english : `${english} · ${native}`;
}
