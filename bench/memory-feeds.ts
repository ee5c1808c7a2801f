import type { SourceConfig } from '../src/domain/types.js';
import { type ReadSourceResult, readSource } from '../src/feeds/read-source.js';
import { decodeBody } from '../src/http/decode-body.js';
import type { FetchUrlResult } from '../src/http/fetch-url.js';
import type { Corpus } from './feed-corpus.js';

/** The corpus's feeds as sources whose fetches are answered from memory (the ingest floor: no HTTP, no server). */
export function memoryFeeds(corpus: Corpus): {
  sources: SourceConfig[];
  fetchUrl: (url: string) => Promise<FetchUrlResult>;
} {
  const sources: SourceConfig[] = corpus.feeds.map((f) => ({
    id: f.id,
    name: f.name,
    url: `https://${f.id}.example/feed`,
    type: f.type,
    fullText: 'never',
    allowPrivateAddress: false,
    ...(f.declared ? { language: f.language } : {}),
  }));
  const bodies = new Map(
    corpus.feeds.map((f, i) => [sources[i]?.url, { bytes: Buffer.from(f.body), contentType: f.contentType }]),
  );
  // The body is decoded here, as fetchUrl does after the network.
  const fetchUrl = async (url: string): Promise<FetchUrlResult> => {
    const body = bodies.get(url);
    if (!body) throw new Error(`no feed at ${url}`);
    const { text, charset } = decodeBody(body.bytes, body.contentType);
    return {
      url,
      status: 200,
      notModified: false,
      text,
      contentType: body.contentType,
      charset,
      etag: null,
      lastModified: null,
      bytes: body.bytes.length,
    };
  };
  return { sources, fetchUrl };
}

/** Every source read from memory, one after the other, as the reading worker does; resolves with the milliseconds. */
export async function readEverySource(
  { sources, fetchUrl }: ReturnType<typeof memoryFeeds>,
  results = new Map<string, ReadSourceResult>(),
): Promise<number> {
  const previous = { etag: null, lastModified: null, knownHashes: [] };
  const started = performance.now();
  for (const source of sources) results.set(source.id, await readSource(source, previous, { fetchUrl }));
  return performance.now() - started;
}
