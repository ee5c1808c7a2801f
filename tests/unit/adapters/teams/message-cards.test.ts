import { describe, expect, it } from 'vitest';
import type { CardElement } from '../../../../adapters/teams/cards/adaptive-card.js';
import { renderMessage } from '../../../../adapters/teams/cards/render-message.js';
import { HELP_TEXT } from '../../../../src/chat/parse-command.js';
import type { Answer } from '../../../../src/domain/answer.js';
import { adaptiveCardProblems } from '../../../helpers/adaptive-card-sdk.js';

function texts(elements: unknown[]): string[] {
  const out: string[] = [];
  for (const e of elements as CardElement[]) {
    if (typeof e.text === 'string') out.push(e.text);
    if (Array.isArray(e.items)) out.push(...texts(e.items));
  }
  return out;
}

const answer: Answer = {
  question: 'How many people were rescued?',
  language: 'en',
  answer: '31 people were rescued by the coast guard.',
  story: { id: 's1', url: 'https://www.iom.int/news/s1', title: 'Boat capsizes off Bodrum' },
  quotes: [{ text: 'وأنقذ خفر السواحل ٣١ شخصاً', language: 'ar', storyId: 's1', url: 'https://www.iom.int/ar/news/s1' }],
  covered: true,
};

describe('Teams answer, notice and story list cards', () => {
  it('labels an LLM answer as AI-generated, quotes its passages with their language and links the story', () => {
    const [part] = renderMessage({ kind: 'answer', answer });
    const card = part?.activity.attachments[0]?.content;
    expect(card?.version).toBe('1.5');
    expect(adaptiveCardProblems(card)).toEqual([]);
    const shown = texts(card?.body ?? []);
    expect(shown.some((t) => t.includes('AI-generated'))).toBe(true);
    expect(shown).toContain('31 people were rescued by the coast guard.');
    expect(shown).toContain('Quote · الأصل بالعربية');
    const quote = (card?.body ?? []).find((e) => e.style === 'emphasis');
    expect(quote?.rtl).toBe(true);
    expect(shown).toContain('From: Boat capsizes off Bodrum');
    expect(JSON.stringify(card)).toContain('"url":"https://www.iom.int/news/s1"');
    expect(part?.activity.entities?.[0]).toMatchObject({ additionalType: ['AIGeneratedContent'] });
  });

  it('offline, shows the passages with a note instead of a written answer', () => {
    const [part] = renderMessage({ kind: 'answer', answer: { ...answer, answer: null } });
    const shown = texts(part?.activity.attachments[0]?.content.body ?? []);
    expect(shown.some((t) => t.includes('a written answer needs an LLM'))).toBe(true);
    expect(shown.some((t) => t.includes('AI-generated'))).toBe(false);
    expect(part?.activity.entities).toBeUndefined();
  });

  it('notes offline passages also when they do not clearly answer (as Slack does), and not when there are none', () => {
    const [part] = renderMessage({ kind: 'answer', answer: { ...answer, answer: null, covered: false } });
    const shown = texts(part?.activity.attachments[0]?.content.body ?? []);
    expect(shown.some((t) => t.includes('a written answer needs an LLM'))).toBe(true);
    expect(shown).toContain('The articles of this digest do not seem to answer this question.');
    const [none] = renderMessage({ kind: 'answer', answer: { ...answer, answer: null, quotes: [], covered: false } });
    expect(texts(none?.activity.attachments[0]?.content.body ?? []).join('\n')).not.toContain('needs an LLM');
  });

  it('notes offline passages in the question language, right to left for Arabic', () => {
    const [part] = renderMessage({ kind: 'answer', answer: { ...answer, language: 'ar', answer: null } });
    const card = part?.activity.attachments[0]?.content;
    const note = 'مقاطع من المقالات تتعلق بسؤالك (الإجابة المكتوبة تحتاج إلى نموذج لغوي: الوضع دون اتصال).';
    expect(texts(card?.body ?? [])).toContain(note);
    const holder = (card?.body ?? []).find((e) => texts((e.items as unknown[]) ?? []).includes(note));
    expect(holder?.rtl).toBe(true);
    expect(adaptiveCardProblems(card)).toEqual([]);
  });

  it('says when the articles do not answer the question', () => {
    const [part] = renderMessage({ kind: 'answer', answer: { ...answer, answer: null, quotes: [], covered: false } });
    expect(texts(part?.activity.attachments[0]?.content.body ?? [])).toContain(
      'The articles of this digest do not seem to answer this question.',
    );
  });

  it('does not add the sentence under a written answer that already says the articles do not answer (as Slack)', () => {
    const written = 'The article does not say how many people were rescued.';
    const [part] = renderMessage({ kind: 'answer', answer: { ...answer, answer: written, covered: false } });
    const shown = texts(part?.activity.attachments[0]?.content.body ?? []);
    expect(shown).toContain(written);
    expect(shown.join('\n')).not.toContain('do not seem to answer');
  });

  it.each([
    ['ar', 'كم عدد الذين أنقذوا؟', 'لا يبدو أن مقالات هذا الملخص تجيب عن هذا السؤال.'],
    ['fa', 'چند نفر نجات یافتند؟', 'به نظر نمی‌رسد مقاله‌های این خلاصه به این پرسش پاسخ دهند.'],
  ])('says it in the question language (%s), right to left, and not in English', (language, question, expected) => {
    const [part] = renderMessage({
      kind: 'answer',
      answer: { ...answer, question, language, answer: null, quotes: [], covered: false },
    });
    const card = part?.activity.attachments[0]?.content;
    expect(adaptiveCardProblems(card)).toEqual([]);
    const shown = texts(card?.body ?? []);
    expect(shown).toContain(expected);
    expect(shown.join('\n')).not.toContain('do not seem to answer');
    const holder = (card?.body ?? []).find((e) => texts((e.items as unknown[]) ?? []).includes(expected));
    expect(holder?.rtl).toBe(true);
  });

  it('says it in English for a language it has no sentence in', () => {
    const [part] = renderMessage({
      kind: 'answer',
      answer: { ...answer, language: 'de', answer: null, quotes: [], covered: false },
    });
    const card = part?.activity.attachments[0]?.content;
    expect(texts(card?.body ?? [])).toContain('The articles of this digest do not seem to answer this question.');
    const holder = (card?.body ?? []).find((e) =>
      texts((e.items as unknown[]) ?? []).some((t) => t.includes('do not seem')),
    );
    expect(holder?.rtl).toBe(false);
  });

  it('renders the help text line by line, keeping the grammar columns', () => {
    const [part] = renderMessage({ kind: 'notice', tone: 'info', text: HELP_TEXT });
    const card = part?.activity.attachments[0]?.content;
    expect(adaptiveCardProblems(card)).toEqual([]);
    const blocks = (card?.body ?? []) as CardElement[];
    expect(blocks.length).toBeGreaterThan(10);
    const latest = blocks.find((b) => String(b.text).includes('latest \\[N\\]'));
    expect(latest).toMatchObject({ fontType: 'Monospace' });
    expect(String(latest?.text).startsWith('\u00a0\u00a0')).toBe(true);
  });

  it('escapes user input quoted in an error notice and colours its first line', () => {
    const [part] = renderMessage({
      kind: 'notice',
      tone: 'error',
      text: 'I don\'t know the command "<at>all</at>**x**".\n\nTry `help`.',
    });
    const blocks = (part?.activity.attachments[0]?.content.body ?? []) as CardElement[];
    expect(blocks[0]).toMatchObject({ color: 'Attention', text: 'I don\'t know the command "all\\*\\*x\\*\\*".' });
    expect(blocks[1]).toMatchObject({ text: 'Try **help**.', spacing: 'Medium' });
  });

  it('lists stories with safe links only', () => {
    const stories = [
      {
        id: 'a',
        title: 'Arrivals in [Lampedusa](https://evil.example)',
        url: 'https://news.example/a',
        sourceName: 'IOM',
        language: 'en',
        publishedAt: null,
      },
      {
        id: 'b',
        title: 'عنوان',
        url: 'javascript:alert(1)',
        sourceName: 'UN News',
        language: 'ar',
        publishedAt: '2025-01-26T10:00:00Z',
      },
    ];
    const [part] = renderMessage({ kind: 'stories', heading: 'Stories matching "Lampedusa"', stories });
    const card = part?.activity.attachments[0]?.content;
    expect(adaptiveCardProblems(card)).toEqual([]);
    const json = JSON.stringify(card);
    expect(json).toContain('https://news.example/a');
    expect(json).not.toContain('javascript:');
    expect(json).not.toContain('](https://evil');
    expect(part?.storyIds).toEqual(['a', 'b']);
  });
});
