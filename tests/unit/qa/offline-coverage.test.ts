import { describe, expect, it } from 'vitest';
import type { ThreadTurn } from '../../../src/qa/bound-history.js';
import { answerQuestion } from '../../../src/qa/answer-question.js';
import { makeStory } from '../../helpers/factories.js';

// The audit's case (SPEC 5.5): one English article, questions in languages it has no edition in.
const zuwara = makeStory({
  id: 'zuwara-rescue',
  title: 'Migrants rescued off Zuwara',
  text: [
    'The Libyan coast guard said on Tuesday that 42 migrants, including 9 children, were rescued near Zuwara after their rubber boat began to sink. The boat had left the coast overnight with engine trouble.',
    'Three people were taken to hospital in Sabratha, according to the Red Crescent. The others were brought to a detention centre in Tripoli.',
    'The International Organization for Migration said more than 1,200 people have been intercepted at sea this year.',
  ].join('\n\n'),
});

async function ask(language: string, question: string, history: ThreadTurn[] = []) {
  return answerQuestion({ llm: null, detectLanguage: () => language }, { question, stories: [zuwara], history });
}

describe('offline coverage across languages (SPEC 5.5: glossary, names and figures carry retrieval)', () => {
  it.each([
    ['fr', 'Combien de migrants ont été secourus près de Zuwara ?', '42 migrants'],
    ['es', '¿Cuántos migrantes fueron rescatados cerca de Zuwara?', '42 migrants'],
    ['ar', 'كم عدد الأطفال الذين تم إنقاذهم؟', '9 children'],
    ['ar', 'كم مهاجرا أنقذ خفر السواحل الليبي؟', '42 migrants'],
    ['es', '¿Cuántos migrantes rescató la guardia costera de Libia?', '42 migrants'],
    ['fa', 'چند مهاجر در نزدیکی لیبی نجات یافتند؟', '42 migrants'],
    ['fa', 'چه تعداد کودک نجات یافتند؟', '9 children'],
  ])('says an English article answers the %s question "%s"', async (language, question, quoted) => {
    const answer = await ask(language, question);
    expect(answer.quotes[0]?.text).toContain(quoted);
    expect(answer.covered).toBe(true);
  });

  it('says a follow-up in English is answered by the passage it quotes', async () => {
    const answer = await ask('en', 'and how many went to hospital?', [
      { question: 'How many migrants were rescued near Zuwara?', answer: '' },
    ]);
    expect(answer.quotes[0]?.text).toContain('Three people were taken to hospital');
    expect(answer.covered).toBe(true);
  });

  it.each([
    ['ar', 'كم عدد المهاجرين الذين تم إنقاذهم في تونس؟'],
    ['ar', 'هل تم إنقاذ 300 مهاجر؟'],
    ['ar', 'كم مهاجرا تم إنقاذهم قبالة تونس؟'],
    ['es', '¿Cuántos migrantes murieron en Grecia?'],
    ['es', '¿Fueron rescatados 300 migrantes cerca de Zuwara?'],
    ['fr', 'Combien de migrants ont été secourus au Maroc ?'],
    ['fr', 'Combien de migrants ont été secourus près de Zuwara en 2019 ?'],
    ['en', 'How many migrants were rescued near Zuwara in 2019?'],
  ])(
    'says the article does not answer the %s question "%s" (another place or a figure it lacks)',
    async (language, question) => {
      expect((await ask(language, question)).covered).toBe(false);
    },
  );

  it('says a follow-up about another place is not answered', async () => {
    const answer = await ask('en', 'and how many reached Malta?', [
      { question: 'How many migrants were rescued near Zuwara?', answer: '' },
    ]);
    expect(answer.covered).toBe(false);
  });
});
