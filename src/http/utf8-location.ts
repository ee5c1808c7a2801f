import { isUtf8 } from 'node:buffer';

/**
 * Header values arrive as latin1; a Location with raw UTF-8 bytes (an Arabic slug, sent as is by many servers) is read
 * as UTF-8, as browsers do, instead of being percent-encoded twice.
 */
export function utf8Location(location: string): string {
  if (!/[\x80-\xff]/.test(location)) return location;
  const bytes = Buffer.from(location, 'latin1');
  return isUtf8(bytes) ? bytes.toString('utf8') : location;
}
