import { dominantScript } from '../text/dominant-script.js';
import { extractArabicNames } from '../text/extract-arabic-names.js';
import { extractArabicPeople } from '../text/extract-arabic-people.js';
import { arabicOrganisationsIn } from '../text/find-arabic-organisations.js';
import { arabicPlacesIn, placeOfArabicWord, placeOfName, placesNamedIn } from '../editions/known-places.js';
import { extractCapitalisedWords } from '../text/extract-capitalised-words.js';
import { extractNames, type NameToken } from '../text/extract-names.js';
import { knownOrganisations, umbrellaOrganisations } from '../text/known-organisations.js';
import { knownPlaces } from '../text/known-places.js';
import { comparable, type NameReferences } from './name-references.js';

/** Words of institutions' names that a translation renders by meaning, not by sound: never checked by skeleton. */
const GENERIC = new Set(
  `government ministry minister interior foreign affairs coast guard guards red cross crescent human rights
  association council office agency police army forces armed navy court parliament department national
  international organization organisation commission commissioner high union party front health security
  defence defense justice general director directorate authority authorities border service services committee
  republic democratic united states kingdom nations refugee refugees migration migrants programme program world
  food global compact safe orderly regular center centre prime president secretary embassy camp island islands
  sea gulf north south east west northern southern eastern western central new saint governorate province
  region city port airport bay river mount lake valley hospital university daily weekly news digest report
  summary spokesperson spokesman spokeswoman minister's ministry's`.split(/\s+/),
);
const ALIASES = [...knownOrganisations, ...knownPlaces];

/** "At Least Four Dead After Boats Sink Off Libya": every word capitalised, so capitals do not mark names. */
function titleCased(line: string): boolean {
  const words = line.match(/\p{L}{4,}/gu) ?? [];
  if (words.length < 3) return false;
  return words.filter((w) => /^\p{Lu}/u.test(w)).length / words.length >= 0.75;
}

/** Every known name, as comparable() writes it -> all the names of its place or organisation (the first list wins). */
const ALIAS_INDEX = new Map<string, readonly string[]>();
for (const names of ALIASES)
  for (const n of names) if (!ALIAS_INDEX.has(comparable(n))) ALIAS_INDEX.set(comparable(n), names);

function aliasesOf(name: string): readonly string[] | null {
  return ALIAS_INDEX.get(comparable(name)) ?? null;
}

function aliasInReferences(aliases: readonly string[] | null, refs: NameReferences): boolean {
  if (aliases === null) return false;
  if (aliases.some((a) => (/^[A-Z]{2,}s?$/.test(a) ? refs.containsWholeWord(a) : refs.contains(a)))) return true;
  // The UN and the EU are supported by any of their agencies named in the source.
  const umbrella = umbrellaOrganisations.find((u) => aliases.includes(u.umbrella));
  return umbrella?.members.some((m) => aliasInReferences(aliasesOf(m) ?? [m], refs)) ?? false;
}

/** Every word that can be checked by sound is in the references in some script; null when none can be. */
function soundsSupported(words: readonly string[], refs: NameReferences): boolean | null {
  const verdicts = words.filter((w) => !GENERIC.has(w.toLowerCase())).map((w) => refs.matchesSkeleton(w));
  const checked = verdicts.filter((v) => v !== null);
  return checked.length === 0 ? null : checked.every(Boolean);
}

function nameSupported(token: NameToken, refs: NameReferences): boolean {
  const aliases = aliasesOf(token.text);
  if (aliasInReferences(aliases, refs)) return true;
  if (token.kind === 'acronym') {
    if (refs.containsWholeWord(token.text) || refs.containsWholeWord(token.text.replace(/s$/, ''))) return true;
    // An acronym of a name translated from Arabic-script sources cannot be checked letter by letter.
    return !refs.hasLatin && aliases === null;
  }
  if (refs.contains(token.text) || refs.containsNear(token.words)) return true;
  // A known name ("Red Cross") is checked by its names in every language, not by sound: "Red" and "Cross" are
  // generic words a sound check cannot judge.
  if (!refs.hasArabic || aliases !== null) return false;
  // Names in the other script: "Deir al-Ahmar" / "دير الأحمر", every checkable word by its skeleton.
  return (
    (soundsSupported(
      token.words.filter((w) => !/^[A-Z0-9]{2,}s?$/.test(w)),
      refs,
    ) ?? !refs.hasLatin) === true
  );
}

