import { nameSkeleton } from '../qa/name-skeleton.js';
import { normaliseArabic } from '../summarise/normalise-arabic.js';
import { readFigures } from './read-figures.js';

/** Anchor kinds, as prefixes in one set (a plain lower-case word is a Latin-script name). */
export const FIGURE = '#';
/** The consonant skeleton of a Latin-script name ("Bodrum" -> "~bdrm"). */
export const NAME_SKELETON = '~';
/** The consonant skeleton of an Arabic-script word ("بودروم" -> "^bdrm"): names there have no capitals to find them by. */
export const WORD_SKELETON = '^';

/** Arabic-script words are read in the opening only: the event's places come early, and a long text would add noise. */
const ARABIC_CHARS = 1_500;

/**
 * The language-independent "anchors" of a text: figures, Latin-script names and name skeletons. Editions of one
 * event share them (12 dead, 31 rescued, UNHCR, Bodrum / بودروم) even when no word is shared.
 */
export function storyAnchors(text: string): Set<string> {
  const folded = normaliseArabic(text);
  const anchors = new Set<string>();
  for (const figure of readFigures(folded)) {
    const value = Number(figure);
    // Small numbers and years are everywhere; they say nothing about which story this is.
    if (!Number.isFinite(value) || value < 10 || (Number.isInteger(value) && value >= 1900 && value <= 2100)) continue;
    anchors.add(`${FIGURE}${figure}`);
  }
  for (const m of folded.matchAll(/\b[A-Z][a-zA-Z\u00C0-\u024F'-]{2,}\b/g)) {
    if (COMMON_CAPITALISED.has(m[0])) continue;
    const name = m[0].toLowerCase();
    anchors.add(name);
    for (const s of skeletonsOf(name)) anchors.add(`${NAME_SKELETON}${s}`);
  }
  for (const m of folded.slice(0, ARABIC_CHARS).matchAll(/[\u0621-\u064A\u067E\u0686\u0698\u06AF]{4,}/g)) {
    for (const word of withoutClitic(m[0])) for (const s of skeletonsOf(word)) anchors.add(`${WORD_SKELETON}${s}`);
  }
  return anchors;
}

/** Skeletons of recent words: names and words repeat from item to item, and a skeleton costs many replacements. */
const skeletons = new Map<string, string[]>();
const MAX_CACHED = 50_000;

function skeletonsOf(word: string): string[] {
  let found = skeletons.get(word);
  if (!found) {
    if (skeletons.size >= MAX_CACHED) skeletons.clear();
    found = nameSkeleton(word);
    skeletons.set(word, found);
  }
  return found;
}

/** The word, and without one attached conjunction or preposition ("وبودروم", "ببودروم" -> "بودروم"). */
function withoutClitic(word: string): string[] {
  const bare = /^(?:وال|بال|فال|كال|لل|[وفبلك])(.{4,})$/.exec(word)?.[1];
  return bare ? [word, bare] : [word];
}

/** Shared anchors, and the share of the smaller set they cover. */
export function anchorOverlap(a: Set<string>, b: Set<string>): { shared: number; ratio: number } {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const x of small) if (large.has(x)) shared++;
  return { shared, ratio: small.size === 0 ? 0 : shared / small.size };
}

const COMMON_CAPITALISED = new Set([
  'The', 'This', 'That', 'These', 'There', 'They', 'And', 'But', 'For', 'With', 'From', 'After', 'Before', 'When', 'While',
  'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'January', 'February', 'March', 'April', 'May',
  'June', 'July', 'August', 'September', 'October', 'November', 'December', 'Read', 'More', 'Photo', 'Source', 'Les', 'Des', 'Los', 'Las', 'Una',
]);
