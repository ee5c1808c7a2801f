import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import type { Corpus } from './feed-corpus.js';
import { memoryFeeds, readEverySource } from './memory-feeds.js';

/**
 * The ingest floor's second thread (bench/ingest-floor-child.ts starts it): reads every source of the corpus from
 * memory once to warm up, says "ready", then reads them all again each time it is told "read" and answers with when
 * it was done (milliseconds since the epoch), while the floor child stores on its own thread: both halves at once.
 */
if (!parentPort) throw new Error('ingest-floor-reader.ts runs as a worker thread');
const port = parentPort;
const corpus = JSON.parse(await readFile(String(workerData.corpusFile), 'utf8')) as Corpus;
const feeds = memoryFeeds(corpus);
await readEverySource(feeds);
port.on('message', async () => {
  await readEverySource(feeds);
  port.postMessage({ endedAt: performance.timeOrigin + performance.now() });
});
port.postMessage('ready');
