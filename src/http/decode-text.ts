/** What windows-1252 puts at 0x80-0x9F (WHATWG); the five bytes it leaves undefined stay C1 controls. */
const WINDOWS_1252_C1 = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';

/**
 * TextDecoder for a WHATWG charset name, except that windows-1252 (which the labels latin1 and iso-8859-1 also name)
 * reads 0x80-0x9F as WHATWG says: Node's decoder reads them as Latin-1 C1 controls, so a curly quote became U+0092
 * (nodejs/node#56542).
 */
export function decodeText(bytes: Uint8Array, charset: string): string {
  const text = new TextDecoder(charset).decode(bytes);
  if (charset !== 'windows-1252') return text;
  return text.replace(/[\x80-\x9f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] ?? c);
}
