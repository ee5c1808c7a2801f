import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../src/text/detect-language.js';
import { detectQuestionLanguage } from '../../../src/text/detect-question-language.js';

const LANGUAGES = ['en', 'ar', 'fr', 'es', 'fa'] as const;
const set = JSON.parse(
  readFileSync(new URL('../../fixtures/question-language/short-questions.json', import.meta.url), 'utf8'),
) as Record<(typeof LANGUAGES)[number], string[]>;
const wordsOf = (q: string) => q.split(/\s+/).filter((w) => /\p{L}/u.test(w));

describe('short-question language detection (issue 12 item 2)', () => {
  it('has 40 distinct questions of 2 to 6 words per language', () => {
    for (const language of LANGUAGES) {
      expect(new Set(set[language]).size, language).toBe(40);
      for (const q of set[language]) expect(wordsOf(q).length, q).toBeGreaterThanOrEqual(2);
      for (const q of set[language]) expect(wordsOf(q).length, q).toBeLessThanOrEqual(6);
    }
  });

  it('detects at least 95% of each language correctly', () => {
    for (const language of LANGUAGES) {
      const wrong = set[language].filter((q) => detectQuestionLanguage(q) !== language);
      const rate = 1 - wrong.length / set[language].length;
      const before = set[language].filter((q) => detectLanguage(q) === language).length;
      console.log(
        `${language}: ${set[language].length - wrong.length}/40 (ingest detector alone: ${before}/40)${wrong.length ? ` misses: ${wrong.join(' | ')}` : ''}`,
      );
      expect(rate, `${language}: ${wrong.join(' | ')}`).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('reads "combien de morts ?" as French, where n-grams alone read English', () => {
    expect(detectQuestionLanguage('combien de morts ?')).toBe('fr');
    expect(detectQuestionLanguage('¿cuántos muertos?')).toBe('es');
    expect(detectQuestionLanguage('what did Frontex do?')).toBe('en');
  });

  it('keeps a name in another language from outvoting the question words', () => {
    expect(detectQuestionLanguage('what did Médecins Sans Frontières say?')).toBe('en');
    expect(detectQuestionLanguage("qu'a dit Human Rights Watch ?")).toBe('fr');
  });

  it('leaves languages it has no cues for to the general detector, and says null for no letters', () => {
    const german = 'Wie viele Menschen sind im Mittelmeer gestorben?';
    expect(detectQuestionLanguage(german)).toBe(detectLanguage(german));
    expect(detectQuestionLanguage('?? 12')).toBeNull();
  });
});
