function isArabic(c: number): boolean {
  return (
    (c >= 0x0600 && c <= 0x06ff) ||
    (c >= 0x0750 && c <= 0x077f) ||
    (c >= 0x08a0 && c <= 0x08ff) ||
    (c >= 0xfb50 && c <= 0xfdff) ||
    (c >= 0xfe70 && c <= 0xfeff)
  );
}
function isLatin(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
}
const LETTER = /\p{L}/u;

/** The script most of the text's letters are written in; null when it has no letters. */
export function dominantScript(text: string): 'arabic' | 'latin' | 'other' | null {
  let arabic = 0;
  let latin = 0;
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Arabic digits, punctuation and marks sit in the Arabic block but are not letters.
    if (isArabic(c)) {
      if (
        (c >= 0x0660 && c <= 0x0669) ||
        (c >= 0x06f0 && c <= 0x06f9) ||
        (c >= 0x064b && c <= 0x065f) ||
        c === 0x060c ||
        c === 0x061b ||
        c === 0x061f ||
        c === 0x06d4 ||
        c === 0x0640
      )
        continue;
      arabic++;
      letters++;
    } else if (isLatin(c)) {
      latin++;
      letters++;
    } else if (c > 0x7f && LETTER.test(text[i] ?? '')) {
      letters++;
    }
  }
  if (letters === 0) return null;
  if (arabic * 2 > letters) return 'arabic';
  if (latin * 2 > letters) return 'latin';
  return 'other';
}
