import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SourceConfig } from '../src/domain/types.js';
import { storyAnchors } from '../src/editions/story-anchors.js';
import { contentHash } from '../src/feeds/content-hash.js';
import { parseFeed } from '../src/feeds/parse-feed.js';
import { readSource } from '../src/feeds/read-source.js';
import type { FetchUrlResult } from '../src/http/fetch-url.js';
import { decodeBody } from '../src/http/decode-body.js';
import { ingestSources } from '../src/ingest/ingest-sources.js';
import { createStore } from '../src/store/create-store.js';
import { detectLanguageFast } from '../src/text/detect-language-fast.js';
import { languageModel } from '../src/text/language-model.js';
import { silentLogger } from '../src/util/create-logger.js';
import { groupBy } from '../src/util/group-by.js';
import type { Corpus } from './feed-corpus.js';

/**
 * The ingest benchmark's floor (bench/ingest-throughput.ts starts it): each stage of the per-item work that an ingest
 * cannot skip, timed alone, warm, on one thread, on the same corpus. Their sum is a lower bound of the CPU a whole
 * ingest needs with today's parser, detector, anchor reader and schema, before grouping, dedupe lookups, messages
 * between threads and garbage of a real run. Prints one JSON line of milliseconds per stage.
 */
const [corpusFile] = process.argv.slice(2);
if (!corpusFile) throw new Error('usage: ingest-floor-child.ts CORPUS_JSON (the Corpus the throughput row served)');
const corpus = JSON.parse(await readFile(corpusFile, 'utf8')) as Corpus;
const bytes = corpus.feeds.map((f) => Buffer.from(f.body));

/** The fastest of three runs after a warm-up run (the JIT has compiled the stage; the machine's noise is least). */
function time(stage: () => void): number {
  stage();
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    stage();
    best = Math.min(best, performance.now() - started);
  }
  return best;
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

const ms = {
  decode: time(() => {
    for (const [i, f] of corpus.feeds.entries()) decodeBody(bytes[i] as Buffer, f.contentType);
  }),
  parse: time(() => {
    for (const [i, f] of corpus.feeds.entries()) parseFeed(decoded[i] as string, { type: f.type });
  }),
  language: time(() => {
    for (const item of undeclared)
      detectLanguageFast(`${item.title}\n${item.body || item.teaser || item.title}`, { hint: item.declaredLanguage });
  }),
  modelLoad,
  hash: time(() => {
    for (const t of texts) contentHash(t.title, t.text);
  }),
  anchors: time(() => {
    for (const t of texts) storyAnchors(`${t.title}\n${t.text}`);
  }),
  sqliteWrites: await sqliteWrites(),
};
process.stdout.write(`${JSON.stringify({ ms, items: corpus.items, detected: undeclared.length })}\n`);

/**
 * The rows a real ingest of the corpus writes (read back from a first ingest, fed from memory), inserted again into an
 * empty database of the same schema and settings with prepared statements, one transaction per source, then a
 * checkpoint: what storing costs without Kysely, grouping or lookups.
 */
async function sqliteWrites(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'mnb-bench-floor-'));
  try {
    const sources: SourceConfig[] = corpus.feeds.map((f) => ({
      id: f.id,
      name: f.name,
      url: `https://${f.id}.example/feed`,
      type: f.type,
      fullText: 'never',
      allowPrivateAddress: false,
      ...(f.declared ? { language: f.language } : {}),
    }));
    const bodies = new Map(sources.map((s, i) => [s.url, decoded[i] as string]));
    const fetchUrl = async (url: string): Promise<FetchUrlResult> => ({
      url,
      status: 200,
      notModified: false,
      text: bodies.get(url) ?? '',
      contentType: null,
      charset: 'utf-8',
      etag: null,
      lastModified: null,
      bytes: 0,
    });
    const first = await createStore(`sqlite:${join(dir, 'first.db')}`);
    await ingestSources(
      { store: first, log: silentLogger(), readSource: (s, p) => readSource(s, p, { fetchUrl }) },
      sources,
    );
    await first.close();
    const empty = await createStore(`sqlite:${join(dir, 'empty.db')}`);
    await empty.close();

    const rows = new Database(join(dir, 'first.db'), { readonly: true });
    const stories = rows.prepare('select * from stories order by rowid').all() as Array<Record<string, unknown>>;
    const editions = rows.prepare('select * from editions order by rowid').all() as Array<Record<string, unknown>>;
    rows.close();
    const storyOf = new Map(stories.map((s) => [s.primary_edition_id, s]));
    const bySource = groupBy(editions, (e) => String(e.source_id));

    const db = new Database(join(dir, 'empty.db'));
    for (const pragma of ['journal_mode = WAL', 'synchronous = NORMAL', 'wal_autocheckpoint = 10000'])
      db.pragma(pragma);
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
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
