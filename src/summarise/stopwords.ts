import { newsFillerLists, stopwordLists } from '../text/stopwords.js';
import { normaliseArabic } from '../text/normalise-arabic.js';

/** Function words and news fillers of en, fr, es, ar, fa in one set (src/text/stopwords.ts), Arabic script normalised like the scored text. */
export const stopwords: ReadonlySet<string> = new Set(
  [...Object.values(stopwordLists), ...Object.values(newsFillerLists)]
    .flat()
    .map((w) => normaliseArabic(w.toLowerCase())),
);
