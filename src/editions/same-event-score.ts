import { AnchorList, type Anchors } from './anchor-list.js';
import { placeOfName } from './known-places.js';
import {
  FIGURE,
  FIGURE_ROLE,
  NAME_SKELETON,
  PLACE,
  ROUND_FIGURE,
  TITLE_FIGURE,
  WORD_SKELETON,
} from './story-anchors.js';

/** Two reports of one event share at least this many anchors (figures and names together). */
export const MIN_SHARED_ANCHORS = 3;
/** Of the names of the side with fewer names, at least this share is on the other side too (same script). */
const MIN_NAME_RATIO = 0.5;
/** The same across Latin and Arabic script, where skeletons find only some of the names. */
const MIN_CROSS_NAME_RATIO = 0.2;
/** Of the figures of the report with more of them, at least this share is in the other. */
const MIN_LARGER_FIGURE_SHARE = 0.15;
/** Shared distinctive figures (10 or more, not years) that identify a text without names: two events never share so many. */
const FIGURES_ALONE = 5;
/** A cross-script name skeleton this long is rarely an Arabic word by chance ("bdrm", "lmbds"). */
const STRONG_SKELETON = 4;

interface Counts {
  figures: number;
  /** Names in Latin script, and whether the text has Arabic-script words (skeletons to compare names with). */
  latinNames: number;
  arabicScript: boolean;
}

/** Counts per anchor set, computed once: a set is compared with every candidate of several items. */
const counted = new WeakMap<Anchors, Counts>();

function count(anchors: Anchors): Counts {
  const known = counted.get(anchors);
  if (known) return known;
  const c: Counts = { figures: 0, latinNames: 0, arabicScript: false };
  for (const a of anchors) {
    const kind = a[0];
    if (kind === FIGURE) c.figures++;
    else if (kind === WORD_SKELETON) c.arabicScript = true;
    else if (isName(kind)) c.latinNames++;
  }
  counted.set(anchors, c);
  return c;
}

const namedPlaces = new WeakMap<Anchors, Set<string>>();

/** The known places a set's Latin-script names stand for ("Tunisian", "Túnez", "Tunisie" -> tunisia). */
function placesOfNames(anchors: Anchors): Set<string> {
  let found = namedPlaces.get(anchors);
  if (!found) {
    found = new Set<string>();
    for (const a of anchors) {
      const kind = a[0];
      if (kind === FIGURE || kind === WORD_SKELETON || !isName(kind)) continue;
      const place = placeOfName(a);
      if (place) found.add(place);
    }
    namedPlaces.set(anchors, found);
  }
  return found;
}

/** A Latin-script name of one text that the other names too, as written or as another spelling of the same known place. */
function nameShared(name: string, other: Anchors): boolean {
  if (other.has(name)) return true;
  const place = placeOfName(name);
  return place !== undefined && placesOfNames(other).has(place);
}

const figureLists = new WeakMap<Anchors, string[]>();

/** The figure anchors of a set (cached): a candidate sharing none of them is refused without a full comparison. */
export function figuresOf(anchors: Anchors): string[] {
  if (anchors instanceof AnchorList) return anchors.figures;
  let list = figureLists.get(anchors);
  if (!list) {
    list = [...anchors].filter((a) => a[0] === FIGURE);
    figureLists.set(anchors, list);
  }
  return list;
}

/**
 * How strongly two texts' anchors say "one event" (SPEC 5.1, precision first), or 0 for "keep apart": they must share
 * distinctive figures and names (in either script), with no conflicting figures: most figures of the report with
 * fewer figures must be in the other (another toll, another week's bulletin refuses the pair).
 */
export function sameEventScore(a: Anchors, b: Anchors): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let figures = 0;
  let names = 0;
  const crossNames = new Set<string>();
  for (const x of small) {
    const kind = x[0];
    if (kind === FIGURE) {
      // The same number counting other people (41 dead / 41 rescued) is a conflicting figure, not a shared one.
      if (large.has(x) && !rolesConflict(x, small, large)) figures++;
    } else if (kind === NAME_SKELETON) {
      // A Latin name written in Arabic script on the other side.
      if (large.has(`${WORD_SKELETON}${x.slice(1)}`)) crossNames.add(x);
    } else if (kind === WORD_SKELETON) {
      if (large.has(`${NAME_SKELETON}${x.slice(1)}`)) crossNames.add(`${NAME_SKELETON}${x.slice(1)}`);
    } else if (isName(kind) && nameShared(x, large)) names++;
  }
  if (figures === 0 || placesDisagree(a, b)) return 0;
  const ca = count(a);
  const cb = count(b);
  // Conflict: half or more of the figures of the report with fewer of them are not in the other.
  const fewerFigures = Math.min(ca.figures, cb.figures);
  if (fewerFigures - figures >= figures) return 0;
  // A long text with many figures (a weekly digest of many stories) is about other things too: not one event.
  if (figures / Math.max(ca.figures, cb.figures) < MIN_LARGER_FIGURE_SHARE) return 0;
  // Names: directly in the same script; across scripts, through skeletons. A skeleton of three consonants or fewer is
  // also the root of many Arabic words ("Bashar" / بشر "people"): such a match counts only beside two shared figures.
  let cross = 0;
  for (const x of crossNames) if (x.length - 1 >= STRONG_SKELETON || figures >= 2) cross++;
  const sharedNames = Math.max(names, Math.min(cross, latinSide(ca, cb)));
  const crossScript = ca.arabicScript !== cb.arabicScript;
  const fewerNames = crossScript ? latinSide(ca, cb) : Math.min(ca.latinNames, cb.latinNames);
  // So many shared distinctive figures identify the text by themselves (a translation), unless names disagree.
  if (figures >= FIGURES_ALONE && (sharedNames > 0 || fewerNames < 2)) return figures * 2 + sharedNames;
  if (sharedNames === 0 || figures + sharedNames < MIN_SHARED_ANCHORS) return 0;
  // One shared figure is thin (one sentence two texts happen to share): it also needs a known place in common.
  if (figures === 1 && !sharePlace(a, b)) return 0;
  // In one script names compare directly, so most of them must agree; across scripts skeletons find only some.
  if (fewerNames > 0 && sharedNames / fewerNames < (crossScript ? MIN_CROSS_NAME_RATIO : MIN_NAME_RATIO)) return 0;
  return figures * 2 + sharedNames;
}

