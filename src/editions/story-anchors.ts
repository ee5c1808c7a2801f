import { nameSkeleton } from '../text/name-skeleton.js';
import { placeOfArabicWord, placeOfName } from './known-places.js';
import { normaliseArabic } from '../text/normalise-arabic.js';
import { figureRoles } from './figure-role.js';
import { readFigureSpans, readFigures } from './read-figures.js';

/** Anchor kinds, as prefixes in one set (a plain lower-case word is a Latin-script name). */
export const FIGURE = '#';
/** The consonant skeleton of a Latin-script name ("Bodrum" -> "~bdrm"). */
export const NAME_SKELETON = '~';
/** A known place the text names ("@libya" for "Libyan" or "الليبيه"), in any script. */
export const PLACE = '@';
/** The consonant skeleton of an Arabic-script word ("بودروم" -> "^bdrm"): names there have no capitals to find them by. */
export const WORD_SKELETON = '^';
/** A round ten ("=30"): too common to identify a story, read only by the same publisher's rule (samePublisherScore). */
export const ROUND_FIGURE = '=';
/** A figure of the title ("+45", round ones included), read only by the same publisher's rule: a translation keeps it. */
export const TITLE_FIGURE = '+';
/** What a distinctive figure counts where the text writes it ("%h41": 41 dead or missing, "%s41": 41 rescued). */
export const FIGURE_ROLE = '%';

/** Arabic-script words are read in the opening only: the event's places come early, and a long text would add noise. */
const ARABIC_CHARS = 1_500;

/**
 * The language-independent "anchors" of a text: figures, Latin-script names and name skeletons. Editions of one
 * event share them (12 dead, 31 rescued, UNHCR, Bodrum / بودروم) even when no word is shared.
 */
export function storyAnchors(text: string): Set<string> {
  const folded = normaliseArabic(text);
  const anchors = new Set<string>();
  const add = (anchor: string) => anchors.add(intern(anchor));
  const firstLine = folded.indexOf('\n');
  const titleFigures = new Set(readFigures(firstLine < 0 ? folded : folded.slice(0, firstLine)));
  for (const { value: figure, index, end } of readFigureSpans(folded)) {
    const value = Number(figure);
    // Small numbers and years are everywhere; they say nothing about which story this is.
    if (!Number.isFinite(value) || value < 10 || (Number.isInteger(value) && value >= 1900 && value <= 2100)) continue;
    // Round tens (10, 20... "about 20") neither, for every rule but the same publisher's.
    const round = value < 100 && value % 10 === 0;
    add(round ? `${ROUND_FIGURE}${figure}` : `${FIGURE}${figure}`);
    if (titleFigures.has(figure)) add(`${TITLE_FIGURE}${figure}`);
    if (!round) for (const role of figureRoles(folded, index, end)) add(`${FIGURE_ROLE}${role[0]}${figure}`);
  }
  for (const name of latinNames(folded)) {
    add(name);
    const place = placeOfName(name);
    if (place) add(`${PLACE}${place}`);
    for (const s of skeletonsOf(name)) add(`${NAME_SKELETON}${s}`);
  }
  for (const m of folded.slice(0, ARABIC_CHARS).matchAll(/[\u0621-\u064A\u067E\u0686\u0698\u06AF]{4,}/g)) {
    for (const word of withoutClitic(m[0])) for (const s of skeletonsOf(word)) add(`${WORD_SKELETON}${s}`);
    const place = placeOfArabicWord(m[0]);
    if (place) add(`${PLACE}${place}`);
  }
  return anchors;
}

/**
 * storyAnchors' set from its strings computed in another thread (ReadItem.anchors): each one interned here, as
 * storyAnchors would, so that the editions an ingest run keeps share them.
 */
export function anchorSet(anchors: string[]): Set<string> {
  const set = new Set<string>();
  for (const anchor of anchors) set.add(intern(anchor));
  return set;
}

const CAPITALISED = /\b[A-Z][a-zA-Z\u00C0-\u024F'-]{2,}\b/g;
/** A sentence or line starts just before: every word there is capitalised, name or not ("Survivors said..."). */
const SENTENCE_START = /(?:^|[.!?:;\n"“«(]\s*|\s[-–—]\s)$/;

/**
 * Capitalised Latin-script words, lower-cased, that are capitalised somewhere other than at the start of a sentence
 * (a name, not "Survivors" or "At"); a Title Case line (most long words capitalised, as in many headlines) says nothing.
 */
function latinNames(text: string): Set<string> {
  const names = new Set<string>();
  // Only the first line (the title) can be a headline in Title Case; body lines are prose.
  const firstLine = text.indexOf('\n');
  const title = firstLine < 0 ? text : text.slice(0, firstLine);
  const long = title.match(/\b\p{L}{4,}\b/gu) ?? [];
  const from = long.length >= 4 && long.filter((w) => /^\p{Lu}/u.test(w)).length / long.length > 0.6 ? title.length : 0;
  CAPITALISED.lastIndex = from;
  for (let m = CAPITALISED.exec(text); m !== null; m = CAPITALISED.exec(text)) {
    if (COMMON_CAPITALISED.has(m[0]) || SENTENCE_START.test(text.slice(Math.max(0, m.index - 3), m.index))) continue;
    names.add(m[0].toLowerCase());
  }
  return names;
}

/**
 * One string object per distinct anchor: an ingest run keeps the anchors of every edition of its window, and the same
 * figures, names and skeletons recur from edition to edition (equal strings, so every comparison is unchanged).
 */
const interned = new Map<string, string>();

const MAX_INTERNED = 200_000;

function intern(anchor: string): string {
  const one = interned.get(anchor);
  if (one !== undefined) return one;
  if (interned.size >= MAX_INTERNED) interned.clear();
  interned.set(anchor, anchor);
  return anchor;
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

const COMMON_CAPITALISED = new Set([
  'The',
  'This',
  'That',
  'These',
  'There',
  'They',
  'And',
  'But',
  'For',
  'With',
  'From',
  'After',
  'Before',
  'When',
  'While',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
  'Read',
  'More',
  'Photo',
  'Source',
  'Les',
  'Des',
  'Los',
  'Las',
  'Una',
]);
