import { normaliseArabic } from '../text/normalise-arabic.js';

/**
 * What a casualty figure counts: people who died or are missing (`harm`), or people rescued or who survived (`safe`).
 * "41 dead" and "41 rescued" are two events even at one place: the same number counting other people is a conflicting
 * figure (SPEC 5.1, precision first), not a shared one.
 */
export type FigureRole = 'harm' | 'safe';

/**
 * Word stems (regular expressions), matched at the start of a word; Arabic-script ones as normaliseArabic writes them
 * (ة -> ه, أ -> ا). A word that only begins like one is left out ("deadline", "ناجم", "période").
 */
const STEMS: Record<FigureRole, string[]> = {
  harm: [
    // en
    'died',
    'dead(?![\\p{L}])',
    'death',
    'drown',
    'killed',
    'bodies',
    'body(?![\\p{L}])',
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
const PATTERNS: Record<FigureRole, RegExp> = Object.fromEntries(
  ROLES.map((role) => {
    const stems = STEMS[role].map((s) => normaliseArabic(s).replace(/ /g, '\\s+'));
    // An Arabic stem may carry an attached conjunction or preposition (وغرق, بإنقاذ, والناجين).
    return [role, new RegExp(`(?<![\\p{L}\\p{M}])(?:[وفبل]|ال|وال)?(?:${stems.join('|')})`, 'iu')];
  }),
) as Record<FigureRole, RegExp>;

/** A clause ends here: a figure's role words are in its own clause. */
const CLAUSE_END = /[.;:!?؛؟\n()]/;
const WORDS_BEFORE = 3;
const WORDS_AFTER = 5;

/**
 * The roles of the figure written at [index, end) of `text` (normalised with normaliseArabic): role words within three
 * words before it or five after it, in its clause, with no other figure in between. Empty when nothing says.
 */
export function figureRoles(text: string, index: number, end: number): FigureRole[] {
  const before = lastWords(clauseBefore(text.slice(Math.max(0, index - 80), index)), WORDS_BEFORE);
  const after = firstWords(clauseAfter(text.slice(end, end + 120)), WORDS_AFTER);
  const window = `${before} ${after}`;
  return ROLES.filter((role) => PATTERNS[role].test(window));
}

function clauseBefore(s: string): string {
  let from = 0;
  for (let i = s.length - 1; i >= 0; i--) {
    const ch = s[i] as string;
    if (CLAUSE_END.test(ch) || /\p{N}/u.test(ch)) {
      from = i + 1;
      break;
    }
  }
  return s.slice(from);
}

function clauseAfter(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (CLAUSE_END.test(ch) || /\p{N}/u.test(ch)) return s.slice(0, i);
  }
  return s;
}

function lastWords(s: string, n: number): string {
  return s.trim().split(/\s+/).slice(-n).join(' ');
}

function firstWords(s: string, n: number): string {
  return s.trim().split(/\s+/).slice(0, n).join(' ');
}
