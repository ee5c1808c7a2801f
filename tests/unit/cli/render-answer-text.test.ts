import { describe, expect, it } from 'vitest';
import { renderAnswerText } from '../../../src/cli/render-text.js';
import type { Answer } from '../../../src/domain/answer.js';

const answer = (overrides: Partial<Answer>): Answer => ({
  question: 'How many survived?',
  language: 'en',
  answer: null,
  story: { id: 'abc', url: 'https://news.example/a', title: '47 migrants die off Sfax' },
  quotes: [{ text: 'Rescuers pulled 23 survivors from the water.', language: 'en', storyId: 'abc', url: null }],
  covered: true,
  ...overrides,
});

// SPEC 5.5: answers come in the language of the question, also offline, where the reply is passages with a note.
describe('ask, text output without an LLM', () => {
  it.each([
    ['fr', 'Combien de survivants ?', 'Passages des articles en rapport avec votre question'],
    ['es', '¿Cuántos sobrevivieron?', 'Pasajes de los artículos relacionados con su pregunta'],
    ['ar', 'كم عدد الناجين؟', 'مقاطع من المقالات تتعلق بسؤالك'],
  ])(
    'introduces the passages in the language of the question (%s), whatever the article language',
    (language, question, note) => {
      const text = renderAnswerText(answer({ language, question }));
      expect(text).toContain(note);
      expect(text).not.toContain('Passages that bear on the question');
      // The operator still learns what a written answer needs.
      expect(text).toContain('OPENAI_API_KEY');
      expect(text).toContain('Rescuers pulled 23 survivors');
    },
  );

  it('says in the language of the question when no passage clearly answers it', () => {
    const text = renderAnswerText(answer({ language: 'es', question: '¿Quién pagó?', covered: false }));
    expect(text).toContain('Los artículos de este resumen no parecen responder a esta pregunta.');
    expect(text).toContain('OPENAI_API_KEY');
  });

  it('keeps the English notes for an English question, and no note above a written answer', () => {
    expect(renderAnswerText(answer({}))).toContain('Passages that bear on the question');
    const written = renderAnswerText(answer({ answer: '23 people survived.', language: 'en' }));
    expect(written).toContain('A: 23 people survived.');
    expect(written).not.toContain('OPENAI_API_KEY');
  });
});
