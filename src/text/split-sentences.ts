/** A sentence end: terminal punctuation (Latin, Arabic ؟, Urdu/Persian ۔, ellipsis), closing quotes, then space or end. */
const TERMINATOR = /[.!?\u061F\u06D4\u2026]+["'\u201D\u2019\u00BB)\]]*(?=\s|$)/g;

/** Abbreviations that end in a dot but rarely end a sentence (lower case, without the dot). */
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'st',
  'sr',
  'jr',
  'no',
  'nos',
  'vs',
  'etc',
  'incl',
  'approx',
  'e.g',
  'i.e',
  'gen',
  'gov',
  'sen',
  'rep',
  'lt',
  'col',
  'capt',
  'sgt',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'u.s',
  'u.k',
  'u.n',
  'fig',
  'p',
  'pp',
  'vol',
  'art',
  'mme',
  'mlle',
  'cf',
  'av',
  'env',
  'sra',
  'sr',
  'dra',
  'ee.uu',
  'ca',
  'est',
]);

const HAS_LETTER = /\p{L}/u;
const WORD_BEFORE_DOT = /([\p{L}.]+)\.$/u;

function isAbbreviation(before: string): boolean {
  // Only the end matters; a bounded tail keeps this linear on long lines.
  const m = WORD_BEFORE_DOT.exec(before.slice(-16));
  if (!m?.[1]) return false;
  const word = m[1].toLowerCase();
  // A single Latin letter is an initial ("S. Ahmed"), not a sentence end.
  if (/^[a-z]$/.test(word)) return true;
  return ABBREVIATIONS.has(word);
}

/**
 * Splits text into sentences, verbatim (trimmed substrings of the input). Works for Latin and Arabic
 * script: splits on . ! ? ؟ ۔ … and line breaks, never inside decimals (3.5, 07.20) or after common
 * abbreviations and initials; fragments without letters (". .") are dropped.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    let start = 0;
    TERMINATOR.lastIndex = 0;
    for (let m = TERMINATOR.exec(line); m !== null; m = TERMINATOR.exec(line)) {
      const end = m.index + m[0].length;
      if (m[0] === '.') {
        if (isAbbreviation(line.slice(start, end))) continue;
        // "approx. five": a lower-case Latin word after the dot continues the sentence.
        if (/^\s+[a-z]/.test(line.slice(end, end + 3))) continue;
      }
      push(sentences, line.slice(start, end));
      start = end;
    }
    push(sentences, line.slice(start));
  }
  return sentences;
}

function push(into: string[], fragment: string): void {
  const s = fragment.trim();
  if (s && HAS_LETTER.test(s)) into.push(s);
}
