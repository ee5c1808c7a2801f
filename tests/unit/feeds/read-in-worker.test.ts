import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../../src/domain/types.js';
import { startWorkerReader } from '../../../src/feeds/read-in-worker.js';
import { readSource } from '../../../src/feeds/read-source.js';
import { feedFile, feedNames } from '../../helpers/ingest-fixtures.js';

const source = (name: string, overrides: Partial<SourceConfig> = {}): SourceConfig => ({
  id: name.replace(/\.xml$/, ''),
  name,
  url: pathToFileURL(feedFile(name)).href,
  fullText: 'never',
  allowPrivateAddress: false,
  ...overrides,
});

describe('reading sources in a worker thread', () => {
  it('gives exactly what reading in this thread gives, and the same coded errors', async () => {
    const worker = await startWorkerReader();
    expect(worker).not.toBeNull();
    try {
      for (const name of feedNames) {
        expect(await worker?.readSource(source(name), null)).toEqual(await readSource(source(name), null));
      }
      const missing = source('missing.xml');
      const failure = (read: Promise<unknown> | undefined) =>
        (read ?? Promise.resolve()).then(
          () => null,
          (e: Error & { code?: string }) => ({ code: e.code, message: e.message }),
        );
      const here = await failure(readSource(missing, null));
      expect(here?.code).toBe('FEED_NOT_FOUND');
      expect(await failure(worker?.readSource(missing, null))).toEqual(here);
    } finally {
      await worker?.close();
    }
  }, 30_000);
});
