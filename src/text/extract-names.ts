export interface NameToken {
  text: string;
  kind: 'acronym' | 'name';
  /** The capitalised words of a name (connectors such as "for", "al-" dropped). */
  words: string[];
}

/** A capitalised Latin word, optionally with an attached Arabic/French article: "al-Ahmar", "d'Italie". */
const CAP = String.raw`(?:(?:al|el|ad|ar|as|an|at|az|ash|d|l)['’-])?\p{Lu}[\p{Ll}\p{Lu}\p{M}'’-]*`;
const CONNECTOR = `(?:of|for|the|and|on|de|du|des|la|le|les|del|della|di|da|van|von|y|et|al|el|bin|ibn)`;
const PHRASE = new RegExp(`(?<![\\p{L}\\p{M}])${CAP}(?:[^\\S\\n]+(?:${CONNECTOR}[^\\S\\n]+)*${CAP})+`, 'gu');
// "US$", "A$" name a currency, not a country or an organisation.
const ACRONYM = /(?<![\p{L}\p{N}])[A-Z][A-Z0-9]{1,6}s?(?![\p{L}\p{N}$])/gu;
/** ISO codes of the currencies migration news quotes ("EUR 5 million"): money, never a name. */
const CURRENCY_CODES = new Set([
  'USD',
  'EUR',
  'GBP',
  'CHF',
  'LYD',
  'TND',
  'EGP',
  'SYP',
  'LBP',
  'TRY',
  'IRR',
  'AFN',
  'JOD',
]);
const ROMAN = /^[IVXLC]+$/;
/** Capitalised function words that start a sentence, not a name: "The Libyan Red Crescent" is "Libyan Red Crescent". */
const LEADING = new Set(
  `the a an in on at by for from to as but and or this that these those it its their his her some many most
  more since after before during while when where what who how why if our we they he she there then also
  yet so with without about against among amid across along through under over between into onto upon
  despite although though because once unlike like near via per until throughout within each every all both
  le la les un une des du de en au aux dans selon pour avec sans depuis contre chez sur sous par entre après
  avant lors el los las una por para con sin desde sobre según
  monday tuesday wednesday thursday friday saturday sunday`.split(/\s+/),
);
const CALENDAR = new Set(
  `monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
  september october november december lundi mardi mercredi jeudi vendredi samedi dimanche`.split(/\s+/),
);
const CONNECTORS = new Set(CONNECTOR.slice(3, -1).split('|'));

function isAcronym(word: string): boolean {
  return /^[A-Z][A-Z0-9]{1,6}s?$/.test(word) && !ROMAN.test(word);
}

/**
 * Named places and organisations in Latin script: multi-word capitalised names ("Libyan Red Crescent",
 * "International Organization for Migration", "Deir al-Ahmar") and acronyms ("IOM", "UNHCR", "NGOs").
 * Single capitalised words are not names here: every sentence starts with one.
 */
export function extractNames(text: string): NameToken[] {
  const tokens: NameToken[] = [];
  const seen = new Set<string>();
  const add = (t: NameToken): void => {
    const key = `${t.kind}:${t.text}`;
    if (!seen.has(key)) {
      seen.add(key);
      tokens.push(t);
    }
  };
  PHRASE.lastIndex = 0;
  for (let m = PHRASE.exec(text); m !== null; m = PHRASE.exec(text)) {
    // "Libyan Coast Guard and UNHCR" is two names; "Bosnia and Herzegovina" becomes two single words (unchecked).
    for (const segment of m[0].split(/\s+(?:and|et|y)\s+/)) {
      const parts = segment.split(/\s+/);
      while (parts.length > 0 && LEADING.has((parts[0] ?? '').toLowerCase())) parts.shift();
      // "Libya on Sunday": a weekday or month ends no name (the date check reads it).
      while (
        parts.length > 0 &&
        (CONNECTORS.has(parts.at(-1) ?? '') || CALENDAR.has((parts.at(-1) ?? '').toLowerCase()))
      )
        parts.pop();
      const capitalised = parts.filter((p) => !CONNECTORS.has(p));
      if (capitalised.length < 2 || capitalised.every(isAcronym)) continue;
      add({
        text: parts.join(' '),
        kind: 'name',
        words: capitalised.map((w) => w.replace(/^(?:al|el|ad|ar|as|an|at|az|ash|d|l)['’-]/, '')),
      });
    }
  }
  ACRONYM.lastIndex = 0;
  for (let m = ACRONYM.exec(text); m !== null; m = ACRONYM.exec(text)) {
    if (isAcronym(m[0]) && !CURRENCY_CODES.has(m[0])) add({ text: m[0], kind: 'acronym', words: [m[0]] });
  }
  return tokens;
}
