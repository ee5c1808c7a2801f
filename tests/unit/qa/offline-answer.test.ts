import { describe, expect, it } from 'vitest';
import { answerSchema } from '../../../src/domain/answer.js';
import { answerQuestion } from '../../../src/qa/answer-question.js';
import { scriptDetect } from '../../helpers/qa-fake-llm.js';
import { loadFixtureStories } from '../../helpers/qa-fixture-stories.js';

const stories = loadFixtureStories();
const offline = { llm: null, detectLanguage: scriptDetect };
const beirut = stories.find((s) => s.id === 'dev-pair-beirut-airport-deportations-2019-05');
const libya = stories.find((s) => s.id === 'dev-en-thebadely-libya-boats-capsized');

describe('answerQuestion offline (no LLM)', () => {
  it('quotes the best passages, best first, with the story they come from', async () => {
    const answer = await answerQuestion(offline, {
      question: 'How many Syrians were deported from Beirut airport?',
      stories,
      history: [],
    });
    expect(answerSchema.parse(answer)).toEqual(answer);
    expect(answer.answer).toBeNull();
    expect(answer.language).toBe('en');
    expect(answer.covered).toBe(true);
    expect(answer.quotes.length).toBeGreaterThan(0);
    expect(answer.quotes.length).toBeLessThanOrEqual(3);
    expect(answer.quotes[0]?.text).toContain('16 Syrian refugees were summarily deported');
    expect(answer.story?.id).toBe(beirut?.id);
    // Quotes are verbatim spans of an edition of their story.
    for (const quote of answer.quotes) {
      const story = stories.find((s) => s.id === quote.storyId);
      expect(story?.editions.some((e) => e.text.includes(quote.text) && e.language === quote.language)).toBe(true);
    }
  });

  it('answers an Arabic question with Arabic passages and an Arabic story title', async () => {
    const answer = await answerQuestion(offline, {
      question: 'كم عدد السوريين الذين رحّلهم لبنان من مطار بيروت؟',
      stories,
      history: [],
    });
    expect(answer.language).toBe('ar');
    expect(answer.covered).toBe(true);
    expect(answer.quotes[0]?.text).toContain('لبنان رحّل بإجراءات موجزة 16 سوريا');
    expect(answer.story).toMatchObject({ id: beirut?.id, title: 'نشر المزيد من هيئات الرقابة على الحدود' });
  });

  it('says not covered when nothing in the articles bears on the question', async () => {
    const answer = await answerQuestion(offline, {
      question: 'Who won the football World Cup final?',
      stories,
      history: [],
    });
    expect(answer.covered).toBe(false);
    expect(answer.answer).toBeNull();
  });

  it('quotes the opening of a story asked about by number alone', async () => {
    const index = stories.findIndex((s) => s.id === libya?.id);
    const answer = await answerQuestion(offline, {
      question: `What is story ${index + 1} about?`,
      stories,
      history: [],
    });
    expect(answer.story?.id).toBe(libya?.id);
    expect(answer.covered).toBe(true);
    expect(answer.quotes[0]?.text).toContain('At least four people have died');
    expect(answer.quotes.every((q) => q.storyId === libya?.id)).toBe(true);
  });

  it('searches a follow-up together with the question before it', async () => {
    const answer = await answerQuestion(offline, {
      question: 'and how many were children?',
      stories,
      history: [{ question: 'How many people died when the boat capsized off the Turkish coast?', answer: '' }],
    });
    expect(answer.quotes.some((q) => /three children|ثلاثة أطفال|3 أطفال/.test(q.text))).toBe(true);
  });

  it('returns an empty, not-covered answer for a thread without stories', async () => {
    const answer = await answerQuestion(offline, { question: 'What happened?', stories: [], history: [] });
    expect(answer).toEqual({
      question: 'What happened?',
      language: 'en',
      answer: null,
      story: null,
      quotes: [],
      covered: false,
    });
  });
});
