import { describe, expect, it } from 'vitest';
import { checkFaithfulness } from '../../../src/summarise/check-faithfulness.js';
import { buildFigureCorpus, formatFigure, namesFigure } from '../../helpers/figure-corpus.js';

const corpus = buildFigureCorpus();
const check = (c: (typeof corpus.corrupted)[number]) =>
  checkFaithfulness(c.summary, c.references, { language: c.summaryLanguage });

describe('the figure gate on the generated corruption corpus (issue 11)', { timeout: 120_000 }, () => {
  it('covers every fixture article, every kind of change, both digest languages and every digit script', () => {
    expect(corpus.articles).toBeGreaterThanOrEqual(15);
    expect(corpus.figures).toBeGreaterThan(150);
    const variants = new Set(corpus.corrupted.map((c) => c.variant.split(' ')[0]));
    expect([...variants].sort()).toEqual([
      '+1',
      '+multiplier',
      '-1',
      '/1000',
      'class',
      'currency',
      'digit',
      'fraction',
      'other',
      'remainder',
      'x1000',
    ]);
    for (const script of ['ar-digits', 'fa-digits', 'es-digits', 'fr-digits', 'en-digits']) {
      expect(
        corpus.corrupted.some((c) => c.variant.endsWith(script)),
        script,
      ).toBe(true);
    }
    // An English summary of an Arabic article and an Arabic summary of an English one.
    expect(corpus.corrupted.some((c) => c.article.startsWith('dev-ar') && c.summaryLanguage === 'en')).toBe(true);
    expect(corpus.corrupted.some((c) => c.article.startsWith('dev-en') && c.summaryLanguage === 'ar')).toBe(true);
    expect(formatFigure(62000, 'ar')).toBe('٦٢٬٠٠٠');
    expect(formatFigure(62000, 'fa')).toBe('۶۲٬۰۰۰');
  });

  it('catches 100% of the corrupted figures, naming each one', () => {
    const missed = corpus.corrupted
      .filter((c) => !namesFigure(check(c), c.written))
      .map((c) => `${c.article} ${c.variant}: ${c.written}`);
    expect(missed).toEqual([]);
  });

  it('flags at most 2% of faithful restatements of the same figures', () => {
    const flagged = corpus.faithful.filter((c) => check(c).length > 0);
    expect(corpus.faithful.length).toBeGreaterThan(1000);
    expect(flagged.length / corpus.faithful.length).toBeLessThanOrEqual(0.02);
  });
});
