import { estimateTokens } from '../qa/estimate-tokens.js';
import { extractDates } from '../text/figures/extract-dates.js';
import { extractNames } from '../text/extract-names.js';
import { readFigures } from '../text/figures/read-figures.js';
import { splitSentences } from '../text/split-sentences.js';

/** Marks where sentences were left out, so the model knows the text is not continuous. */
export const GAP_MARK = '[...]';

interface Unit {
  line: number;
  index: number;
  text: string;
  tokens: number;
  figures: number;
  score: number;
}

/** Arabic-script words after a place preposition ("في ليبيا", "إلى إيطاليا"), a cheap stand-in for names there. */
const ARABIC_PLACE = /(?:^|\s)(?:في|إلى|الى|من|قبالة|بالقرب من|در|به|از)\s+[\u0600-\u06FF]{3,}/g;

function scoreUnit(text: string, index: number): { figures: number; score: number } {
  const figures = readFigures(text).length + extractDates(text).length;
  const names = extractNames(text).length + (text.match(ARABIC_PLACE)?.length ?? 0);
  // News puts the who/what/where first: the lead weighs more.
  const lead = index === 0 ? 3 : index < 3 ? 1 : 0;
  return { figures, score: figures * 3 + names * 1.5 + lead };
}

/**
 * An edition's text cut to about `tokenCap` estimated tokens for the LLM (SPEC 5.2): the lead sentence first, then
 * every sentence carrying a figure or a date (richest first), then those richest in names and places, each kept
 * only if it fits; kept sentences stay verbatim and in their original order, with GAP_MARK where text was left out.
 * A text that fits is returned unchanged. The gate still checks the summary against the whole edition.
 */
export function trimEditionText(text: string, tokenCap: number): { text: string; trimmed: boolean; tokens: number } {
  const total = estimateTokens(text);
  if (total <= tokenCap) return { text, trimmed: false, tokens: total };
  const units: Unit[] = [];
  // A "sentence" that could never fit (a paragraph without punctuation) is cut into pieces that can.
  const longest = Math.max(20, tokenCap - estimateTokens(GAP_MARK) - 2);
  text.split(/\r?\n/).forEach((line, lineNo) => {
    for (const sentence of splitSentences(line).flatMap((s) => splitLong(s, longest))) {
      const index = units.length;
      units.push({
        line: lineNo,
        index,
        text: sentence,
        tokens: estimateTokens(sentence) + 1,
        ...scoreUnit(sentence, index),
      });
    }
  });
  const byRichness = (a: Unit, b: Unit) => b.score - a.score || a.index - b.index;
  const ordered = [
    ...units.filter((u) => u.index === 0),
    ...units.filter((u) => u.index > 0 && u.figures > 0).sort(byRichness),
    ...units.filter((u) => u.index > 0 && u.figures === 0).sort(byRichness),
  ];
  const kept = new Set<number>();
  let used = estimateTokens(GAP_MARK);
  for (const unit of ordered) {
    if (used + unit.tokens > tokenCap) continue;
    kept.add(unit.index);
    used += unit.tokens;
  }
  const out: string[] = [];
  let current: string[] = [];
  let currentLine = -1;
  let previous = -1;
  const flush = () => {
    if (current.length) out.push(current.join(' '));
    current = [];
  };
  for (const unit of units) {
    if (!kept.has(unit.index)) continue;
    if (unit.index !== previous + 1) {
      flush();
      out.push(GAP_MARK);
    } else if (unit.line !== currentLine) flush();
    current.push(unit.text);
    currentLine = unit.line;
    previous = unit.index;
  }
  flush();
  if (previous !== units.length - 1) out.push(GAP_MARK);
  const trimmed = out.join('\n');
  return { text: trimmed, trimmed: true, tokens: estimateTokens(trimmed) };
}

/** Verbatim pieces of at most about `maxTokens` estimated tokens, cut at spaces where there are any. */
function splitLong(sentence: string, maxTokens: number): string[] {
  if (estimateTokens(sentence) <= maxTokens) return [sentence];
  const pieces: string[] = [];
  let rest = sentence;
  while (estimateTokens(rest) > maxTokens) {
    // Two characters per token is the dense case (non-Latin scripts); Latin text gets shorter pieces than it could.
    const limit = maxTokens * 2;
    const space = rest.lastIndexOf(' ', limit);
    const cut = space > limit / 2 ? space : limit;
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) pieces.push(rest);
  return pieces.filter(Boolean);
}
