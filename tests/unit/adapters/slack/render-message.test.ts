import { describe, expect, it } from 'vitest';
import { ANSWER_LABEL, PASSAGES_LABEL } from '../../../../adapters/slack/blocks/render-answer.js';
import { renderMessage } from '../../../../adapters/slack/blocks/render-message.js';
import type { SlackBlock } from '../../../../adapters/slack/blocks/slack-blocks.js';
import type { Answer } from '../../../../src/domain/answer.js';
import { HELP_TEXT } from '../../../../src/chat/parse-command.js';
import { validateSlackPayload } from '../../../helpers/validate-slack-payload.js';

const allText = (blocks: SlackBlock[]) =>
  blocks
    .flatMap((b) =>
      b.type === 'section' || b.type === 'header'
        ? [b.text.text]
        : b.type === 'context'
          ? b.elements.map((e) => e.text)
          : [],
    )
    .join('\n');

const answer = (overrides: Partial<Answer> = {}): Answer => ({
  question: 'How many people died?',
  language: 'en',
  answer: '**Twelve** people died, including 3 children.',
  story: { id: 's1', url: 'https://example.org/s1', title: 'Boat capsizes off Bodrum' },
  quotes: [
    { text: 'Twelve people died, including 3 children.', language: 'en', storyId: 's1', url: 'https://example.org/s1' },
  ],
  covered: true,
  ...overrides,
});

describe('rendering answers', () => {
  it('shows the answer as mrkdwn, quotes as block quotes with their language, the story, and the AI label', () => {
    const [m] = renderMessage({ kind: 'answer', answer: answer() });
    expect(validateSlackPayload(m?.payload)).toEqual([]);
    const text = allText(m?.payload.blocks ?? []);
    expect(text).toMatch(/\*Twelve\*\u200b? people died/);
    expect(text).toMatch(/^>Twelve people died, including 3 children\.$/m);
    expect(text).toContain('_English original_');
    expect(text).toContain('Story: <https://example.org/s1|Boat capsizes off Bodrum>');
    expect(text).toContain(ANSWER_LABEL);
  });

  it('labels an offline answer as passages only', () => {
    const [m] = renderMessage({ kind: 'answer', answer: answer({ answer: null }) });
    expect(allText(m?.payload.blocks ?? [])).toContain(PASSAGES_LABEL);
    expect(validateSlackPayload(m?.payload)).toEqual([]);
  });

  it('labels offline passages in the question language, right to left for Arabic (before: always in English)', () => {
    const [m] = renderMessage({ kind: 'answer', answer: answer({ language: 'ar', answer: null }) });
    const text = allText(m?.payload.blocks ?? []);
    expect(text).toContain('\u200Fمقاطع من المقالات تتعلق بسؤالك');
    expect(text).not.toContain(PASSAGES_LABEL);
    const [fr] = renderMessage({ kind: 'answer', answer: answer({ language: 'fr', answer: null }) });
    expect(allText(fr?.payload.blocks ?? [])).toContain('Passages des articles en rapport avec votre question');
  });

  it('says so when the articles do not answer, in the asker language, right to left for Arabic', () => {
    const [m] = renderMessage({
      kind: 'answer',
      answer: answer({ language: 'ar', answer: null, quotes: [], covered: false }),
    });
    const first = m?.payload.blocks[0];
    expect(first?.type === 'section' && first.text.text.startsWith('\u200Fلا يبدو')).toBe(true);
    expect(validateSlackPayload(m?.payload)).toEqual([]);
  });

  it.each([
    ['ar', 'لا يبدو أن مقالات هذا الملخص تجيب عن هذا السؤال.'],
    ['fa', 'به نظر نمی‌رسد مقاله‌های این خلاصه به این پرسش پاسخ دهند.'],
  ])('says it in %s for a question in that language, in the blocks and the notification text', (language, expected) => {
    const [m] = renderMessage({
      kind: 'answer',
      answer: answer({ language, answer: null, quotes: [], covered: false }),
    });
    const first = m?.payload.blocks[0];
    expect(first?.type === 'section' && first.text.text).toBe(`\u200F${expected}`);
    expect(m?.payload.text).toBe(expected);
    expect(allText(m?.payload.blocks ?? [])).not.toContain('do not seem to answer');
  });

  it('keeps mentions and links injected into an LLM answer or a quote inert', () => {
    const [m] = renderMessage({
      kind: 'answer',
      answer: answer({
        answer: '<!channel> Read [iom.int](http://evil.example) now <@U123>',
        quotes: [{ text: '<!here> quoted <http://x|label>', language: 'ar', storyId: 's1', url: null }],
      }),
    });
    expect(validateSlackPayload(m?.payload)).toEqual([]);
    const text = allText(m?.payload.blocks ?? []);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('<http://evil.example/>');
    expect(text).toContain('>\u200F&lt;!here&gt; quoted');
  });
});

describe('rendering notices and story lists', () => {
  it('shows the help text with its columns preformatted', () => {
    const [m] = renderMessage({ kind: 'notice', tone: 'info', text: HELP_TEXT });
    expect(validateSlackPayload(m?.payload)).toEqual([]);
    expect(allText(m?.payload.blocks ?? [])).toMatch(/```\s+latest \[N\]/);
  });

  it('escapes user input quoted in an error and marks the error', () => {
    const [m] = renderMessage({ kind: 'notice', tone: 'error', text: 'I don\'t know the command "<!channel>".' });
    expect(validateSlackPayload(m?.payload)).toEqual([]);
    expect(allText(m?.payload.blocks ?? [])).toBe(':warning: I don\'t know the command "&lt;!channel&gt;".');
  });

  it('splits a very long notice over several sections and messages', () => {
    const messages = renderMessage({
      kind: 'notice',
      tone: 'info',
      text: Array.from({ length: 400 }, (_, i) => `• source ${i}: ok, last fetch 2024-05-01`).join('\n'),
    });
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(validateSlackPayload(m.payload)).toEqual([]);
    expect(messages[0]?.payload.blocks.length).toBeGreaterThan(1);
  });

  it('lists search results with links, escaped titles and the story ids', () => {
    const [m] = renderMessage({
      kind: 'stories',
      heading: 'Stories matching "<!here>"',
      stories: [
        {
          id: 'a',
          title: '<!channel> Lampedusa arrivals',
          url: 'https://example.org/a',
          sourceName: 'UN News',
          language: 'en',
          publishedAt: '2024-05-01T10:00:00Z',
        },
        { id: 'b', title: 'وصول مهاجرين', url: null, sourceName: 'IOM', language: 'ar', publishedAt: null },
      ],
    });
    expect(validateSlackPayload(m?.payload)).toEqual([]);
    const text = allText(m?.payload.blocks ?? []);
    expect(text).toContain('<https://example.org/a|&lt;!channel&gt; Lampedusa arrivals>');
    expect(text).toContain('Arabic · date unknown');
    expect(m?.storyIds).toEqual(['a', 'b']);
  });
});
