import type { Edition, Story } from '../domain/types.js';

/** The story's edition in `language` if it has one, else its primary edition: what a reader of that language is shown. */
export function editionForLanguage(story: Story, language: string): Edition | undefined {
  return (
    story.editions.find((e) => e.language === language) ??
    story.editions.find((e) => e.id === story.primaryEditionId) ??
    story.editions[0]
  );
}
