import { isAscii, isUtf8 } from 'node:buffer';
import { SourceError } from '../domain/errors.js';
import { decodeText } from './decode-text.js';

/** Result of turning fetched bytes into text. */
export interface DecodedBody {
  text: string;
  /** WHATWG name of the encoding actually used, e.g. "utf-8", "windows-1256". */
  charset: string;
  /** Set when the bytes were read although they are not in the charset declared: what the feed's owner should fix. */
  warning?: string;
}

const UTF8 = 'utf-8';

/** A charset label as written and where it was found (named in warnings and errors). */
interface Declaration {
  label: string;
  /** WHATWG name of the charset the label names; null when it names none this runtime knows. */
  charset: string | null;
  where: 'XML declaration' | 'HTML meta tag' | 'HTTP header';
}

/** A declaration whose label names a charset we can decode. */
type Known = Declaration & { charset: string };

function supported(label: string): string | null {
  try {
    return new TextDecoder(label.toLowerCase()).encoding;
  } catch {
    return null;
  }
}

function declaration(label: string | null | undefined, where: Declaration['where']): Declaration | null {
  const text = label?.trim();
  return text ? { label: text, charset: supported(text), where } : null;
}

const known = (d: Declaration | null): d is Known => !!d?.charset;

function headerCharset(contentType: string | null | undefined): string | null {
  const match = contentType ? /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType) : null;
  return match?.[1] ?? null;
}

/** Finds the charset declared inside the document: XML declaration or HTML meta tag. */
function declaredCharset(bytes: Uint8Array): Declaration | null {
  // Declarations are ASCII in every encoding we accept, so latin1 is a safe way to look for them.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 2048)).toString('latin1');
  const xml = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (xml?.[1]) return declaration(xml[1], 'XML declaration');
  const meta =
    /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head) ??
    /<meta[^>]+content\s*=\s*["'][^"']*charset=([\w.:-]+)/i.exec(head);
  return declaration(meta?.[1], 'HTML meta tag');
}

function bomCharset(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return UTF8;
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

/**
 * UTF-16 without a byte-order mark, told by its first character: an ASCII "<" beside a zero byte (XML 1.0 appendix F).
 * Only when the header names UTF-16 or no known charset: a header naming another charset wins (RFC 7303).
 */
function utf16Charset(bytes: Uint8Array, header: Declaration | null): string | null {
  if (bytes.byteLength < 4 || (header?.charset && !header.charset.startsWith('utf-16'))) return null;
  if (bytes[0] !== 0 && bytes[1] === 0 && bytes[3] === 0) return 'utf-16le';
  if (bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0) return 'utf-16be';
  return null;
}

const isUnicode = (charset: string) => charset === UTF8 || charset.startsWith('utf-16');

/** Letters and their marks: a word in any script. */
const WORD = /[\p{L}\p{M}]+/gu;
const ARABIC_WORD = /^\p{Script_Extensions=Arabic}+$/u;

/** The words of `text` that have a non-ASCII letter: the only ones a wrong single-byte charset changes. */
function nonAsciiWords(text: string): string[] {
  return (text.match(WORD) ?? []).filter((word) => /\P{ASCII}/u.test(word));
}

/** Arabic in windows-1256: at least 80% of those words are wholly Arabic script (Latin text decodes to mixed words). */
function readsAsArabic(text: string): boolean {
  const words = nonAsciiWords(text);
  return words.length > 0 && words.filter((w) => ARABIC_WORD.test(w)).length >= 0.8 * words.length;
}

/**
 * Latin text in windows-1252: accented letters are at most half the letters of the words that have one ("déplacés",
 * "für"), where another script read as 1252 gives words made only of them ("ÛÑÞ ÞÇÑÈ" for Arabic, "Ìèãðàíòû" for
 * Russian). Refused too: a C1 control (a byte 1252 leaves undefined); ð, þ, ý (Icelandic only, and what Turkish ğ, ş, ı
 * become); a non-ASCII symbol inside a word ("z³o¿yli": Polish ł, ż).
 */
function readsAsLatin(text: string): boolean {
  if (/(?=\P{ASCII})\p{Cc}|[ðþýÐÞÝ]|\p{L}(?=\P{ASCII})[\p{S}\p{No}]\p{L}/u.test(text)) return false;
  let letters = 0;
  let accented = 0;
  for (const word of nonAsciiWords(text)) {
    letters += word.length;
    accented += word.replace(/\p{ASCII}/gu, '').length;
  }
  return accented <= letters / 2;
}

/** Whether a legacy charset's decoding reads as the script it is for (only Arabic and Latin can be told). */
function readsAsItsScript(text: string, charset: string): boolean {
  if (charset === 'windows-1256' || charset === 'iso-8859-6') return readsAsArabic(text);
  return charset === 'windows-1252' ? readsAsLatin(text) : true;
}

/**
 * The HTTP header and the document name two legacy charsets. RFC 7303 gives the header precedence, but a header is
 * often a server default (ISO-8859-1 before an Arabic windows-1256 feed): the first of the two, header first, whose
 * decoding reads as its script is used, with a warning naming the one left; the header if neither does.
 */
function decodeDisagreeing(bytes: Uint8Array, header: Known, document: Known): DecodedBody {
  const chosen = [header, document].find((d) => readsAsItsScript(decodeText(bytes, d.charset), d.charset)) ?? header;
  const other = chosen === header ? document : header;
  const warning = `the ${header.where} declares ${header.charset} and the ${document.where} ${document.charset}: read as ${chosen.charset}; the ${other.where} should say so too`;
  return { text: decodeText(bytes, chosen.charset), charset: chosen.charset, warning };
}

/** What a wrongly declared body may really be, tried in this order (Arabic first: it cannot pass as Latin). */
const GUESSES = [
  { charset: 'windows-1256', script: 'Arabic', fits: readsAsArabic },
  { charset: 'windows-1252', script: 'Latin', fits: readsAsLatin },
];

/** Non-ASCII characters of the UTF-8 decoding: valid sequences, and invalid ones (each became one U+FFFD). */
function countSequences(text: string): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80 || (c >= 0xdc00 && c <= 0xdfff)) continue;
    if (c === 0xfffd) invalid++;
    else valid++;
  }
  return { valid, invalid };
}

/**
 * Bytes that are not UTF-8 although they declare UTF-8 (or UTF-16, or nothing: UTF-8 is XML's default). A few
 * invalid sequences among more valid ones are stray bytes in a UTF-8 feed: UTF-8, each replaced by U+FFFD. Mostly
 * invalid, they are another encoding: windows-1256 if that gives Arabic words, windows-1252 if it gives plausible
 * Latin text (Latin-1 feeds behind a UTF-8 template are common), each with a warning naming the wrong declaration;
 * anything else is refused (FEED_CHARSET) rather than stored garbled.
 */
function decodeMislabelled(bytes: Uint8Array, claim: Known | null, prefix: string): DecodedBody {
  const declared = claim ? `declares ${claim.charset} (${claim.where})` : 'declares no charset';
  const expected = claim?.charset ?? UTF8;
  const utf8 = new TextDecoder(UTF8).decode(bytes);
  const { valid, invalid } = countSequences(utf8);
  if (invalid <= valid) {
    const warning = `${declared}, but ${invalid} byte sequence(s) are not valid UTF-8: read as UTF-8, each replaced by U+FFFD`;
    return { text: utf8, charset: UTF8, warning };
  }
  for (const guess of GUESSES) {
    const text = decodeText(bytes, guess.charset);
    if (!guess.fits(text)) continue;
    const warning = `${declared}, but its bytes are ${guess.script} text in ${guess.charset}: read as ${guess.charset}; the feed should declare encoding="${guess.charset}"`;
    return { text, charset: guess.charset, warning };
  }
  throw new SourceError(
    'FEED_CHARSET',
    `${prefix}${declared}, but its bytes are not ${expected} (${invalid} of ${valid + invalid} non-ASCII sequences are invalid) and read as neither Arabic (windows-1256) nor Latin (windows-1252) text: refused rather than stored garbled`,
  );
}

/**
 * Decodes a feed or page body. A byte-order mark wins; then UTF-16 told by its first character when nothing says
 * otherwise; then bytes that are valid UTF-8 with non-ASCII content are UTF-8 whatever the labels say (real
 * single-byte Arabic or Latin text is practically never valid UTF-8, and mislabelled UTF-8 is the common server
 * mistake); then a legacy charset declared in the document (XML declaration, HTML meta) or the HTTP header, the two
 * weighed by decodeDisagreeing when they differ. Bytes whose only label names no known charset are refused (guessing
 * could store them garbled); bytes that declare UTF-8 or nothing and are not UTF-8 go to decodeMislabelled, which
 * reads them as UTF-8, Arabic windows-1256 or Latin windows-1252 with a warning, or throws a SourceError FEED_CHARSET
 * (`url` starts its message).
 */
export function decodeBody(bytes: Uint8Array, contentType?: string | null, url?: string): DecodedBody {
  const bom = bomCharset(bytes);
  if (bom) return { text: new TextDecoder(bom).decode(bytes), charset: bom };

  const fromHeader = declaration(headerCharset(contentType), 'HTTP header');
  const utf16 = utf16Charset(bytes, fromHeader);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), charset: utf16 };
  if (isAscii(bytes)) {
    const charset = known(fromHeader) && !isUnicode(fromHeader.charset) ? fromHeader.charset : UTF8;
    return { text: new TextDecoder(UTF8).decode(bytes), charset };
  }
  if (isUtf8(bytes)) return { text: new TextDecoder(UTF8).decode(bytes), charset: UTF8 };

  // A declaration we could read as ASCII cannot be UTF-16 either: a Unicode label here is as wrong as a UTF-8 one.
  const declared = declaredCharset(bytes);
  const [inDocument, inHeader] = [declared, fromHeader].map((d) => (known(d) && !isUnicode(d.charset) ? d : null));
  if (inDocument && inHeader && inDocument.charset !== inHeader.charset)
    return decodeDisagreeing(bytes, inHeader, inDocument);
  const legacy = inDocument ?? inHeader;
  if (legacy) return { text: decodeText(bytes, legacy.charset), charset: legacy.charset };
  const prefix = url ? `${url}: ` : '';
  const unknown = [declared, fromHeader].find((d) => d && !d.charset);
  if (unknown) {
    throw new SourceError(
      'FEED_CHARSET',
      `${prefix}declares charset "${unknown.label}" (${unknown.where}), which names no charset this bot can decode, and its bytes are not UTF-8: refused rather than guessed and stored garbled`,
    );
  }
  const claim = [declared, fromHeader].find(known) ?? null;
  return decodeMislabelled(bytes, claim, prefix);
}
