import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { storyAnchors } from '../src/editions/story-anchors.js';
import { contentHash } from '../src/feeds/content-hash.js';
import { parseFeed } from '../src/feeds/parse-feed.js';
import type { ReadSourceResult } from '../src/feeds/read-source.js';
import { decodeBody } from '../src/http/decode-body.js';
import { ingestSources } from '../src/ingest/ingest-sources.js';
import { createStore } from '../src/store/create-store.js';
import { detectLanguageFast } from '../src/text/detect-language-fast.js';
import { languageModel } from '../src/text/language-model.js';
import { silentLogger } from '../src/util/create-logger.js';
import { groupBy } from '../src/util/group-by.js';
import { moduleWorker } from '../src/util/module-worker.js';
import type { Corpus } from './feed-corpus.js';
import { memoryFeeds, readEverySource } from './memory-feeds.js';

/**
 * The ingest benchmark's floor (bench/ingest-throughput.ts starts it), on the same corpus, warm, on one thread:
 * - each stage of the per-item work that an ingest cannot skip, timed alone (decode, parse, language, hash, anchors,
 *   the SQLite writes of the same rows): where the reading CPU goes;
 * - the two halves of the pipeline, timed whole: reading every source from memory (readSource: the stages above plus
 *   canonical URLs, figures, dates and the item records), and storing what was read (ingestSources given the read
 *   results: dedupe lookups, grouping, the edition index and the SQLite writes through the store).
 * The halves' sum is the CPU the whole ingest needs once warm, without garbage of a cold run or messages between
 * threads; storing runs one source at a time in source order (grouping depends on that order), so it alone bounds the
 * rate too. Prints one JSON line of milliseconds.
 */
const [corpusFile] = process.argv.slice(2);
if (!corpusFile) throw new Error('usage: ingest-floor-child.ts CORPUS_JSON (the Corpus the throughput row served)');
const corpus = JSON.parse(await readFile(corpusFile, 'utf8')) as Corpus;
const bytes = corpus.feeds.map((f) => Buffer.from(f.body));

/**
 * The fastest of three runs after a warm-up run (the JIT has compiled the stage; the machine's noise is least).
 * `measure(run)` does one run (run 0 is the warm-up) and returns the milliseconds it measured.
 */
async function fastest(measure: (run: number) => number | Promise<number>): Promise<number> {
  await measure(0);
  let best = Number.POSITIVE_INFINITY;
  for (let run = 1; run <= 3; run++) best = Math.min(best, await measure(run));
  return best;
}

/** A stage that does all its work between the start and the end of the timing. */
function time(stage: () => void): Promise<number> {
  return fastest(() => {
    const started = performance.now();
    stage();
    return performance.now() - started;
  });
}

const modelStarted = performance.now();
languageModel();
const modelLoad = performance.now() - modelStarted;

const decoded = corpus.feeds.map((f, i) => decodeBody(bytes[i] as Buffer, f.contentType).text);
const parsed = corpus.feeds.map((f, i) => parseFeed(decoded[i] as string, { type: f.type }));
const items = parsed.flatMap((p) => p.items);
const texts = items.map((item) => ({ title: item.title, text: item.body || item.teaser || item.title }));
// Detected where the source declares no language, as read-source.ts does.
const undeclared = parsed.flatMap((p, i) => (corpus.feeds[i]?.declared ? [] : p.items));

const feeds = memoryFeeds(corpus);
const { sources } = feeds;
const dir = await mkdtemp(join(tmpdir(), 'mnb-bench-floor-'));