function wordSupported(word: string, refs: NameReferences): boolean {
  if (aliasInReferences(aliasesOf(word), refs) || refs.contains(word)) return true;
  // A known place in any of its forms ("Syrians", "Syriens", "sirios" / "سوري", "Liban" / "لبنان") that the source names.
  const place = placeOfName(word.toLowerCase());
  if (place !== undefined && referencePlaces(refs).has(place)) return true;
  // "Syrian" / "Syria", "Sudanese" / "Sudan".
  const stem = word.replace(/(?:ian|ean|ese|ish|an|i|n)$/i, '');
  if (stem.length >= 4 && refs.contains(stem)) return true;
  return (soundsSupported([word], refs) ?? !refs.hasLatin) === true;
}

function arabicNameSupported(name: string, refs: NameReferences): boolean {
  const words = name.split(/\s+/).map((w) => w.replace(/^[وبل](?=ال)|^و(?=\S{3})/, ''));
  if (refs.contains(words.join(' ')) || words.some((w) => aliasInReferences(aliasesOf(w), refs))) return true;
  const bare = words.map((w) => w.replace(/^ال(?=\S{3})/, ''));
  if (refs.contains(bare.join(' ')) || bare.some((w) => aliasInReferences(aliasesOf(w), refs))) return true;
  // "لامبيدوسا" / "Lampedusa": the last word of the name carries it ("دير الأحمر" / "Deir al-Ahmar").
  return (soundsSupported([words[words.length - 1] ?? ''], refs) ?? true) === true;
}

/**
 * A person's name in Arabic script ("أنطونيو غوتيريش"): written so in the references, or in Latin script with the
 * same sound: the surname, or most of the name's words ("Antonio Guterres", "Guterres"). A name too short to compare
 * by sound cannot be checked and passes.
 */
function arabicPersonSupported(name: string, refs: NameReferences): boolean {
  const words = name.split(/\s+/);
  if (refs.contains(name) || refs.contains(words.at(-1) ?? '')) return true;
  // Against Arabic-script references the name is written in the same script: only a spelling variant may differ.
  const exact = !refs.hasLatin;
  const verdicts = words.filter((w) => !GENERIC_ARABIC.has(w)).map((w) => refs.matchesSkeleton(w, { exact }));
  const checked = verdicts.filter((v) => v !== null);
  // "إيمي بوب": too few consonants to compare by skeleton; letter by letter against Latin script, and written the
  // same way in Arabic script.
  if (checked.length === 0) return refs.hasLatin && words.some((w) => refs.matchesShortName(w));
  return checked.at(-1) === true || checked.filter(Boolean).length * 2 > checked.length;
}

/** Words of an Arabic name that are not said by sound: "عبد" (servant of), "أبو", "بن". */
const GENERIC_ARABIC = new Set(['عبد', 'ابو', 'أبو', 'بن', 'ابن', 'بنت']);

/** A known organisation named in Arabic script: any of its names, in any language, is in the references. */
function arabicOrganisationSupported(aliases: readonly string[], written: string, refs: NameReferences): boolean {
  return aliasInReferences(aliases, refs) || refs.contains(written.replace(/^(?:و|ف)?(?:ب|ل|ك)?(?=ال)/, ''));
}

