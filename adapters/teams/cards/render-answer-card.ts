import type { Answer } from '../../../src/domain/answer.js';
import {
  type CardElement,
  type RenderedActivity,
  actionSet,
  adaptiveCard,
  cardActivity,
  container,
  openUrl,
  textBlock,
} from './adaptive-card.js';
import { cardParagraphs, cardText, safeUrl } from './card-text.js';
import { isRightToLeft } from '../../../src/domain/languages.js';
import { notCoveredSentence, offlinePassagesSentence } from '../../../src/domain/not-covered-sentence.js';
import { originalLabel } from '../../../src/domain/original-label.js';

const MAX_QUOTES = 5;

/** Teams' own "AI generated" label for bot messages (schema.org Message entity); not a mention. */
const AI_GENERATED_ENTITY = {
  type: 'https://schema.org/Message',
  '@type': 'Message',
  '@context': 'https://schema.org',
  '@id': '',
  additionalType: ['AIGeneratedContent'],
};

/**
 * A grounded answer in a digest thread (SPEC 5.5): the answer (labelled AI-generated), the quoted passages in quote
 * blocks marked with their language, and the story named and linked. Offline there is no written answer: the passages
 * alone, with a note.
 */
export function renderAnswerActivity(answer: Answer): RenderedActivity {
  const answerRtl = isRightToLeft(answer.language);
  const body: CardElement[] = [];
  if (answer.answer) {
    body.push(
      textBlock('Answer · AI-generated, check the quoted passages', {
        size: 'Small',
        isSubtle: true,
        weight: 'Bolder',
      }),
    );
    body.push(
      container(
        cardParagraphs(answer.answer, 4000).map((p) => textBlock(p, { spacing: 'Small' })),
        { rtl: answerRtl },
      ),
    );
  } else if (answer.quotes.length > 0) {
    body.push(
      container([textBlock(offlinePassagesSentence(answer.language), { size: 'Small', isSubtle: true })], {
        rtl: answerRtl,
      }),
    );
  }
  if (!answer.covered && !answer.answer) {
    // In the question's language, laid out as an answer is (right to left for Arabic and Persian). A written answer
    // says so itself, in its own words: the sentence would repeat it (as in Slack, render-answer.ts).
    body.push(container([textBlock(notCoveredSentence(answer.language), { weight: 'Bolder' })], { rtl: answerRtl }));
  }
  for (const quote of answer.quotes.slice(0, MAX_QUOTES)) {
    body.push(
      container(
        [
          textBlock(`Quote · ${originalLabel(quote.language)}`, { size: 'Small', isSubtle: true }),
          textBlock(`“${cardText(quote.text, 800)}”`, { spacing: 'None' }),
        ],
        { style: 'emphasis', rtl: isRightToLeft(quote.language), spacing: 'Small' },
      ),
    );
  }
  // Visible, as a digest's warnings are: e.g. a term the glossary marks as not preferred.
  for (const warning of (answer.warnings ?? []).slice(0, 3))
    body.push(textBlock(`⚠ ${cardText(warning, 300)}`, { color: 'Warning', size: 'Small', spacing: 'Small' }));
  const actions: CardElement[] = [];
  if (answer.story) {
    body.push(textBlock(`From: ${cardText(answer.story.title, 300)}`, { size: 'Small', isSubtle: true }));
    const url = safeUrl(answer.story.url);
    if (url) actions.push(openUrl('Open the article', url));
  }
  if (actions.length > 0) body.push(actionSet(actions));
  const card = adaptiveCard([
    textBlock(`Q: ${cardText(answer.question, 300)}`, { isSubtle: true, size: 'Small' }),
    ...body,
  ]);
  const summary = answer.answer ? 'Answer (AI-generated)' : 'Passages from the article';
  return {
    activity: cardActivity(card, summary, answer.answer ? [AI_GENERATED_ENTITY] : undefined),
    storyIds: answer.story ? [answer.story.id] : [],
  };
}
