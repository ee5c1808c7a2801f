/** Zone abbreviations JavaScript's Date does not know, as offsets. */
const ZONES: Record<string, string> = {
  CET: '+0100',
  CEST: '+0200',
  EET: '+0200',
  EEST: '+0300',
  WET: '+0000',
  WEST: '+0100',
  BST: '+0100',
  IST: '+0530',
  MSK: '+0300',
  AST: '+0300',
  GST: '+0400',
  PKT: '+0500',
  JST: '+0900',
  KST: '+0900',
  AEST: '+1000',
  AEDT: '+1100',
  SAST: '+0200',
  EAT: '+0300',
  WAT: '+0100',
  CAT: '+0200',
  TRT: '+0300',
};
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ](\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;
const RFC_ZONE = /(?:[+-]\d{4}|\b(?:GMT|UTC|UT|Z|[ECMP][SD]T)|\b([A-Z]{3,4}))$/;

/**
 * Parses feed dates (RFC 822 pubDate, ISO 8601 dc:date / Atom, with or without time zone) to an
 * ISO string in UTC. A date without a time zone is taken as UTC, never as the server's local time.
 */
export function parseFeedDate(value: string | null | undefined): string | null {
  let text = value?.trim().replace(/\s+/g, ' ');
  if (!text) return null;
  const iso = ISO.exec(text);
  if (iso) {
    if (!iso[1]) text = `${text.slice(0, 10)}T00:00:00Z`;
    else if (!iso[2]) text = `${text.replace(' ', 'T')}Z`;
  } else {
    const zone = RFC_ZONE.exec(text);
    if (!zone) text = `${text} GMT`;
    else if (zone[1]) {
      const offset = ZONES[zone[1].toUpperCase()];
      text = offset ? `${text.slice(0, zone.index)}${offset}` : `${text.slice(0, zone.index)}GMT`;
    }
  }
  const time = Date.parse(text.replace(/,(?=\S)/, ', '));
  if (Number.isNaN(time)) return null;
  const year = new Date(time).getUTCFullYear();
  return year >= 1970 && year <= 2200 ? new Date(time).toISOString() : null;
}
