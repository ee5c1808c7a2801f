import { normaliseArabic } from '../text/normalise-arabic.js';

/**
 * What a casualty figure counts: people who died or are missing (`harm`), or people rescued or who survived (`safe`).
 * "41 dead" and "41 rescued" are two events even at one place: the same number counting other people is a conflicting
 * figure (SPEC 5.1, precision first), not a shared one.
 */
export type FigureRole = 'harm' | 'safe';

/**
 * Word stems, matched at the start of a word (after an attached Arabic clitic); Arabic-script ones as normaliseArabic
 * writes them (ة -> ه, أ -> ا). One ending in "$" must be the whole word ("dead", not "deadline"); one with a
 * space is a phrase. Stems that begin other words are left out ("ناجم", "période").
 */
const STEMS: Record<FigureRole, string[]> = {
  harm: [
    // en
    'died',
    'dead$',
    'death',
    'drown',
    'killed',
    'bodies',
    'body$',
    'perish',
    'fatalit',
    'missing',
    'lost their lives',
    // fr
    'mort',
    'décè',
    'décéd',
    'noy',
    'tué',
    'disparu',
    // es
    'muert',
    'murie',
    'murió',
    'fallec',
    'ahogad',
    'cadáver',
    'desaparecid',
    'perdieron la vida',
    // ar
    'قتل',
    'قتيل',
    'غرق',
    'توفي',
    'وفاه',
    'وفيات',
    'جثث',
    'جثه',
    'جثمان',
    'مصرع',
    'حتف',
    'مفقود',
    'ماتوا',
    // fa
    'کشته',
    'جان باخت',
    'جسد',
    'فوت',
  ],
  safe: [
    'rescu',
    'saved',
    'surviv',
    'secour',
    'sauvé',
    'rescap',
    'rescatad',
    'salvad',
    'supervivient',
    'sobrevivient',
    'socorrid',
    'انقاذ',
    'انقذ',
    'ناجي',
    'ناجون',
    'نجوا',
    'نجات',
  ],
};

const ROLES = Object.keys(STEMS) as FigureRole[];

/** Per role: stems a word starts with, words that must be whole ("dead", not "deadline"), phrases of several words. */
interface RoleWords {
  prefixes: string[];
  whole: Set<string>;
  phrases: string[];
}
const WORDS: Record<FigureRole, RoleWords> = Object.fromEntries(
  ROLES.map((role) => {
    const entries = STEMS[role].map((s) => normaliseArabic(s));
    const whole = entries.filter((e) => e.endsWith('$')).map((e) => e.slice(0, -1));
    const rest = entries.filter((e) => !e.endsWith('$'));
    return [
      role,
      {
        prefixes: rest.filter((e) => !e.includes(' ')),
        whole: new Set(whole),
        phrases: rest.filter((e) => e.includes(' ')),
      },
    ];
  }),
) as Record<FigureRole, RoleWords>;

/** A conjunction, preposition or article attached to an Arabic word (وغرق, بإنقاذ, والناجين). */
const ARABIC_CLITIC = /^(?:وال|ال|[وفبل])(?=.{3})/u;
const WORD = /[\p{L}\p{M}]+/gu;

/** The roles a word names (a bit per role), cached: words recur from figure to figure and item to item. */
const wordRoles = new Map<string, number>();
const MAX_CACHED_WORDS = 50_000;

function rolesOfWord(word: string): number {
  const known = wordRoles.get(word);
  if (known !== undefined) return known;
  const bare = word.replace(ARABIC_CLITIC, '');
  let mask = 0;
  ROLES.forEach((role, i) => {
    const { prefixes, whole } = WORDS[role];
    if (whole.has(word) || whole.has(bare) || prefixes.some((p) => word.startsWith(p) || bare.startsWith(p)))
      mask |= 1 << i;
  });
  if (wordRoles.size >= MAX_CACHED_WORDS) wordRoles.clear();
  wordRoles.set(word, mask);
  return mask;
}

const WORDS_BEFORE = 3;
const WORDS_AFTER = 5;

/**
 * The roles of the figure written at [index, end) of `text` (normalised with normaliseArabic): role words within three
 * words before it or five after it, in its clause, with no other figure in between. Empty when nothing says.
 */
export function figureRoles(text: string, index: number, end: number): FigureRole[] {
  const before = (
    clauseBefore(text.slice(Math.max(0, index - 60), index))
      .toLowerCase()
      .match(WORD) ?? []
  ).slice(-WORDS_BEFORE);
  const after = (
    clauseAfter(text.slice(end, end + 90))
      .toLowerCase()
      .match(WORD) ?? []
  ).slice(0, WORDS_AFTER);
  let mask = 0;
  for (const word of before) mask |= rolesOfWord(word);
  for (const word of after) mask |= rolesOfWord(word);
  const window = `${before.join(' ')} ${after.join(' ')}`;
  return ROLES.filter((role, i) => (mask & (1 << i)) !== 0 || WORDS[role].phrases.some((p) => window.includes(p)));
}

/** Clause marks, and digits (the text is normalised: every digit is 0-9): a figure's role words lie between them. */
const CLAUSE_MARKS = new Set([...'.;:!?؛؟\n()'].map((c) => c.charCodeAt(0)));
const stops = (code: number) => (code >= 48 && code <= 57) || CLAUSE_MARKS.has(code);

/** The end of the text before a figure, from the last clause mark or other figure. */
function clauseBefore(s: string): string {
  let i = s.length;
  while (i > 0 && !stops(s.charCodeAt(i - 1))) i--;
  return s.slice(i);
}

/** The start of the text after a figure, up to the next clause mark or figure. */
function clauseAfter(s: string): string {
  let i = 0;
  while (i < s.length && !stops(s.charCodeAt(i))) i++;
  return s.slice(0, i);
}
