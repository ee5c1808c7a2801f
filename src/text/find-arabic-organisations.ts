import { knownOrganisations } from './known-organisations.js';
import { normaliseArabic } from './normalise-arabic.js';

export interface ArabicOrganisation {
  /** Every name of the organisation, in every language (a row of knownOrganisations). */
  aliases: readonly string[];
  /** The words as the text writes them. */
  written: string;
  index: number;
  end: number;
}

/**
 * Rows that are not one organisation: a kind ("منظمات غير حكومية" needs no one name behind it) or a country (the
 * place check reads "بريطانيا", and a source says "Washington" or "American" as often as "the US").
 */
const NOT_ONE_ORGANISATION = new Set(['NGO', 'US', 'UK']);

/** An alias that is also a common noun: "المفوضية" is UNHCR, but "المفوضية الأوروبية" is the European Commission. */
const COMMON_NOUNS = new Set(['المفوضيه']);

/** Each Arabic-script alias as words, the longest first, so "مفوضية الأمم المتحدة..." wins over "الأمم المتحدة". */
const ALIASES = knownOrganisations
  .filter((row) => !row.some((name) => NOT_ONE_ORGANISATION.has(name)))
  .flatMap((row) =>
    row
      .filter((name) => /[\u0600-\u06FF]/.test(name))
      .map((name) => ({ row, words: normaliseArabic(name).split(' ') })),
  )
  .sort((a, b) => b.words.length - a.words.length);

/** A word of the text is the alias's first word with a conjunction or preposition glued on ("وللأمم" -> "الامم"). */
function firstWordMatches(word: string, alias: string): boolean {
  if (word === alias) return true;
  const bare = word.replace(/^(?:و|ف)/, '');
  if (bare === alias || bare.replace(/^[بلك]/, '') === alias) return true;
  return alias.startsWith('ال') && bare === `لل${alias.slice(2)}`;
}

/**
 * The known organisations an Arabic-script text names, wherever they stand ("قالت المفوضية", "للأمم المتحدة",
 * "اليونيسف"), each with its place in the text. Arabic has no capitals, so the figure gate checks these names
 * through the list of known organisations rather than by finding names.
 */
export function arabicOrganisationsIn(text: string): ArabicOrganisation[] {
  // Persian joins the parts of a word with a zero-width non-joiner ("بین‌المللی"): the aliases write a space there.
  const words = [...text.matchAll(/[\u0600-\u06FF]+/g)].map((m) => ({
    norm: normaliseArabic(m[0]),
    index: m.index,
    end: m.index + m[0].length,
  }));
  const found: ArabicOrganisation[] = [];
  for (let i = 0; i < words.length; i++) {
    const match = ALIASES.find(
      (alias) =>
        firstWordMatches(words[i]?.norm ?? '', alias.words[0] ?? '') &&
        alias.words.every((w, k) => k === 0 || words[i + k]?.norm === w) &&
        alias.words.every(
          (_, k) => k === 0 || /^[\s\u200C]+$/.test(text.slice(words[i + k - 1]?.end, words[i + k]?.index)),
        ),
    );
    if (!match) continue;
    const last = words[i + match.words.length - 1];
    const next = words[i + match.words.length];
    // "المفوضية الأوروبية", "المفوضية العليا للانتخابات": another commission, unless it is "المفوضية السامية".
    const qualified =
      next && /^\s+$/.test(text.slice(last?.end, next.index)) && /^ال/.test(next.norm) && next.norm !== 'الساميه';
    if (match.words.length === 1 && COMMON_NOUNS.has(match.words[0] ?? '') && qualified) continue;
    const index = words[i]?.index ?? 0;
    const end = last?.end ?? index;
    found.push({ aliases: match.row, written: text.slice(index, end), index, end });
    i += match.words.length - 1;
  }
  return found;
}