const ms = {
  decode: await time(() => {
    for (const [i, f] of corpus.feeds.entries()) decodeBody(bytes[i] as Buffer, f.contentType);
  }),
  parse: await time(() => {
    for (const [i, f] of corpus.feeds.entries()) parseFeed(decoded[i] as string, { type: f.type });
  }),
  language: await time(() => {
    for (const item of undeclared)
      detectLanguageFast(`${item.title}\n${item.body || item.teaser || item.title}`, { hint: item.declaredLanguage });
  }),
  modelLoad,
  hash: await time(() => {
    for (const t of texts) contentHash(t.title, t.text);
  }),
  anchors: await time(() => {
    for (const t of texts) storyAnchors(`${t.title}\n${t.text}`);
  }),
  sqliteWrites: 0,
  readAll: 0,
  storeAll: 0,
  bothAtOnce: 0,
};
try {
  const results = new Map<string, ReadSourceResult>();
  ms.readAll = await fastest(() => readEverySource(feeds, results));
  ms.storeAll = await fastest((run) => storeAll(results, `store-${run}.db`));
  ms.sqliteWrites = await sqliteWrites();
  ms.bothAtOnce = await bothAtOnce(results);
} finally {
  await rm(dir, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify({ ms, items: corpus.items, detected: undeclared.length })}\n`);

/**
 * Storing half: the read results stored into a fresh SQLite file, timed from the first source to the last write as
 * the measured run is (opening the store and its final checkpoint at close are outside), and checked against the new
 * items the measured run must report. `onStart` is called just before the timing starts. Resolves with the
 * milliseconds.
 */
async function storeAll(results: Map<string, ReadSourceResult>, file: string, onStart?: () => void): Promise<number> {
  const store = await createStore(`sqlite:${join(dir, file)}`);
  try {
    onStart?.();
    const started = performance.now();
    const reports = await ingestSources(
      {
        store,
        log: silentLogger(),
        readSource: async (source) => {
          const result = results.get(source.id);
          if (!result) throw new Error(`source ${source.id} was not read`);
          return result;
        },
      },
      sources,
    );
    const elapsed = performance.now() - started;
    const stored = reports.reduce((n, r) => n + r.new, 0);
    if (stored !== corpus.expected.new)
      throw new Error(`storing half stored ${stored} new items, not ${corpus.expected.new}`);
    return elapsed;
  } finally {
    await store.close();
  }
}

/**
 * Both halves at once, warm: a worker thread reads every source from memory while this thread stores (as the
 * measured run's two threads do, without HTTP, messages between them or a cold start). The time from the start
 * until both are done (times since the epoch, which both threads share), fastest of three rounds after a warm-up.
 */
async function bothAtOnce(results: Map<string, ReadSourceResult>): Promise<number> {
  const reader = moduleWorker(import.meta.url, 'ingest-floor-reader', { workerData: { corpusFile } });
  if (!reader) throw new Error('bench/ingest-floor-reader is missing');
  const now = () => performance.timeOrigin + performance.now();
  try {
    await nextMessage(reader);
    return await fastest(async (run) => {
      let started = 0;
      const read = nextMessage(reader) as Promise<{ endedAt: number }>;
      const storing = await storeAll(results, `both-${run}.db`, () => {
        started = now();
        reader.postMessage('read');
      });
      const { endedAt } = await read;
      return Math.max(storing, endedAt - started);
    });
  } finally {
    await reader.terminate();
  }
}

function nextMessage(worker: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) => reject(error instanceof Error ? error : new Error(`reader exited (${error})`));
    worker.once('error', fail).once('exit', fail);
    worker.once('message', (message) => {
      worker.off('error', fail).off('exit', fail);
      resolve(message);
    });
  });
}

/**
 * The rows the storing half wrote (read back from its warm-up's file), inserted again into an empty database of the same schema
 * and settings with prepared statements, one transaction per source, then a checkpoint: what storing costs without
 * Kysely, grouping or lookups.
 */
async function sqliteWrites(): Promise<number> {
  const empty = await createStore(`sqlite:${join(dir, 'empty.db')}`);
  await empty.close();

  const rows = new Database(join(dir, 'store-0.db'), { readonly: true });
  const stories = rows.prepare('select * from stories order by rowid').all() as Array<Record<string, unknown>>;
  const editions = rows.prepare('select * from editions order by rowid').all() as Array<Record<string, unknown>>;
  rows.close();
  const storyOf = new Map(stories.map((s) => [s.primary_edition_id, s]));
  const bySource = groupBy(editions, (e) => String(e.source_id));

  const db = new Database(join(dir, 'empty.db'));
  for (const pragma of ['journal_mode = WAL', 'synchronous = NORMAL', 'wal_autocheckpoint = 10000']) db.pragma(pragma);
  const insert = (table: string, columns: string[]) => {
    const statement = db.prepare(
      `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`,
    );
    return (row: Record<string, unknown>) => statement.run(columns.map((c) => row[c]));
  };
  const insertStory = insert('stories', Object.keys(stories[0] ?? {}));
  const insertEdition = insert('editions', Object.keys(editions[0] ?? {}));
  const started = performance.now();
  for (const list of bySource.values()) {
    db.transaction(() => {
      for (const edition of list) {
        const story = storyOf.get(edition.id);
        if (story) insertStory(story);
        insertEdition(edition);
      }
    })();
  }
  db.pragma('wal_checkpoint(PASSIVE)');
  const elapsed = performance.now() - started;
  db.close();
  return elapsed;
}
