import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../src/domain/types.js';
import { ingestSources } from '../../src/ingest/ingest-sources.js';
import type { Store } from '../../src/ports/store.js';
import { createStore } from '../../src/store/create-store.js';
import { createCaptureLogger } from '../helpers/capture-logger.js';
import { ROOT } from './run-cli.js';

const CORPUS = join(ROOT, 'tests/fixtures/feeds-corpus');

function corpusFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return corpusFiles(path);
    return name.endsWith('.md') ? [] : [path];
  });
}

describe('ingest over the third-party feed-parser corpus', () => {
  let store: Store;
  beforeAll(async () => {
    store = await createStore('sqlite::memory:');
  });
  afterAll(async () => store.close());

  it('gives every file items or a clear per-source error, and never throws', async () => {
    const files = corpusFiles(CORPUS);
    expect(files.length).toBeGreaterThan(400);
    const sources: SourceConfig[] = files.map((file, i) => ({
      id: `corpus-${i}`,
      name: relative(CORPUS, file),
      url: `file://${file}`,
      fullText: 'never',
      allowPrivateAddress: false,
    }));
    const { log, lines } = createCaptureLogger('warn');
    const reports = await ingestSources({ store, log }, sources);
    expect(reports).toHaveLength(files.length);
    const failed = reports.filter((r) => r.status === 'failed');
    for (const r of failed) expect(r.error).toMatch(/^[A-Z_]+: .{5,}/);
    const withItems = reports.filter((r) => r.status === 'ok' && r.new + r.duplicate + r.updated > 0);
    // Items with no title, text or link (parser test inputs with only an author or a category) are left out, saying so.
    const leftOut = new Set(
      lines.filter((l) => l.msg === 'feed items with no title, text or link left out').map((l) => l.source),
    );
    // Most of the corpus is valid feeds; the rest must fail with a coded message, never silently.
    expect(withItems.length + leftOut.size).toBeGreaterThan(files.length / 2);
    // A feed that parsed with nothing new must really have no items (no silently dropped entries), or have said so.
    const empty = reports.filter(
      (r) => r.status !== 'failed' && r.new + r.duplicate + r.updated === 0 && !leftOut.has(r.sourceId),
    );
    for (const r of empty) {
      const file = files[Number(r.sourceId.slice('corpus-'.length))] as string;
      expect(readFileSync(file, 'latin1'), file).not.toMatch(/<item[\s>]|<entry[\s>]|"items"\s*:\s*\[\s*\{/);
    }
    const states = await store.sources.list();
    expect(states.filter((s) => s.lastStatus === 'failed').length).toBe(failed.length);
    console.info(
      `corpus: ${files.length} files, ${withItems.length} with items, ${failed.length} clear errors, ${reports.length - withItems.length - failed.length} empty`,
    );
  });
});
