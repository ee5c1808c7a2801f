import type { Passage } from './split-passages.js';

/** Share of a passage's score lent to its counterpart in another language edition of the same story. */
const SPREAD = 0.6;
/** Passages that lend: the best few; lending from weak matches would only add noise. */
const LENDERS = 8;
/** Anchors two passages must share to count as translations of each other. */
const MIN_SHARED = 2;

/**
 * Editions of one story are translations of each other, and a translation keeps its figures and
 * names: "16 Syrian refugees ... Beirut airport" and "16 سوريا ... مطار بيروت" share 16 and brt.
 * A question that matches one edition's passage therefore also raises the passage of another-language
 * edition that shares the most anchors with it, so the thread can quote either language.
 * Same-script editions (Arabic / Persian) match the question directly and are left alone.
 * Mutates `scored` (passage index -> score and coverage).
 */
export function spreadAcrossEditions(
  passages: readonly Passage[],
  terms: ReadonlyArray<ReadonlySet<string>>,
  scored: Map<number, { score: number; coverage: number }>,
): void {
  const lenders = [...scored.entries()].sort(([, a], [, b]) => b.score - a.score).slice(0, LENDERS);
  const anchors = new Map<number, Map<string, number>>();
  const anchorsOf = (id: number) => {
    const found = anchors.get(id) ?? anchorSet(terms[id] ?? new Set());
    anchors.set(id, found);
    return found;
  };
  const lent = new Map<number, { score: number; coverage: number }>();
  for (const [id, { score, coverage }] of lenders) {
    const lender = passages[id];
    if (!lender) continue;
    const best = new Map<string, { id: number; shared: number }>();
    passages.forEach((other, otherId) => {
      if (other.storyId !== lender.storyId || other.editionId === lender.editionId) return;
      if (isArabicScript(other.language) === isArabicScript(lender.language) && isArabicScript(other.language)) return;
      const shared = sharedWeight(anchorsOf(id), anchorsOf(otherId));
      const current = best.get(other.editionId);
      if (shared >= MIN_SHARED && (!current || shared > current.shared))
        best.set(other.editionId, { id: otherId, shared });
    });
    for (const { id: otherId } of best.values()) {
      const previous = lent.get(otherId);
      if (!previous || previous.score < score * SPREAD)
        lent.set(otherId, { score: score * SPREAD, coverage: coverage * 0.9 });
    }
  }
  for (const [id, offer] of lent) {
    const own = scored.get(id);
    if (!own || own.score < offer.score)
      scored.set(id, { score: offer.score, coverage: Math.max(offer.coverage, own?.coverage ?? 0) });
  }
}

/** Figures (two digits or more count fully) and name skeletons, without their script prefix. */
function anchorSet(terms: ReadonlySet<string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const term of terms) {
    if (/^\d+$/.test(term)) out.set(`n${term}`, term.length >= 2 ? 1 : 0.5);
    else if (term.startsWith('~')) out.set(`s${term.slice(2)}`, 1);
  }
  return out;
}

function sharedWeight(a: Map<string, number>, b: Map<string, number>): number {
  let shared = 0;
  for (const [anchor, weight] of a) if (b.has(anchor)) shared += Math.min(weight, b.get(anchor) ?? 0);
  return shared;
}

function isArabicScript(language: string): boolean {
  return ['ar', 'fa', 'ur', 'ps', 'ckb'].includes(language);
}
