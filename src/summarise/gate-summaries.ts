import type { LanguageCode, LanguageText, Story } from '../domain/types.js';
import { checkFaithfulness, type UnsupportedToken } from './check-faithfulness.js';
import type { ReferenceText } from './source-figures.js';

/**
 * Runs the faithfulness gate on every language of a story's summary. References are the text of every
 * edition; a translated language may also rely on a summary that was written from a source edition and
 * passed the gate itself (names spelled in the other script, e.g. Bodrum / بودروم, only match that way).
 */
export function gateSummaries(
  story: Story,
  text: Record<LanguageCode, LanguageText | null>,
): Record<LanguageCode, UnsupportedToken[]> {
  // One reference per edition (title and body only: metadata such as publishedAt never supports a figure).
  const editions: ReferenceText[] = story.editions.map((e) => ({
    text: `${e.title}\n${e.text}`,
    language: e.language,
  }));
  const result: Record<LanguageCode, UnsupportedToken[]> = {};
  const trusted: ReferenceText[] = [];
  const entries = Object.entries(text);
  for (const [language, t] of entries) {
    if (t?.origin !== 'source') continue;
    result[language] = checkFaithfulness(`${t.title}\n${t.summary}`, editions, { language });
    if (result[language].length === 0) trusted.push({ text: `${t.title}\n${t.summary}`, language });
  }
  for (const [language, t] of entries) {
    if (!t || t.origin === 'source') continue;
    result[language] = checkFaithfulness(`${t.title}\n${t.summary}`, [...editions, ...trusted], { language });
  }
  return result;
}
