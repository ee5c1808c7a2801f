import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Story } from '../src/domain/types.js';

// From the sources, next to this file; from the transpiled copy run by child processes, in their working directory (the repository).
const ARTICLES =
  [
    join(dirname(fileURLToPath(import.meta.url)), '..', 'tests', 'fixtures', 'articles'),
    join(process.cwd(), 'tests', 'fixtures', 'articles'),
  ].find((dir) => existsSync(dir)) ?? '';

/**
 * `count` distinct recent stories (published within the last hours, so `latest` and scheduled digests take them),
 * each one edition of a real fixture article (English, Arabic, French, Persian), with its own id and content hash.
 */
export function recentStories(count: number, prefix = 'bench'): Story[] {
  const articles = readdirSync(ARTICLES)
    .sort()
    .map(
      (file) =>
        JSON.parse(readFileSync(join(ARTICLES, file), 'utf8')) as {
          id: string;
          lang: string;
          title: string;
          text: string;
          url: string | null;
        },
    );
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => {
    const a = articles[i % articles.length] as (typeof articles)[number];
    const id = `${prefix}-${i}`;
    const at = new Date(now - (i + 1) * 60_000).toISOString();
    const edition = {
      id: `${id}-e`,
      storyId: id,
      sourceId: a.lang === 'ar' ? 'iom-ar' : 'iom-en',
      url: `${a.url ?? `https://example.org/${a.id}`}${a.url?.includes('?') ? '&' : '?'}bench=${i}`,
      guid: null,
      language: a.lang,
      title: i < articles.length ? a.title : `${a.title} (${Math.floor(i / articles.length) + 1})`,
      text: a.text,
      publishedAt: at,
      contentHash: `${id}-hash`,
      firstSeenAt: at,
      updatedAt: at,
      version: 1,
    };
    return { id, primaryEditionId: edition.id, firstSeenAt: at, updatedAt: at, publishedAt: at, editions: [edition] };
  });
}
