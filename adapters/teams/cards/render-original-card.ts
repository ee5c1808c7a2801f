import type { OriginalText } from '../../../src/domain/interactions.js';
import { englishLanguageName, isRightToLeft } from '../../../src/domain/languages.js';
import {
  type CardElement,
  type RenderedActivity,
  adaptiveCard,
  cardActivity,
  container,
  textBlock,
} from './adaptive-card.js';
import { cardParagraphs, cardText } from './card-text.js';

/** "Show the original text": each edition's title and opening in its own language (right-to-left where needed). */
export function renderOriginalActivity(original: OriginalText): RenderedActivity {
  const body: CardElement[] = original.editions.slice(0, 6).map((e) =>
    container(
      [
        textBlock(`${cardText(e.sourceName, 100)} · ${englishLanguageName(e.language)} · original text, shortened`, {
          isSubtle: true,
          size: 'Small',
        }),
        textBlock(cardText(e.title, 300), { weight: 'Bolder', spacing: 'Small' }),
        ...cardParagraphs(e.extract, 1_500).map((p) => textBlock(p, { spacing: 'Small' })),
      ],
      { rtl: isRightToLeft(e.language), separator: true, spacing: 'Medium' },
    ),
  );
  if (body.length === 0) body.push(textBlock('This story has no stored text.'));
  return {
    activity: cardActivity(
      adaptiveCard(body),
      `Original text: ${cardText(original.editions[0]?.title ?? original.storyId, 100)}`,
    ),
    storyIds: [original.storyId],
  };
}
