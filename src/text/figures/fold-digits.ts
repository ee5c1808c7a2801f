/** Arabic-Indic (٠-٩) and Persian (۰-۹) digits -> 0-9, one character for one, so offsets still hold. */
export function foldDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String((d.charCodeAt(0) & 0xf) % 10));
}
