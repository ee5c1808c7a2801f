/** "ar" -> "Arabic", "fa" -> "Persian", "pt-BR" -> "Brazilian Portuguese": the name a prompt can say. */
export function languageName(code: string): string {
  try {
    return NAMES.of(code) ?? code;
  } catch {
    return code;
  }
}

const NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });
