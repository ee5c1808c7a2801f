import { isAscii, isUtf8 } from 'node:buffer';
import { decodeText } from './decode-text.js';

/** Result of turning fetched bytes into text. */
export interface DecodedBody {
  text: string;
  /** WHATWG name of the encoding actually used, e.g. "utf-8", "windows-1256". */
  charset: string;
}

const UTF8 = 'utf-8';

function supported(label: string | null | undefined): string | null {
  if (!label) return null;
  try {
    return new TextDecoder(label.trim().toLowerCase()).encoding;
  } catch {
    return null;
  }
}

function headerCharset(contentType: string | null | undefined): string | null {
  const match = contentType ? /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType) : null;
  return match?.[1] ?? null;
}

/** Finds the charset declared inside the document: XML declaration or HTML meta tag. */
function declaredCharset(bytes: Uint8Array): string | null {
  // Declarations are ASCII in every encoding we accept, so latin1 is a safe way to look for them.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 2048)).toString('latin1');
  const xml = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (xml?.[1]) return xml[1];
  const meta =
    /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head) ??
    /<meta[^>]+content\s*=\s*["'][^"']*charset=([\w.:-]+)/i.exec(head);
  return meta?.[1] ?? null;
}

function bomCharset(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return UTF8;
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

/**
 * Decodes a feed or page body. A byte-order mark wins; then bytes that are valid UTF-8 with
 * non-ASCII content are UTF-8 whatever the labels say (real single-byte Arabic or Latin text is
 * practically never valid UTF-8, and mislabelled UTF-8 is the common server mistake); otherwise
 * the in-document declaration (XML declaration, HTML meta), then the HTTP header charset, then
 * windows-1252, which is what undeclared legacy feeds usually are.
 */
export function decodeBody(bytes: Uint8Array, contentType?: string | null): DecodedBody {
  const bom = bomCharset(bytes);
  if (bom) return { text: new TextDecoder(bom).decode(bytes), charset: bom };

  const fromHeader = supported(headerCharset(contentType));
  if (isAscii(bytes)) return { text: new TextDecoder(UTF8).decode(bytes), charset: fromHeader ?? UTF8 };
  if (isUtf8(bytes)) return { text: new TextDecoder(UTF8).decode(bytes), charset: UTF8 };

  // A declaration we could read as ASCII cannot be UTF-16: ignore that lie.
  const declared = supported(declaredCharset(bytes));
  const usable = (c: string | null) => (c && c !== UTF8 && !c.startsWith('utf-16') ? c : null);
  const charset = usable(declared) ?? usable(fromHeader) ?? 'windows-1252';
  return { text: decodeText(bytes, charset), charset };
}
