import type { Edition, LanguageCode, Story } from '../domain/types.js';

/** The edition a language's text is taken from: the primary edition if it is in that language, else the longest one in it. */
export function pickEdition(story: Story, language: LanguageCode): Edition | null {
  const lang = language.toLowerCase().split('-')[0];
  const inLanguage = story.editions.filter((e) => e.language.toLowerCase().split('-')[0] === lang);
  if (inLanguage.length === 0) return null;
  const primary = inLanguage.find((e) => e.id === story.primaryEditionId);
  if (primary) return primary;
  return inLanguage.reduce((best, e) => (e.text.length > best.text.length ? e : best));
}