const CAPITALISED = /(?<![\p{L}\p{M}\p{N}'’-])\p{Lu}[\p{Ll}\p{M}]+/gu;
/** Where a sentence or clause starts: its first word is capitalised whatever it is. */
const SENTENCE_START = /(?:^|[.!?:;"“«(\u061F])\s*$/u;

/** Capitalised words of a line that are known places or organisations ("Lesbos", "Europol", "Libyan"); with
 * `sentenceStarts`, only the words that start a sentence (the others are read as names anyway). */
function knownWords(line: string, sentenceStarts: boolean): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(CAPITALISED)) {
    if (sentenceStarts && !SENTENCE_START.test(line.slice(Math.max(0, m.index - 4), m.index))) continue;
    if (GENERIC.has(m[0].toLowerCase())) continue;
    // "Un" is no "UN": a known name by its written-out form only.
    const key = comparable(m[0]);
    const known = aliasesOf(m[0])?.some((a) => !/^[A-Z.]+s?$/.test(a) && comparable(a) === key);
    if (known || placeOfName(m[0].toLowerCase()) !== undefined) out.push(m[0]);
  }
  return out;
}

const placesOfReferences = new WeakMap<NameReferences, Set<string>>();

/** The known places the references name, read once per set of references. */
function referencePlaces(refs: NameReferences): Set<string> {
  let places = placesOfReferences.get(refs);
  if (!places) {
    places = placesNamedIn(refs.raw);
    placesOfReferences.set(refs, places);
  }
  return places;
}

/**
 * The names of a summary that the references do not support: multi-word names and acronyms, single
 * capitalised places and organisations, and Arabic-script place names; each checked in the references'
 * own script, through the known organisations and places in every language, or by its consonant skeleton
 * across Latin and Arabic script.
 */
export function checkNames(text: string, refs: NameReferences): string[] {
  const unsupported: string[] = [];
  for (const line of text.split('\n')) {
    if (titleCased(line)) {
      // A headline's capitals mark no names, but its acronyms and the places and organisations known in every
      // language are still names ("Boat Capsizes Off Lesbos, Europol Says").
      for (const name of extractNames(line))
        if (name.kind === 'acronym' && !nameSupported(name, refs)) unsupported.push(name.text);
      for (const word of knownWords(line, false)) if (!wordSupported(word, refs)) unsupported.push(word);
      continue;
    }
    const names = extractNames(line);
    for (const name of names) if (!nameSupported(name, refs)) unsupported.push(name.text);
    if (dominantScript(line) !== 'latin') continue;
    // The first word of a sentence is capitalised anyway: checked only when it is a known place or organisation.
    for (const word of knownWords(line, true)) if (!wordSupported(word, refs)) unsupported.push(word);
    const spans = names.flatMap((n) =>
      [...line.matchAll(new RegExp(n.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'))].map(
        (m) => [m.index, m.index + m[0].length] as const,
      ),
    );
    for (const word of extractCapitalisedWords(line, spans)) {
      if (!GENERIC.has(word.toLowerCase()) && !wordSupported(word, refs)) unsupported.push(word);
    }
  }
  for (const name of extractArabicNames(text)) if (!arabicNameSupported(name, refs)) unsupported.push(name);
  // Read once: the organisations are checked, and their words are never read as people's names.
  const organisations = arabicOrganisationsIn(text);
  const isPlace = (word: string) => placeOfArabicWord(word) !== undefined;
  for (const name of extractArabicPeople(text, { isPlace, organisations }))
    if (!arabicPersonSupported(name, refs)) unsupported.push(name);
  for (const org of organisations) {
    if (!arabicOrganisationSupported(org.aliases, org.written, refs)) unsupported.push(org.written);
  }
  // A known place written in Arabic script anywhere (Arabic has no capitals to find names by): the references must
  // name that place too, in any script and form ("بنغازي" / "Benghazi", "الألمانية" / "Germany").
  const named = referencePlaces(refs);
  for (const [place, written] of arabicPlacesIn(text)) if (!named.has(place)) unsupported.push(written);
  return [...new Set(unsupported)];
}
