import { describe, expect, it } from 'vitest';
import { matchesWords } from '../../../src/digest/matches-words.js';

describe('matchesWords (subscription filters and search)', () => {
  it('matches the start of a word, whatever the case and accents', () => {
    expect(matchesWords('Libyan coast guard intercepts boats', ['libya'])).toBe(true);
    expect(matchesWords('Arrivals in Tirana rose', ['Iran'])).toBe(false);
    expect(matchesWords('Réfugiés à Calais', ['refugies'])).toBe(true);
  });

  it('matches Arabic words with attached clitics and letter variants', () => {
    expect(matchesWords('وصل اللاجئون إلى ليبيا', ['لاجئ'])).toBe(true);
    expect(matchesWords('غرق قارب قبالة بودروم', ['ليبيا'])).toBe(false);
  });

  it('keeps two-letter words exact, and matches nothing for no words', () => {
    expect(matchesWords('The EU border agency', ['EU'])).toBe(true);
    expect(matchesWords('Europe', ['EU'])).toBe(false);
    expect(matchesWords('anything', [])).toBe(false);
  });
});
