import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPrompt } from '../../../src/llm/load-prompt.js';
import { estimateTokens } from '../../../src/qa/estimate-tokens.js';
import { buildSummariseRequest } from '../../../src/summarise/build-summarise-request.js';
import { extractDates } from '../../../src/text/figures/extract-dates.js';
import { readFigures } from '../../../src/text/figures/read-figures.js';
import { splitSentences } from '../../../src/text/split-sentences.js';
import { GAP_MARK, trimEditionText } from '../../../src/summarise/trim-edition-text.js';
import { fixtures } from '../../helpers/summarise-fixtures.js';
import { prng } from '../../helpers/prng.js';

const ARTICLES = join(import.meta.dirname, '..', '..', 'fixtures', 'articles');
const articles = readdirSync(ARTICLES).map(
  (f) => JSON.parse(readFileSync(join(ARTICLES, f), 'utf8')) as { id: string; lang: string; text: string },
);
// What the trimmer keeps first: a sentence with a figure or a date (src/text reads a date's day and month as a date, not a figure).
const hasFigure = (s: string) => readFigures(s).length + extractDates(s).length > 0;

const FILLER = [
  'The situation remained tense along the coast according to local observers.',
  'Humanitarian workers described the conditions in the camps as difficult.',
  'Officials said talks between the authorities would continue in the coming weeks.',
  'وقال ناشطون إن الأوضاع في المخيمات ما زالت صعبة للغاية.',
  'Les associations ont dénoncé une situation humanitaire préoccupante.',
];
const FIGURES = [
  'At least 43 people were on board when the boat capsized.',
  'The coast guard rescued 1,250 migrants over the weekend.',
  'Arrivals rose by 12.5 percent compared with last year.',
  'أنقذ خفر السواحل ٣١ شخصًا قبالة السواحل.',
  'Selon l’OIM, 2 300 personnes ont disparu en mer.',
];

describe('trimEditionText', () => {
  it('returns a text that fits unchanged', () => {
    const text = 'Short article.\nAt least 12 people died.';
    expect(trimEditionText(text, 1_000)).toEqual({ text, trimmed: false, tokens: estimateTokens(text) });
  });

  it('keeps every figure sentence of the fixture articles when they fit, verbatim, within the cap', () => {
    for (const a of articles) {
      for (const cap of [400, 800, 1_500]) {
        const result = trimEditionText(a.text, cap);
        expect(result.tokens, `${a.id} cap ${cap}`).toBeLessThanOrEqual(cap + 2);
        if (!result.trimmed) continue;
        const original = splitSentences(a.text);
        const kept = splitSentences(result.text.split(GAP_MARK).join('\n'));
        for (const s of kept) expect(a.text, `${a.id}: not verbatim: ${s}`).toContain(s);
        const lead = original[0] ?? '';
        const figureSentences = original.filter((s, i) => i > 0 && hasFigure(s));
        const figureTokens = figureSentences.reduce(
          (n, s) => n + estimateTokens(s) + 1,
          estimateTokens(lead) + 1 + estimateTokens(GAP_MARK),
        );
        if (figureTokens <= cap)
          for (const s of figureSentences) expect(kept, `${a.id} cap ${cap}: lost a figure sentence`).toContain(s);
        // A dropped figure sentence is one that no longer fits, never one passed over for a sentence without figures.
        const dropped = figureSentences.filter((s) => !kept.includes(s));
        if (dropped.length > 0) {
          const keptFigures = figureSentences.filter((s) => kept.includes(s));
          const used = keptFigures.reduce(
            (n, s) => n + estimateTokens(s) + 1,
            estimateTokens(lead) + 1 + estimateTokens(GAP_MARK),
          );
          const smallest = Math.min(...dropped.map((s) => estimateTokens(s) + 1));
          expect(smallest, `${a.id} cap ${cap}: dropped a figure sentence that would have fit`).toBeGreaterThan(
            cap - used,
          );
        }
      }
    }
  });

  it('keeps every figure sentence of generated articles (en/ar/fr) up to the cap, in their original order', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = prng(seed);
      const lines: string[] = [];
      const figures: string[] = [];
      const count = 20 + Math.floor(next() * 60);
      for (let i = 0; i < count; i++) {
        const figure = next() < 0.15;
        const pool = figure ? FIGURES : FILLER;
        const sentence = `${pool[Math.floor(next() * pool.length)]?.replace('.', ` (${i}).`)}`;
        if (figure && i > 0) figures.push(sentence);
        lines.push(sentence);
      }
      const text = lines.join(next() < 0.5 ? '\n' : ' ');
      const needed = figures.reduce(
        (n, s) => n + estimateTokens(s) + 1,
        estimateTokens(lines[0] ?? '') + 1 + estimateTokens(GAP_MARK),
      );
      const cap = Math.max(needed, Math.floor(next() * estimateTokens(text)));
      const result = trimEditionText(text, cap);
      expect(result.tokens).toBeLessThanOrEqual(cap + 2);
      let at = -1;
      for (const s of figures) {
        const found = result.text.indexOf(s);
        expect(found, `seed ${seed}: figure sentence dropped: ${s}`).toBeGreaterThanOrEqual(0);
        expect(found, `seed ${seed}: order changed`).toBeGreaterThan(at);
        at = found;
      }
    }
  });

  it('still sends the lead of a text without sentence punctuation, cut to fit', () => {
    const text = Array.from({ length: 3_000 }, (_, i) => (i % 50 === 7 ? `${i} migrants` : 'word')).join(' ');
    const result = trimEditionText(text, 500);
    expect(result.tokens).toBeLessThanOrEqual(502);
    expect(result.tokens).toBeGreaterThan(400);
    expect(text.startsWith(result.text.split('\n')[0] ?? 'x')).toBe(true);
    expect(result.text).toContain('7 migrants');
  });

  it('marks left-out text so the model does not read two passages as one', () => {
    const text = [
      'Lead sentence about the boat.',
      ...Array.from({ length: 200 }, (_, i) => `Filler sentence number word ${'x'.repeat(i % 7)}.`),
      'At least 43 people died.',
    ].join('\n');
    const cap =
      estimateTokens('Lead sentence about the boat.') +
      estimateTokens('At least 43 people died.') +
      estimateTokens(GAP_MARK) +
      2;
    const { text: out } = trimEditionText(text, cap);
    expect(out.split('\n')).toEqual(['Lead sentence about the boat.', GAP_MARK, 'At least 43 people died.']);
  });
});

