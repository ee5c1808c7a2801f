import { knownPlaces } from '../text/known-places.js';
import { normaliseArabicScript } from '../text/normalise-arabic-script.js';

/** Endings an Arabic-script place stem takes in a question ("تونس" -> "تونسيين", "ليبي" -> "ليبيا"). */
const ARABIC_ENDINGS = /^(?:|ا|ه|ي|يه|يا|ين|يين|ون|يون|ان|ها)$/;

/**
 * The spellings of the known place (src/text/known-places.ts) a word of a question names, in every language and
 * script, or undefined: "تونس", "Tunisie" and "túnez" all give Tunisia's row. One-word spellings only.
 */
export function findKnownPlace(word: string): readonly string[] | undefined {
  const folded = fold(word);
  const arabic = /[\u0600-\u06FF]/.test(folded);
  // Conjunction, prepositions and article written onto the word: "وتونس", "بليبيا", "التونسيين".
  const readings = arabic
    ? [folded, folded.replace(/^[وفبل](?=...)/, ''), folded.replace(/^[وفبل]?ال(?=...)/, '')]
    : [folded];
  const index = FOLDED.findIndex((forms) =>
    forms.some((form) =>
      arabic ? readings.some((w) => w.startsWith(form) && ARABIC_ENDINGS.test(w.slice(form.length))) : form === folded,
    ),
  );
  return index < 0 ? undefined : knownPlaces[index];
}

function fold(word: string): string {
  return normaliseArabicScript(word.toLowerCase()).normalize('NFD').replace(/\p{M}/gu, '');
}

/** Every spelling folded once (the list is read for each word of each question). */
const FOLDED = knownPlaces.map((row) => row.map(fold));
