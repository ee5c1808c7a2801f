import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Edition, Story } from '../../src/domain/types.js';

export interface FixtureArticle {
  id: string;
  lang: string;
  title: string;
  url: string | null;
  published: string | null;
  text: string;
  item_type: 'full_article' | 'feed_item';
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// The project's copy of the real-article fixtures (provenance in tests/fixtures/README.md).
const dir = join(root, 'tests/fixtures/articles');

function article(id: string): FixtureArticle {
  return JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8')) as FixtureArticle;
}

function edition(a: FixtureArticle, storyId: string, overrides: Partial<Edition> = {}): Edition {
  const text = overrides.text ?? a.text;
  return {
    id: `ed-${a.id}`,
    storyId,
    sourceId: `src-${a.lang}`,
    url: a.url,
    guid: null,
    language: a.lang,
    title: a.title,
    text,
    publishedAt: a.published,
    contentHash: createHash('sha256').update(text).digest('hex'),
    firstSeenAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    version: 1,
    ...overrides,
  };
}

/** Real articles from the development fixtures, and stories built from them (first id = primary edition). */
export const fixtures = {
  ids(): string[] {
    if (!dir) throw new Error('fixture articles not found');
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -5))
      .sort();
  },
  article,
  story(ids: string[], overrides: { storyId?: string; edition?: Partial<Edition> } = {}): Story {
    const storyId = overrides.storyId ?? `story-${ids[0]}`;
    const editions = ids.map((id, i) => edition(article(id), storyId, i === 0 ? overrides.edition : {}));
    const primary = editions[0];
    if (!primary) throw new Error('a story needs at least one edition');
    return {
      id: storyId,
      primaryEditionId: primary.id,
      firstSeenAt: '2025-01-01T00:00:00Z',
      updatedAt: '2025-01-01T00:00:00Z',
      publishedAt: primary.publishedAt,
      editions,
    };
  },
};
