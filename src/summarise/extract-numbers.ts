import { normaliseArabic } from '../text/normalise-arabic.js';

export interface NumberToken {
  /** As written in the text. */
  text: string;
  /** Every value the token can mean, as canonical strings ("1.200" -> 1200 and 1.2). */
  values: string[];
}

/**
 * A figure: grouped thousands (1,200 / 1.200 / ١٬٢٠٠ / 1 200 with a no-break space) or a plain number
 * with an optional decimal part. Digits are matched after Arabic-Indic/Persian digits were folded to 0-9.
 * Not preceded by a Latin letter or digit, so "G7" or "COP28" are not figures.
 */
const NUMBER =
  /(?<![A-Za-z0-9])(?:\d{1,3}(?:([,.\u066C'\u00A0\u202F])\d{3})(?:\1\d{3})*(?:[.,\u066B]\d+)?|\d+(?:[.,\u066B]\d+)?)/g;
const MULTIPLIER =
  /^\s*(million|millions|m\b|billion|billions|bn\b|thousand|thousands|k\b|milliards?|mille|mil|millones|millón|مليون|ملايين|مليار|مليارات|الف|الاف|میلیون|میلیارد|هزار)/i;
const MULTIPLIER_VALUES: Record<string, number> = {
  million: 1e6, millions: 1e6, m: 1e6, millones: 1e6, 'millón': 1e6, مليون: 1e6, ملايين: 1e6, میلیون: 1e6,
  billion: 1e9, billions: 1e9, bn: 1e9, milliard: 1e9, milliards: 1e9, مليار: 1e9, مليارات: 1e9, میلیارد: 1e9,
  thousand: 1e3, thousands: 1e3, k: 1e3, mille: 1e3, mil: 1e3, الف: 1e3, الاف: 1e3, هزار: 1e3,
};

function canonical(n: number): string {
  return Number.isFinite(n) ? String(Number(n.toFixed(6))) : '';
}

function interpretations(token: string, groupSeparator: string | undefined): number[] {
  const out: number[] = [];
  if (groupSeparator !== undefined) {
    // Grouped: strip the group separator, keep a trailing decimal part.
    const stripped = token.split(groupSeparator).join('').replace(/[,\u066B]/g, '.');
    out.push(Number.parseFloat(stripped));
    // "1.200" or "1,5": one group after . or , can also be a decimal.
    if ((groupSeparator === '.' || groupSeparator === ',') && token.split(groupSeparator).length === 2) {
      out.push(Number.parseFloat(token.replace(groupSeparator, '.')));
    }
  } else {
    out.push(Number.parseFloat(token.replace(/[,\u066B]/, '.')));
  }
  return out;
}

/** Every figure in the text with the values it can stand for (digits in any script, multipliers such as "1.5 million"). */
export function extractNumbers(text: string): NumberToken[] {
  // Only digits are folded here, one unit for one, so offsets still point into the original text.
  const folded = text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String((d.charCodeAt(0) & 0xf) % 10));
  const tokens: NumberToken[] = [];
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(folded); m !== null; m = NUMBER.exec(folded)) {
    const values = interpretations(m[0], m[1]);
    const end = m.index + m[0].length;
    const mult = MULTIPLIER.exec(normaliseArabic(folded.slice(end, end + 16)));
    const factor = mult?.[1] ? MULTIPLIER_VALUES[mult[1].toLowerCase()] : undefined;
    if (factor) for (const v of [...values]) values.push(v * factor);
    tokens.push({ text: text.slice(m.index, end), values: [...new Set(values.map(canonical).filter(Boolean))] });
  }
  return tokens;
}
