import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { SourceConfig } from '../src/domain/types.js';
import { ingestSources } from '../src/ingest/ingest-sources.js';
import { pruneStore } from '../src/schedule/prune-store.js';
import { createStore } from '../src/store/create-store.js';
import { silentLogger } from '../src/util/create-logger.js';
import { startFeedServer } from '../tests/fakes/feed-server.js';
import type { BenchRow } from './bench-row.js';

const DAYS = Number(process.env.BENCH_GROWTH_DAYS ?? 30);
const SOURCES = 200;
const ITEMS_PER_DAY = 50;
const RETENTION_DAYS = 7;
const DAY_MS = 86_400_000;
// After the retention window (and the ledger's own window) the size may move within this slack, never trend up.
const SLACK = 0.1;
const NAME = `store growth (${DAYS} simulated days, ${SOURCES} sources x ${ITEMS_PER_DAY} items/day, retention ${RETENTION_DAYS} days)`;
const TARGET = `bounded: day ${DAYS} <= ${Math.round((1 + SLACK) * 100)}% of day ${2 * RETENTION_DAYS + 1}`;

// Letters only (figures are ignored when re-publications are compared): 2,000 made-up words, so every item reads differently.
const SYLLABLES = [
  'ba',
  'ko',
  'ri',
  'tem',
  'sul',
  'na',
  'vo',
  'lis',
  'dar',
  'pe',
  'mu',
  'gan',
  'zi',
  'hol',
  'fe',
  'quo',
  'ran',
  'tis',
  'wel',
  'yu',
];
const VOCABULARY = Array.from(
  { length: 2_000 },
  (_, i) => `${SYLLABLES[i % 20]}${SYLLABLES[Math.floor(i / 20) % 20]}${SYLLABLES[Math.floor(i / 400) % 20]}`,
);

/** One feed item: its own words (content hash, re-publication check), ~700 characters like a real teaser. */
function item(source: number, day: number, n: number, start: number): string {
  const id = `s${source}-d${day}-n${n}`;
  let seed = (source * 1_000_003 + day * 10_007 + n * 101) >>> 0;
  const words = Array.from({ length: 90 }, () => {
    seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
    return VOCABULARY[seed % VOCABULARY.length];
  }).join(' ');
  const pub = new Date(start + day * DAY_MS + n * 60_000).toUTCString();
  return `<item><title>${words.slice(0, 60)}</title><link>https://news${source}.example.org/${day}/${n}?utm_source=rss</link><guid isPermaLink="false">${id}</guid><pubDate>${pub}</pubDate><description>${words}.</description></item>`;
}

/** A source's feed on one day: that day's items and one pinned item it always carries (a duplicate from day 2 on). */
function feed(source: number, day: number, start: number): string {
  const items = [
    `<item><title>About source ${source}</title><link>https://news${source}.example.org/about</link><guid isPermaLink="false">about-${source}</guid><description>Source ${source} publishes migration news every day from the field offices.</description></item>`,
  ];
  for (let n = 0; n < ITEMS_PER_DAY; n++) items.push(item(source, day, n, start));
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Source ${source}</title><link>https://news${source}.example.org/</link><description>bench</description>${items.join('')}</channel></rss>`;
}

/**
 * Issue #16 row: the SQLite store under STORE_RETENTION_DAYS. Each simulated day every source's feed is served over
 * loopback and ingested through the real ingest path (fetch, parse, dedupe against the store and the ledger, write),
 * with the clock injected, then the daily retention run prunes. The database size is read after a WAL checkpoint.
 */
export async function benchStoreGrowth(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'mnb-bench-growth-'));
  const server = await startFeedServer();
  const file = join(dir, 'growth.db');
  const store = await createStore(`sqlite:${file}`);
  const log = silentLogger();
  const start = Date.UTC(2031, 0, 1);
  const sources: SourceConfig[] = Array.from({ length: SOURCES }, (_, s) => ({
    id: `src-${s}`,
    name: `Source ${s}`,
    url: server.url(`/feed-${s}.xml`),
    language: 'en',
    type: 'rss',
    fullText: 'never',
    allowPrivateAddress: true,
  }));
  const sizes: number[] = [];
  const totals = { new: 0, duplicate: 0, updated: 0, failed: 0, ingestMs: 0, pruneMs: 0, pruned: 0, ledger: 0 };
  try {
    for (let day = 0; day < DAYS; day++) {
      for (let s = 0; s < SOURCES; s++)
        server.route(`/feed-${s}.xml`, { body: feed(s, day, start), etag: `"d${day}"` });
      const now = new Date(start + day * DAY_MS + 12 * 3_600_000);
      let t = performance.now();
      const reports = await ingestSources({ store, log, now: () => now }, sources);
      const ingestMs = performance.now() - t;
      totals.ingestMs += ingestMs;
      for (const r of reports) {
        totals.new += r.new;
        totals.duplicate += r.duplicate;
        totals.updated += r.updated;
        if (r.status === 'failed') totals.failed++;
      }
      t = performance.now();
      const pruned = await pruneStore({ store, log, retentionDays: RETENTION_DAYS, now: () => now });
      totals.pruneMs += performance.now() - t;
      totals.pruned += pruned?.stories ?? 0;
      await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(store.db);
      sizes.push((await stat(file)).size / 2 ** 20);
      process.stderr.write(
        `bench: store growth day ${day + 1}: ${sizes.at(-1)?.toFixed(1)} MB, ${await store.stories.count()} stories, ingest ${(ingestMs / 1000).toFixed(1)} s\n`,
      );
    }
    totals.ledger = await store.ledger.count();
    const stories = await store.stories.count();
    const expectedNew = SOURCES * ITEMS_PER_DAY * DAYS + SOURCES;
    const correct = totals.new === expectedNew && totals.updated === 0 && totals.failed === 0;
    const settled = sizes[Math.min(2 * RETENTION_DAYS, sizes.length - 1)] ?? 0;
    const last = sizes.at(-1) ?? 0;
    const peakAfter = Math.max(...sizes.slice(2 * RETENTION_DAYS));
    const weekly = sizes.map((mb, i) => ({ day: i + 1, mb })).filter((w) => w.day % 7 === 0 || w.day === sizes.length);
    return [
      {
        benchmark: NAME,
        measured: `${last.toFixed(1)} MB on day ${DAYS} (weekly: ${weekly.map((w) => `d${w.day} ${w.mb.toFixed(1)}`).join(', ')})`,
        target: TARGET,
        pass: correct && sizes.length > 2 * RETENTION_DAYS && peakAfter <= settled * (1 + SLACK),
        notes: [
          `store growth: real ingest path (loopback feeds, parse, dedupe, SQLite) with an injected clock, ${SOURCES} feeds a day each carrying that day's items plus one pinned item; the daily retention run (pruneStore) with STORE_RETENTION_DAYS=${RETENTION_DAYS}; size = the SQLite file after a WAL checkpoint (freed pages are reused, never returned without VACUUM)`,
          `store growth: new ${totals.new} (expected ${expectedNew}: each pinned item stored once, kept out by the ledger after its pruning), duplicate ${totals.duplicate}, updated ${totals.updated}, failed sources ${totals.failed}${correct ? '' : ' -> counts WRONG'}; ${stories} stories and ${totals.ledger} ledger keys at the end; ${totals.pruned} stories pruned`,
          `store growth: ingest ${(totals.ingestMs / 1000).toFixed(1)} s, retention runs ${(totals.pruneMs / 1000).toFixed(1)} s in all; daily sizes (MB): ${sizes.map((s) => s.toFixed(0)).join(' ')}`,
        ],
      },
    ];
  } finally {
    await store.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
