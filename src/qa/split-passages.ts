import type { Edition } from '../domain/types.js';

/** A quotable span of an edition: `text === edition.text.slice(start, end)`, verbatim. */
export interface Passage {
  storyId: string;
  editionId: string;
  language: string;
  url: string | null;
  title: string;
  start: number;
  end: number;
  text: string;
  /** Section headings above the passage ("Lebanon / Syrian refugees deported..."): searched, never quoted. */
  context: string;
  /** Position of the passage in its edition, from 0. */
  index: number;
}

/** Longest passage, in characters, unless a single word is longer. */
const MAX_CHARS = 600;
const MAX_SENTENCES = 3;

/**
 * Splits an edition's text into passages: one per paragraph (blocks separated by blank lines), long
 * paragraphs cut into groups of up to three sentences (ICU sentence rules, which handle Arabic "؟" and
 * English abbreviations), no passage over ~600 characters. Short unpunctuated lines are section
 * headings: they become the context of the passages below them instead of passages of their own.
 */
export function splitPassages(edition: Edition): Passage[] {
  const { text } = edition;
  const blocks = findBlocks(text);
  const spans: Array<{ start: number; end: number; context: string }> = [];
  let headings: string[] = [];
  let afterHeading = false;
  for (const block of blocks) {
    const blockText = text.slice(block.start, block.end);
    if (isHeading(blockText)) {
      // Consecutive headings nest ("Lebanon" then the story's headline); a heading after text starts a section.
      headings = afterHeading ? [...headings, blockText].slice(-3) : [blockText];
      afterHeading = true;
      continue;
    }
    afterHeading = false;
    for (const span of splitBlock(text, block, edition.language))
      spans.push({ ...span, context: headings.join(' / ') });
  }
  // A text made only of short lines (a bare teaser) still has to be quotable.
  if (spans.length === 0) for (const block of blocks) spans.push({ ...block, context: '' });
  return spans.map((span, index) => ({
    storyId: edition.storyId,
    editionId: edition.id,
    language: edition.language,
    url: edition.url,
    title: edition.title,
    start: span.start,
    end: span.end,
    text: text.slice(span.start, span.end),
    context: span.context,
    index,
  }));
}

interface Span {
  start: number;
  end: number;
}

function findBlocks(text: string): Span[] {
  const blocks: Span[] = [];
  for (const match of text.matchAll(/[^\n]*\S[^\n]*(?:\n[ \t]*\S[^\n]*)*/g)) {
    const span = trimSpan(text, match.index, match.index + match[0].length);
    if (span) blocks.push(span);
  }
  return blocks;
}

function isHeading(block: string): boolean {
  if (block.includes('\n') || block.length > 100) return false;
  if (block.split(/\s+/).length > 14) return false;
  return !/[.!?؟…:;]["'”’»)\]]*$/u.test(block);
}

function splitBlock(text: string, block: Span, language: string): Span[] {
  const sentences = splitSentences(text, block, language).flatMap((s) => splitLong(text, s));
  if (block.end - block.start <= MAX_CHARS && sentences.length <= MAX_SENTENCES + 1) return [block];
  const chunks: Span[] = [];
  let current: (Span & { count: number }) | null = null;
  for (const sentence of sentences) {
    if (current && (current.count >= MAX_SENTENCES || sentence.end - current.start > MAX_CHARS)) {
      chunks.push({ start: current.start, end: current.end });
      current = null;
    }
    current = current
      ? { start: current.start, end: sentence.end, count: current.count + 1 }
      : { ...sentence, count: 1 };
  }
  if (current) chunks.push({ start: current.start, end: current.end });
  return chunks;
}

function splitSentences(text: string, block: Span, language: string): Span[] {
  const segmenter = new Intl.Segmenter(segmenterLocale(language), { granularity: 'sentence' });
  const sentences: Span[] = [];
  for (const piece of segmentablePieces(text, block)) {
    for (const { segment, index } of segmenter.segment(text.slice(piece.start, piece.end))) {
      const span = trimSpan(text, piece.start + index, piece.start + index + segment.length);
      if (span) sentences.push(span);
    }
  }
  return sentences;
}

/** Longest text given to Intl.Segmenter at once: its time grows much faster than the text (240 KB took 4 s). */
const SEGMENT_CHARS = 8_000;

/**
 * A block cut into pieces of at most SEGMENT_CHARS for the segmenter, each ending after a sentence mark and its space
 * where there is one (else at a space, else anywhere), so that no sentence is cut that the segmenter would keep whole.
 */
function segmentablePieces(text: string, block: Span): Span[] {
  const pieces: Span[] = [];
  let start = block.start;
  while (block.end - start > SEGMENT_CHARS) {
    const window = text.slice(start, start + SEGMENT_CHARS);
    const sentenceEnd = lastMarkEnd(window, /[.!?؟。]["'”’»)]*\s/g);
    const cut =
      sentenceEnd > 0 ? sentenceEnd : window.lastIndexOf(' ') > 0 ? window.lastIndexOf(' ') + 1 : SEGMENT_CHARS;
    pieces.push({ start, end: start + cut });
    start += cut;
  }
  pieces.push({ start, end: block.end });
  return pieces;
}

function segmenterLocale(language: string): string {
  try {
    return Intl.Segmenter.supportedLocalesOf([language])[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/** Cuts a sentence longer than MAX_CHARS at the last clause mark, else the last space, before the limit. */
function splitLong(text: string, span: Span): Span[] {
  const pieces: Span[] = [];
  let start = span.start;
  while (span.end - start > MAX_CHARS) {
    const window = text.slice(start, start + MAX_CHARS);
    const clause = lastMarkEnd(window, /[،,;؛—–]\s/g);
    const space = window.lastIndexOf(' ');
    const cut = clause > MAX_CHARS / 2 ? clause : space > MAX_CHARS / 2 ? space : MAX_CHARS;
    const piece = trimSpan(text, start, start + cut);
    if (piece) pieces.push(piece);
    start += cut;
  }
  const rest = trimSpan(text, start, span.end);
  if (rest) pieces.push(rest);
  return pieces;
}

/** Where the last match of `marks` in `window` ends, -1 when none: a cut there keeps the mark with what it ends. */
function lastMarkEnd(window: string, marks: RegExp): number {
  return Math.max(...[...window.matchAll(marks)].map((m) => m.index + m[0].length), -1);
}

function trimSpan(text: string, start: number, end: number): Span | null {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] ?? '')) s++;
  while (e > s && /\s/.test(text[e - 1] ?? '')) e--;
  return e > s ? { start: s, end: e } : null;
}