describe('buildSummariseRequest input cap', () => {
  const prompt = loadPrompt('summarise', 'v1');

  it('shares LLM_INPUT_TOKEN_CAP between the editions sent and keeps the static system prompt first', () => {
    const story = fixtures.story(['dev-en-ays-daily-2019-06-17', 'dev-ar-ays-weekly-2019-06-17-23']);
    const whole = buildSummariseRequest(prompt, story, ['en', 'ar'], null, { inputTokenCap: 100_000 });
    const capped = buildSummariseRequest(prompt, story, ['en', 'ar'], null, { inputTokenCap: 1_000 });
    expect(estimateTokens(whole.user)).toBeGreaterThan(5_000);
    expect(estimateTokens(capped.user)).toBeLessThan(1_000 + 200);
    expect(capped.system).toBe(prompt.system);
    // Both articles get a share; the Arabic one keeps its figure sentences first.
    expect(capped.user).toContain('<<<ARTICLE 1');
    expect(capped.user).toContain('<<<ARTICLE 2');
  });

  it("gives a short edition's unused share to the long one", () => {
    const story = fixtures.story(['dev-en-newarab-lebanon-15-killed', 'dev-ar-ays-weekly-2019-06-17-23']);
    const { user } = buildSummariseRequest(prompt, story, ['en', 'ar'], null, { inputTokenCap: 1_000 });
    const arabic = /<<<ARTICLE 2[^\n]*\n([\s\S]*?)<<<END ARTICLE 2/.exec(user)?.[1] ?? '';
    expect(estimateTokens(arabic)).toBeGreaterThan(800);
  });

  it('reuses the delimiter id when asked, so a regeneration has the same prompt prefix', () => {
    const story = fixtures.story(['dev-en-thebadely-libya-boats-capsized']);
    const first = buildSummariseRequest(prompt, story, ['en'], null);
    const again = buildSummariseRequest(prompt, story, ['en'], 'FEEDBACK', { delimiterId: first.delimiterId });
    expect(again.user.startsWith(first.user.trimEnd())).toBe(true);
  });
});
