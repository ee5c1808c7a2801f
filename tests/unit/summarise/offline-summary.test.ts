import { describe, expect, it } from 'vitest';
import { dominantScript } from '../../../src/text/dominant-script.js';
import { offlineSummary } from '../../../src/summarise/offline-summary.js';
import { splitSentences } from '../../../src/text/split-sentences.js';
import { fixtures } from '../../helpers/summarise-fixtures.js';

const scriptOf = (lang: string) => (['ar', 'fa'].includes(lang) ? 'arabic' : 'latin');

describe('offlineSummary', () => {
  it.each(fixtures.ids())('summarises %s with verbatim sentences in its own language', (id) => {
    const article = fixtures.article(id);
    const story = fixtures.story([id]);
    const summary = offlineSummary(story, [article.lang]);
    const text = summary.text[article.lang];
    expect(text).not.toBeNull();
    if (!text) return;
    expect(text.origin).toBe('source');
    expect(text.title).toBe(article.title.trim());
    const sentences = splitSentences(text.summary);
    // A feed item that is a single sentence long yields that one sentence; every article yields 2-3.
    const available = splitSentences(article.text).length;
    if (available >= 2) {
      expect(sentences.length).toBeGreaterThanOrEqual(2);
      expect(sentences.length).toBeLessThanOrEqual(3);
    } else {
      expect(sentences).toHaveLength(1);
    }
    for (const s of sentences) {
      expect(article.text.includes(s)).toBe(true);
      expect(dominantScript(s)).toBe(scriptOf(article.lang));
    }
    expect(summary.mode).toBe('offline');
    expect(summary.warnings).toEqual([]);
  });

  it('takes each language from its own edition and leaves a language without one null, with no per-story warning', () => {
    const story = fixtures.story(['dev-en-ays-daily-2019-06-17', 'dev-ar-ays-weekly-2019-06-17-23']);
    const summary = offlineSummary(story, ['en', 'ar', 'fr']);
    expect(summary.text.en?.origin).toBe('source');
    expect(dominantScript(summary.text.en?.summary ?? '')).toBe('latin');
    expect(summary.text.ar?.origin).toBe('source');
    expect(summary.text.ar?.title).toBe('عمليات الإخلاء القسري تزيد من الصدمات المتراكمة');
    expect(dominantScript(summary.text.ar?.summary ?? '')).toBe('arabic');
    expect(summary.text.fr).toBeNull();
    // The digest says once that translations need an LLM (SPEC 5.3): no story repeats it.
    expect(summary.warnings).toEqual([]);
  });

  it('says why a language has no text when an LLM call fell back, since that is about this story', () => {
    const story = fixtures.story(['dev-en-ays-daily-2019-06-17']);
    const summary = offlineSummary(story, ['en', 'ar'], 'translation needs the LLM, which failed this time');
    expect(summary.warnings).toEqual(['ar: translation needs the LLM, which failed this time']);
  });

  it('skips publisher boilerplate, tweets and headline lists', () => {
    const story = fixtures.story(['dev-en-ays-daily-2019-06-17'], {
      edition: {
        text: [
          'Read more about our work here and support us on our website today',
          'Lebanon moves refugees // More deaths in the Aegean // Deportations',
          'Thousands stranded pic.twitter.com/abc123 — AYS (@AreYouSyrious) June 17, 2019',
          'The Lebanese government has transferred people from the Caritas camp in Deir al-Ahmar to Maqne.',
          'They are faced with a total absence of services such as electricity, water, and sanitation in the camp.',
        ].join('\n'),
      },
    });
    const summary = offlineSummary(story, ['en']).text.en?.summary ?? '';
    expect(summary).not.toMatch(/Read more|\/\/|twitter/);
    expect(summary).toContain('Deir al-Ahmar');
  });

  it('summarises at least 200 articles per second', () => {
    const stories = fixtures.ids().map((id) => ({ story: fixtures.story([id]), lang: fixtures.article(id).lang }));
    for (const { story, lang } of stories) offlineSummary(story, [lang, 'en']); // warm-up
    const rounds = 40;
    const start = performance.now();
    for (let r = 0; r < rounds; r++) for (const { story, lang } of stories) offlineSummary(story, [lang, 'en']);
    const seconds = (performance.now() - start) / 1000;
    const rate = (rounds * stories.length) / seconds;
    console.info(
      `offline summarise: ${Math.round(rate)} articles/s (${rounds * stories.length} articles in ${seconds.toFixed(2)} s)`,
    );
    expect(rate).toBeGreaterThan(200);
  });
});
