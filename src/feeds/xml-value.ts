const XML_ENTITY = /&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/g;

function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(XML_ENTITY, (whole, name: string) => {
    if (name[0] !== '#') return NAMED[name] ?? whole;
    const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * The character data of a raw XML fragment as an XML parser would give it: CDATA sections kept
 * verbatim, the five predefined and numeric entities decoded elsewhere. Other entities are left
 * as text (never expanded from a DTD); markup inside the fragment is kept for the HTML step.
 */
export function xmlValue(raw: string): string {
  if (!raw.includes('<![CDATA[')) return decodeXmlEntities(raw);
  let out = '';
  let last = 0;
  for (const match of raw.matchAll(CDATA)) {
    out += decodeXmlEntities(raw.slice(last, match.index)) + (match[1] ?? '');
    last = match.index + match[0].length;
  }
  return out + decodeXmlEntities(raw.slice(last));
}
