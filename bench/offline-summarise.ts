import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summariseStories } from '../src/digest/summarise-stories.js';
import type { Edition, Story } from '../src/domain/types.js';
import { createStore } from '../src/store/create-store.js';
import { offlineSummary } from '../src/summarise/offline-summary.js';
import { silentLogger } from '../src/util/create-logger.js';
import type { BenchRow } from './bench-row.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'tests', 'fixtures');
const TARGET_PER_S = 200;
const STORIES = 1_000;
const LANGUAGES = ['en', 'ar'];

interface Article {
  id: string;
  lang: string;
  title: string;
  text: string;
  url: string;
  published: string | null;
}

/** Stories built from the real-article fixtures: the fixture pairs as two-edition stories, the rest as one edition. */
export function buildStories(count: number): Story[] {
  const articles = new Map<string, Article>();
  for (const file of readdirSync(join(FIXTURES, 'articles'))) {
    const a = JSON.parse(readFileSync(join(FIXTURES, 'articles', file), 'utf8')) as Article;
    articles.set(a.id, a);
  }
  const pairs = (JSON.parse(readFileSync(join(FIXTURES, 'pairs.json'), 'utf8')) as Array<{ members: string[] }>).map(
    (p) => p.members.flatMap((id) => (articles.has(id) ? [articles.get(id) as Article] : [])),
  );
  const groups = [...pairs.filter((g) => g.length > 1), ...[...articles.values()].map((a) => [a])];
  const now = new Date().toISOString();
  return Array.from({ length: count }, (_, i) => {
    const group = groups[i % groups.length] as Article[];
    const storyId = `bench-story-${i}`;
    const editions: Edition[] = group.map((a, k) => ({
      id: `${storyId}-${k}`,
      storyId,
      sourceId: `bench-${a.lang}`,
      url: `${a.url}#${i}`,
      guid: null,
      language: a.lang,
      title: a.title,
      text: a.text,
      publishedAt: a.published,
      // Distinct per story, so that the summary cache never answers for a repeated article.
      contentHash: `bench-${i}-${k}`,
      firstSeenAt: now,
      updatedAt: now,
      version: 1,
    }));
    return {
      id: storyId,
      primaryEditionId: `${storyId}-0`,
      firstSeenAt: now,
      updatedAt: now,
      publishedAt: now,
      editions,
    };
  });
}

/** SPEC 9 row 2: offline (extractive) bilingual summaries, through the summary cache into SQLite as a digest does. */
export async function benchOfflineSummarise(): Promise<BenchRow[]> {
  const stories = buildStories(STORIES);
  const articles = stories.reduce((n, s) => n + s.editions.length, 0);
  // Warm-up (JIT), not measured.
  for (const story of stories.slice(0, 50)) offlineSummary(story, LANGUAGES);

  let started = performance.now();
  for (const story of stories) offlineSummary(story, LANGUAGES);
  const pureMs = performance.now() - started;

  const dir = await mkdtemp(join(tmpdir(), 'mnb-bench-summarise-'));
  const store = await createStore(`sqlite:${join(dir, 'bench.db')}`);
  try {
    started = performance.now();
    const summaries = await summariseStories(
      { store, llm: null, log: silentLogger(), promptVersion: 'offline' },
      stories,
      LANGUAGES,
    );
    const ms = performance.now() - started;
    const perSecond = stories.length / (ms / 1000);
    const complete = summaries.size === stories.length;
    return [
      {
        benchmark: 'offline summarise (extractive, en+ar)',
        // Judged on stories/s, the stricter figure: a story of several articles counts once.
        measured: `${Math.round(perSecond).toLocaleString('en-US')} stories/s (${Math.round(articles / (ms / 1000)).toLocaleString('en-US')} articles/s)`,
        target: `>= ${TARGET_PER_S} articles/s`,
        pass: perSecond >= TARGET_PER_S && complete,
        notes: [
          `offline summarise: ${stories.length} stories (${articles} articles of 100-9,800 characters from the fixtures) through summariseStories with the SQLite summary cache: ${(ms / 1000).toFixed(2)} s; offlineSummary alone: ${Math.round(stories.length / (pureMs / 1000)).toLocaleString('en-US')} stories/s${complete ? '' : ` -> only ${summaries.size} summaries`}`,
        ],
      },
    ];
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
