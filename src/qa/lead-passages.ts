import type { Story } from '../domain/types.js';
import { editionForLanguage } from './edition-for-language.js';
import type { RetrievedPassage } from './retrieve-passages.js';
import { splitPassages } from './split-passages.js';

/**
 * The opening passages of a story's edition in `language` (else its primary edition), as retrieval results with no
 * score: what a reader is shown when no passage matches the question, so that a reply is never empty.
 */
export function leadPassages(
  story: Story,
  language: string,
  count: number,
  exclude: ReadonlySet<string> = new Set(),
): RetrievedPassage[] {
  const edition = editionForLanguage(story, language);
  if (!edition || count <= 0) return [];
  return splitPassages({ ...edition, storyId: story.id })
    .filter((p) => !exclude.has(`${p.editionId}:${p.index}`))
    .slice(0, count)
    .map(
      (p): RetrievedPassage => ({
        text: p.text,
        language: p.language,
        storyId: story.id,
        editionId: p.editionId,
        url: p.url,
        score: 0,
        coverage: 0,
        start: p.start,
        end: p.end,
        index: p.index,
      }),
    );
}
