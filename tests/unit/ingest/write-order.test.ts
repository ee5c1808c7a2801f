import { afterEach, describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../../src/domain/types.js';
import { contentHash } from '../../../src/feeds/content-hash.js';
import { ingestSources } from '../../../src/ingest/ingest-sources.js';
import type { ReadItem } from '../../../src/feeds/read-source.js';
import type { Store } from '../../../src/ports/store.js';
import { createStore } from '../../../src/store/create-store.js';
import { silentLogger } from '../../../src/util/create-logger.js';
import { syntheticReports } from '../../helpers/grouping-sets.js';

const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

/** The synthetic cross-publisher reports as sources (one per publisher and language), with their read items. */
function syntheticSources(): { sources: SourceConfig[]; items: Map<string, ReadItem[]> } {
  const items = new Map<string, ReadItem[]>();
  const sources = new Map<string, SourceConfig>();
  for (const r of syntheticReports()) {
    const id = `${r.publisher}-${r.language}`.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const hash = contentHash(r.title, r.text);
    const item: ReadItem = {
      guid: r.id,
      url: r.url,
      title: r.title,
      teaser: r.text,
      body: null,
      publishedAt: r.publishedAt,
      declaredLanguage: r.language,
      alternates: [],
      canonicalUrl: r.url,
      language: r.language,
      text: r.text,
      contentHash: hash,
      textHash: hash,
      pageFailed: false,
    };
    items.set(id, [...(items.get(id) ?? []), item]);
    if (!sources.has(id))
      sources.set(id, {
        id,
        name: r.publisher,
        url: `https://${id}.example/feed`,
        fullText: 'never',
        allowPrivateAddress: false,
        language: r.language,
      });
  }
  return { sources: [...sources.values()], items };
}

/** Every stored edition with its story, after one ingest run whose reads finish after the given delays (ms per source). */
async function ingestWithDelays(delayOf: (index: number, count: number) => number): Promise<Record<string, string>> {
  const { sources, items } = syntheticSources();
  const store = await createStore('sqlite::memory:');
  stores.push(store);
  const readSource = async (source: SourceConfig) => {
    await new Promise((resolve) => setTimeout(resolve, delayOf(sources.indexOf(source), sources.length)));
    return { status: 'ok' as const, etag: null, lastModified: null, items: items.get(source.id) ?? [] };
  };
  await ingestSources({ store, log: silentLogger(), readSource, concurrency: sources.length }, sources);
  const stories = await store.stories.latest({ since: null, limit: 1000 });
  return Object.fromEntries(stories.flatMap((s) => s.editions.map((e) => [e.id, s.id])).sort());
}

describe('ingest results do not depend on the order parallel reads finish in', () => {
  it('stores the same stories (same ids, same editions) when the reads finish in reverse order', async () => {
    const inOrder = await ingestWithDelays((i) => i * 5);
    const reversed = await ingestWithDelays((i, n) => (n - i) * 5);
    // The data groups across sources: which source is written first decides the stories' ids, so the check can fail.
    expect(Object.keys(inOrder).length).toBeGreaterThan(new Set(Object.values(inOrder)).size);
    expect(reversed).toEqual(inOrder);
  });
});
