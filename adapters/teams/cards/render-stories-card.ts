import type { StoryListEntry } from '../../../src/ports/chat-adapter.js';
import {
  type CardElement,
  type RenderedActivity,
  adaptiveCard,
  cardActivity,
  container,
  splitIntoParts,
  textBlock,
} from './adaptive-card.js';
import { cardText, safeUrl } from './card-text.js';
import { cardTime } from './render-digest-card.js';
import { isRightToLeft, nativeLanguageName } from '../../../src/domain/languages.js';

const MAX_STORIES = 25;

/** A short list of stories (search results): title (a link when it has a safe URL), source, language and time. */
export function renderStoriesActivities(heading: string, stories: StoryListEntry[]): RenderedActivity[] {
  const shown = stories.slice(0, MAX_STORIES);
  const entries = shown.map((story) => ({ id: story.id, element: storyElement(story) }));
  const more = stories.length > shown.length ? `${stories.length - shown.length} more not shown.` : null;
  const render = (chunk: typeof entries, label: string | null) => {
    const title = `${cardText(heading, 200)}${label ? ` · ${label}` : ''}`;
    const body: CardElement[] = [
      textBlock(title, { weight: 'Bolder', size: 'Medium' }),
      ...chunk.map((e) => e.element),
    ];
    if (more) body.push(textBlock(more, { isSubtle: true, size: 'Small' }));
    return cardActivity(adaptiveCard(body), cardText(heading, 120));
  };
  const parts = splitIntoParts(entries, render);
  return parts.map((chunk, i) => ({
    activity: render(chunk, parts.length > 1 ? `part ${i + 1}/${parts.length}` : null),
    storyIds: chunk.map((e) => e.id),
  }));
}

function storyElement(story: StoryListEntry): CardElement {
  const url = safeUrl(story.url);
  const meta = [
    cardText(story.sourceName, 100),
    nativeLanguageName(story.language),
    cardTime(story.publishedAt) ?? 'date unknown',
  ];
  return container(
    [
      textBlock(cardText(story.title, 300), { weight: 'Bolder', ...(url ? { color: 'Accent' } : {}) }),
      textBlock(meta.join(' · '), { isSubtle: true, size: 'Small', spacing: 'None' }),
    ],
    {
      rtl: isRightToLeft(story.language),
      separator: true,
      ...(url ? { selectAction: { type: 'Action.OpenUrl', title: 'Open', url } } : {}),
    },
  );
}
