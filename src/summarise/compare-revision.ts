import type { FigureChange } from '../domain/story-update.js';
import { checkFaithfulness } from './check-faithfulness.js';
import { valueKey } from '../text/figures/figure.js';
import { readFigures } from '../text/figures/read-figures.js';
import { splitSentences } from '../text/split-sentences.js';

export interface RevisionChange {
  figures: FigureChange[];
  /** The new title when it changed (beyond spacing and case), else null. */
  title: string | null;
}

/** Sentences this similar (shared words, figures aside) are the same sentence with a revised figure. */
const SAME_SENTENCE = 0.5;
const WORD = /[\p{L}\p{M}]+/gu;

/**
 * What a revision changed that readers care about: figures that now read differently in an otherwise same sentence
 * ("41 dead" → "62 dead"), and the title. Each new figure must pass the figure gate against the new text, each
 * old one against the old text (a figure that neither text supports is never announced). Null when nothing did.
 */
export function compareRevision(
  before: { title: string; text: string },
  after: { title: string; text: string },
): RevisionChange | null {
  const oldSentences = splitSentences(`${before.title}\n${before.text}`).map(describe);
  const figures: FigureChange[] = [];
  const seen = new Set<string>();
  // Body sentences first: they say more about a revised figure than the title does.
  for (const sentence of [...splitSentences(after.text), ...splitSentences(after.title)].map(describe)) {
    if (sentence.numbers.length === 0) continue;
    const match = bestMatch(sentence, oldSentences);
    if (!match || match.numbers.length !== sentence.numbers.length) continue;
    for (const [i, now] of sentence.numbers.entries()) {
      const was = match.numbers[i];
      if (!was || sameValue(was.values, now.values)) continue;
      const key = `${was.text}→${now.text}`;
      if (seen.has(key)) continue;
      // The figure gate: the new value is in the new text, the old one was in the old text.
      if (checkFaithfulness(now.text, [after.text, after.title]).length > 0) continue;
      if (checkFaithfulness(was.text, [before.text, before.title]).length > 0) continue;
      seen.add(key);
      figures.push({ from: was.text, to: now.text, context: sentence.text });
    }
  }
  const title = normalise(before.title) === normalise(after.title) ? null : after.title.trim();
  return figures.length > 0 || title ? { figures, title } : null;
}

interface Sentence {
  text: string;
  words: Set<string>;
  numbers: Array<{ text: string; values: string[] }>;
}

function describe(text: string): Sentence {
  return {
    text,
    words: new Set((text.toLowerCase().match(WORD) ?? []).filter((w) => w.length > 1)),
    numbers: readFigures(text).map((f) => ({
      text: f.text,
      values: f.readings.map((r) => `${r.class}:${r.form === 'decimal' ? 'd' : ''}${valueKey(r.value)}`),
    })),
  };
}

function bestMatch(sentence: Sentence, candidates: Sentence[]): Sentence | null {
  let best: Sentence | null = null;
  let bestScore = 0;
  for (const c of candidates) {
    const shared = [...sentence.words].filter((w) => c.words.has(w)).length;
    const union = new Set([...sentence.words, ...c.words]).size;
    const score = union === 0 ? 0 : shared / union;
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return bestScore >= SAME_SENTENCE ? best : null;
}

function sameValue(a: string[], b: string[]): boolean {
  return a.some((v) => b.includes(v));
}

function normalise(title: string): string {
  return title.replace(/\s+/g, ' ').trim().toLowerCase();
}
