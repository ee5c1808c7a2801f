const ARABIC_SCRIPT = /[\u0600-\u06FF]/;

/** Whether the text has any character of the Arabic block (Arabic, Persian, Urdu letters, digits or marks). */
export function hasArabicScript(text: string): boolean {
  return ARABIC_SCRIPT.test(text);
}
