/** Capitalised words that are not names: days, months, titles, pronouns (several languages). */
const NOT_NAMES = new Set(
  `i monday tuesday wednesday thursday friday saturday sunday january february march april may june july
  august september october november december mr mrs ms dr prof sir madam god internet covid muslims muslim
  christians christian arabic english french spanish persian farsi ramadan eid
  the a an in on at by for from to as but and or this that these those it its their his her our we they he
  she there then also yet so with about after before during while when where what who how why if some many
  most more since without among amid across despite although though because once like near via per until
  le la les un une des du de en au aux dans selon pour avec sans depuis contre chez sur sous par entre après
  avant lors il elle ils elles el los las una por para con sin desde sobre según`.split(/\s+/),
);

/**
 * Single capitalised Latin words inside a sentence ("off Bodrum", "by Frontex"): the first word of a sentence
 * (or of a clause after a colon, a quote or a bracket) is capitalised anyway and is skipped, as are acronyms
 * (extractNames reads them), words inside `skip` spans and common capitalised non-names.
 */
export function extractCapitalisedWords(text: string, skip: ReadonlyArray<readonly [number, number]>): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?<![\p{L}\p{M}\p{N}'’-])\p{Lu}[\p{Ll}\p{M}]+(?:['’-]\p{L}+)*/gu)) {
    const before = text.slice(Math.max(0, m.index - 4), m.index);
    // Sentence or clause start: nothing before, or . ! ? : ; " « ( and spaces.
    if (m.index === 0 || /(?:^|[.!?:;"“«(\n\u061F])\s*$/u.test(before) || /^\s*$/.test(text.slice(0, m.index)))
      continue;
    if (skip.some(([s, e]) => m.index >= s && m.index < e)) continue;
    if (NOT_NAMES.has(m[0].toLowerCase())) continue;
    out.push(m[0]);
  }
  return [...new Set(out)];
}
