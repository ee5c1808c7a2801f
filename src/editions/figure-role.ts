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

function hasRole(words: readonly string[], window: string, role: FigureRole): boolean {
  const { prefixes, whole, phrases } = WORDS[role];
  for (const word of words) {
    const bare = word.replace(ARABIC_CLITIC, '');
    if (whole.has(word) || whole.has(bare)) return true;
    for (const p of prefixes) if (word.startsWith(p) || bare.startsWith(p)) return true;
  }
  return phrases.some((p) => window.includes(p));
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
  const words = [...before, ...after];
  const window = `${before.join(' ')} ${after.join(' ')}`;
  return ROLES.filter((role) => hasRole(words, window, role));
}

/** The end of the text before a figure, from the last clause mark or other figure; the start after it, up to the next. */
const CLAUSE_TAIL = /[^.;:!?؛؟\n()\p{N}]*$/u;
const CLAUSE_HEAD = /^[^.;:!?؛؟\n()\p{N}]*/u;

function clauseBefore(s: string): string {
  return CLAUSE_TAIL.exec(s)?.[0] ?? '';
}

function clauseAfter(s: string): string {
  return CLAUSE_HEAD.exec(s)?.[0] ?? '';
}
