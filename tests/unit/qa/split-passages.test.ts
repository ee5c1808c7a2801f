import { describe, expect, it } from 'vitest';
import { analyseText } from '../../../src/qa/analyse-text.js';
import { nameSkeleton } from '../../../src/text/name-skeleton.js';
import { normaliseArabicScript } from '../../../src/text/normalise-arabic-script.js';
import { splitPassages } from '../../../src/qa/split-passages.js';
import { stemArabic } from '../../../src/text/stem-arabic.js';
import { makeStory } from '../../helpers/qa-fake-llm.js';
import { loadFixtureStories } from '../../helpers/qa-fixture-stories.js';

const edition = (text: string, language = 'en') => {
  const e = makeStory('s', { text, language }).editions[0];
  if (!e) throw new Error('no edition');
  return e;
};

describe('splitPassages', () => {
  it('keeps every passage verbatim, under ~600 characters, on every fixture article', () => {
    for (const story of loadFixtureStories()) {
      for (const e of story.editions) {
        const passages = splitPassages(e);
        expect(passages.length, e.id).toBeGreaterThan(0);
        for (const p of passages) {
          expect(p.text).toBe(e.text.slice(p.start, p.end));
          expect(p.text.length).toBeLessThanOrEqual(600);
          expect(p.text).toBe(p.text.trim());
        }
      }
    }
  });

  it('splits a huge one-paragraph article (segmented piece by piece) exactly as the sentences fall: none is cut', () => {
    // Sentences of varied length, Arabic and English, with quotes after the full stop: over 100 KB, no blank line.
    const sentences = Array.from({ length: 1_400 }, (_, i) =>
      i % 3 === 0
        ? `وصل ${i} شخصًا إلى ليسفوس يوم الأحد، وفق ما قالت المفوضية.`
        : `"Some ${i} people are missing after a boat capsized off Libya," the agency said on day ${i}.`,
    );
    const text = sentences.join(' ');
    expect(text.length).toBeGreaterThan(100_000);
    const passages = splitPassages(edition(text));
    // Every passage is whole sentences: it starts where a sentence starts and ends where one ends.
    const starts = new Set<number>();
    const ends = new Set<number>();
    let at = 0;
    for (const sentence of sentences) {
      starts.add(at);
      ends.add(at + sentence.length);
      at += sentence.length + 1;
    }
    for (const p of passages) {
      expect(starts.has(p.start), p.text.slice(0, 40)).toBe(true);
      expect(ends.has(p.end), p.text.slice(-40)).toBe(true);
    }
    // And together they hold every sentence, in order.
    expect(passages.map((p) => p.text).join(' ')).toBe(text);
  });

  it('makes short unpunctuated lines the context of the paragraphs below, not passages', () => {
    const text =
      'لبنان\n\nترحيل سوريين من المطار بإجراءات موجزة\n\nلبنان رحّل 16 سوريا عند وصولهم إلى مطار بيروت.\n\nاليونان\n\nوصل ٤٩ شخصًا إلى ليسفوس.';
    const passages = splitPassages(edition(text, 'ar'));
    expect(passages.map((p) => p.text)).toEqual([
      'لبنان رحّل 16 سوريا عند وصولهم إلى مطار بيروت.',
      'وصل ٤٩ شخصًا إلى ليسفوس.',
    ]);
    expect(passages[0]?.context).toBe('لبنان / ترحيل سوريين من المطار بإجراءات موجزة');
    expect(passages[1]?.context).toBe('اليونان');
  });

  it('cuts a long paragraph into groups of at most three sentences', () => {
    const sentences = Array.from(
      { length: 7 },
      (_, i) => `Sentence number ${i + 1} reports that ${i + 10} people arrived on the island.`,
    );
    const passages = splitPassages(edition(sentences.join(' ')));
    expect(passages.length).toBeGreaterThanOrEqual(3);
    for (const p of passages) expect(p.text.split(/(?<=\.) /).length).toBeLessThanOrEqual(3);
    expect(passages.map((p) => p.text).join(' ')).toBe(sentences.join(' '));
  });

  it('cuts an Arabic run-on sentence longer than 600 characters at a comma', () => {
    const clause = 'وصل عدد كبير من الأشخاص إلى الجزيرة خلال الأسبوع الماضي وفقا للتقارير المحلية';
    const text = Array.from({ length: 12 }, () => clause).join('، ');
    const passages = splitPassages(edition(text, 'ar'));
    expect(passages.length).toBeGreaterThan(1);
    for (const p of passages) expect(p.text.length).toBeLessThanOrEqual(600);
    expect(passages[0]?.text.endsWith('،')).toBe(true);
  });

  it('still quotes a teaser made of one short line', () => {
    expect(splitPassages(edition('Talks underway in Kabul')).map((p) => p.text)).toEqual(['Talks underway in Kabul']);
  });
});

describe('Arabic analysis', () => {
  it('folds spelling variants and digits', () => {
    expect(normaliseArabicScript('إِلَى الأُمَمِ المتّحدة ٢٠١٩ مسؤول مسئول')).toBe('الي الامم المتحده 2019 مسءول مسءول');
  });

  it('stems prefixes and suffixes lightly, keeping the other reading of a one-letter prefix', () => {
    const stem = (w: string) => stemArabic(normaliseArabicScript(w));
    expect(stem('اللاجئين')[0]).toBe(stem('لاجئ')[0]);
    expect(stem('للاجئين')).toContain(stem('لاجئ')[0]);
    expect(stem('لاجئون')[0]).toBe(stem('لاجئ')[0]);
    expect(stem('بالمطار')[0]).toBe('مطار');
    expect(stem('المطار')[0]).toBe('مطار');
    expect(stem('بمطار')).toContain('مطار');
    expect(stem('بيروت')[0]).toBe('بيروت');
    expect(stem('المفوضية')[0]).toBe('مفوض');
  });

  it('matches names across scripts by their consonant skeleton', () => {
    for (const [latin, arabic] of [
      ['Beirut', 'بيروت'],
      ['Bodrum', 'بودروم'],
      ['Lesvos', 'ليسفوس'],
      ['Frontex', 'فرونتكس'],
      ['Accra', 'أكرا'],
      ['Baalbek', 'بعلبك'],
    ] as const) {
      const a = nameSkeleton(normaliseArabicScript(arabic));
      expect(
        nameSkeleton(latin.toLowerCase()).some((s) => a.includes(s)),
        latin,
      ).toBe(true);
    }
  });

  it('turns figures in any digits and spelled-out numbers into the same term', () => {
    const terms = (text: string, language: string) =>
      analyseText(text, language, 'index').flatMap((t) => [...t.terms.keys()]);
    expect(terms('١٢ شخصًا', 'ar')).toContain('12');
    expect(terms('Twelve people', 'en')).toContain('12');
    expect(terms('over 4,000 people', 'en')).toContain('4000');
    expect(terms('215.000 يورو', 'ar')).toContain('215000');
    // Read as the figure gate reads them (issue 11.1: one number reader): spaces, multipliers, other locales.
    expect(terms('1 000 personnes', 'fr')).toContain('1000');
    expect(terms('2.5 million people', 'en')).toContain('2500000');
    expect(terms('2,500,000 people', 'en')).toContain('2500000');
    expect(terms('2,5 millions de personnes', 'fr')).toContain('2500000');
    // A time keeps its own digits: 07:20 is no figure of 440.
    expect(terms('at 07:20', 'en')).not.toContain('440');
    expect(terms('بينهم ثلاثة أطفال', 'ar')).toContain('3');
  });
});
