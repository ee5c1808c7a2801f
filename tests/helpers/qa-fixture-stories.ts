import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Edition, Story } from '../../src/domain/types.js';

/** The real-article fixtures, copied from ../shared/fixtures into tests/fixtures. */
const ARTICLES_DIR = fileURLToPath(new URL('../fixtures/articles/', import.meta.url));

interface FixtureArticle {
  id: string;
  lang: string;
  title: string;
  url: string | null;
  published: string | null;
  source: string;
  text: string;
  pair_group?: string;
}

/** One Story per fixture article, editions of a cross-language pair grouped into one story. */
export function loadFixtureStories(): Story[] {
  const articles = readdirSync(ARTICLES_DIR)
    .filter((name) => name.endsWith('.json') && name !== 'index.json')
    .sort()
    .map((name) => JSON.parse(readFileSync(ARTICLES_DIR + name, 'utf8')) as FixtureArticle);
  const groups = new Map<string, FixtureArticle[]>();
  for (const article of articles) {
    const key = article.pair_group ?? article.id;
    groups.set(key, [...(groups.get(key) ?? []), article]);
  }
  return [...groups.entries()].map(([storyId, members]) => {
    const editions = members
      .sort((a, b) => (a.published ?? '9').localeCompare(b.published ?? '9'))
      .map((article) => toEdition(storyId, article));
    const primary = editions[0] as Edition;
    return {
      id: storyId,
      primaryEditionId: primary.id,
      firstSeenAt: primary.firstSeenAt,
      updatedAt: primary.updatedAt,
      publishedAt: primary.publishedAt,
      editions,
    };
  });
}

function toEdition(storyId: string, article: FixtureArticle): Edition {
  return {
    id: article.id,
    storyId,
    sourceId: sourceIdOf(article),
    url: article.url,
    guid: null,
    language: article.lang,
    title: article.title,
    text: article.text,
    publishedAt: article.published,
    contentHash: article.id,
    firstSeenAt: '2025-01-27T00:00:00Z',
    updatedAt: '2025-01-27T00:00:00Z',
    version: 1,
  };
}

function sourceIdOf(article: FixtureArticle): string {
  // "dev-en-newarab-..." -> "newarab-en"; the IOM seed -> "iom-ar".
  const publisher = article.id.startsWith('dev-') ? article.id.split('-')[2] : 'iom';
  return `${publisher}-${article.lang}`;
}
