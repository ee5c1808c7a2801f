/**
 * Light Arabic stemming (after Larkey's Light10) on text already passed through normaliseArabicScript.
 * Returns the main stem first, then variants for ambiguous one-letter prefixes (و ف ب ل ك), because a
 * light stemmer cannot tell the preposition in "بمطار" from the root letter in "بيروت": indexing both
 * readings lets either match, and the caller weights the variants lower.
 */
export function stemArabic(word: string): string[] {
  if (word.length < 3) return [word];
  const stems = new Set<string>();
  // Light10: conjunction و first when at least 3 letters remain, then the article, then suffixes.
  const bases = word.startsWith('و') && word.length >= 4 ? [word.slice(1), word] : [word];
  for (const base of bases) stems.add(stripSuffixes(stripArticle(base)));
  for (const base of bases) {
    // A counted noun or adjective in the accusative ends in the alif of tanween ("40 مهاجرا", "شرعيا"): also read without it.
    if (base.endsWith('ا') && base.length >= 5) stems.add(stripSuffixes(stripArticle(base.slice(0, -1))));
  }
  for (const base of bases) {
    // "للاجئين" is ل + اللاجئين with one lam dropped: stripping the article "لل" alone loses a root letter.
    if (ONE_LETTER_PREFIXES.includes(base[0] ?? '') && base.length >= 5) {
      stems.add(stripSuffixes(stripArticle(base.slice(1))));
    }
  }
  return [...stems];
}

const ARTICLES = ['وال', 'بال', 'كال', 'فال', 'لل', 'ال'];
const ONE_LETTER_PREFIXES = ['ف', 'ب', 'ل', 'ك'];
// Light10's suffixes (ة already folded to ه), plus the plural pronoun and verb endings هم / وا.
const SUFFIXES = ['ها', 'هم', 'ان', 'ات', 'ون', 'وا', 'ين', 'يه', 'ه', 'ي'];

function stripArticle(word: string): string {
  for (const article of ARTICLES) {
    if (word.startsWith(article) && word.length - article.length >= 2) return word.slice(article.length);
  }
  return word;
}

function stripSuffixes(word: string): string {
  let stem = word;
  for (const suffix of SUFFIXES) {
    // Three letters kept: Arabic roots are mostly triliteral, shorter remainders collide.
    if (stem.endsWith(suffix) && stem.length - suffix.length >= 3) stem = stem.slice(0, -suffix.length);
  }
  return stem;
}