/**
 * How strongly two editions of ONE publisher in two languages, published within 48 h, say "one release" (SPEC 5.1: same
 * publisher with matching numbers and names), or 0: every figure of the one with fewer figures (round tens included) is
 * in the other, which has at most half as many more; they share two figures, or one and a known place, and a figure of
 * both titles; the one naming fewer known places names none the other does not.
 */
export function samePublisherScore(a: Anchors, b: Anchors): number {
  const [few, many] = [allFigures(a), allFigures(b)].sort((x, y) => x.length - y.length) as [string[], string[]];
  const manySet = new Set(many);
  // Any figure of the shorter release missing from the other is a conflict: another boat, another toll.
  if (few.length === 0 || few.some((f) => !manySet.has(f) || rolesConflict(f, a, b)) || !placesAgree(a, b)) return 0;
  const shared = few.length;
  // A text with many more figures (a bulletin of several stories) is not a translation of this release.
  if (many.length - shared > Math.floor(shared / 2)) return 0;
  const place = sharePlace(a, b);
  if (shared < 2 && !place) return 0;
  // Both titles carry one of the figures: one release's headline, not two texts that share a sentence.
  if (!titlesShareFigure(a, b)) return 0;
  return shared * 2 + (place ? 1 : 0);
}

/** Every known place of the text naming fewer of them is named by the other too (one release names the same places). */
function placesAgree(a: Anchors, b: Anchors): boolean {
  const [few, many] = [placesOf(a), placesOf(b)].sort((x, y) => x.length - y.length) as [string[], string[]];
  return few.every((p) => many.includes(p));
}

function placesOf(anchors: Anchors): string[] {
  return [...anchors].filter((x) => x[0] === PLACE);
}

function titlesShareFigure(a: Anchors, b: Anchors): boolean {
  for (const x of a) if (x[0] === TITLE_FIGURE && b.has(x)) return true;
  return false;
}

/** Figures of every kind (distinctive and round), as anchors: "#45", "=30". */
function allFigures(anchors: Anchors): string[] {
  return [...anchors].filter((x) => x[0] === FIGURE || x[0] === ROUND_FIGURE);
}

/** A Latin-script name: a plain word, not an anchor of another kind (those start with a sign). */
function isName(kind: string | undefined): boolean {
  return (
    kind !== NAME_SKELETON && kind !== PLACE && kind !== ROUND_FIGURE && kind !== TITLE_FIGURE && kind !== FIGURE_ROLE
  );
}

const ROLE_LETTERS = ['h', 's'];

/**
 * Whether both texts say what the figure anchor `figure` ("#41") counts and never the same thing: 41 dead in one, 41
 * rescued in the other. A text that says nothing, or both things, never conflicts.
 */
function rolesConflict(figure: string, a: Anchors, b: Anchors): boolean {
  const value = figure.slice(1);
  let inA = false;
  let inB = false;
  for (const letter of ROLE_LETTERS) {
    const role = `${FIGURE_ROLE}${letter}${value}`;
    const hasA = a.has(role);
    const hasB = b.has(role);
    if (hasA && hasB) return false;
    inA ||= hasA;
    inB ||= hasB;
  }
  return inA && inB;
}

/** Both name known places, and not one in common: another place, another event ("same figures, another place"). */
function placesDisagree(a: Anchors, b: Anchors): boolean {
  let named = false;
  for (const x of a) {
    if (x[0] !== PLACE) continue;
    if (b.has(x)) return false;
    named = true;
  }
  if (!named) return false;
  for (const x of b) if (x[0] === PLACE) return true;
  return false;
}

function sharePlace(a: Anchors, b: Anchors): boolean {
  for (const x of a) if (x[0] === PLACE && b.has(x)) return true;
  return false;
}

/** The Latin names of the side written in Latin script (the other is Arabic script). */
function latinSide(a: Counts, b: Counts): number {
  return a.arabicScript ? b.latinNames : a.latinNames;
}
