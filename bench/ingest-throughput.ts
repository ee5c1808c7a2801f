import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFeedServer } from '../tests/fakes/feed-server.js';
import type { BenchRow } from './bench-row.js';
import { benchRuntime } from './build-runtime.js';
import { buildCorpus, INGEST_CORPUS } from './feed-corpus.js';
import { runTsChild } from './run-child.js';

const TARGET_ITEMS_PER_S = 10_000;
const TARGET_PEAK_MB = 300;

interface FloorResult {
  ms: Record<
    | 'decode'
    | 'parse'
    | 'language'
    | 'modelLoad'
    | 'hash'
    | 'anchors'
    | 'sqliteWrites'
    | 'readAll'
    | 'storeAll'
    | 'bothAtOnce',
    number
  >;
  items: number;
  detected: number;
}

interface ChildResult {
  ms: number;
  cpuMs: number;
  new: number;
  duplicate: number;
  updated: number;
  failed: string[];
  stories: number;
  baselineRssKb: number;
  maxRssKb: number;
  peakMb: Record<string, number>;
}

/**
 * SPEC 9 row 1: 20,000 items from 40 feeds served over loopback HTTP, ingested (fetch, parse, canonicalise, detect
 * language, hash, dedupe, store) into a fresh SQLite file by a child process whose peak RSS is the memory figure.
 */
export async function benchIngest(): Promise<BenchRow[]> {
  const corpus = buildCorpus(INGEST_CORPUS);
  const server = await startFeedServer(
    Object.fromEntries(corpus.feeds.map((f) => [f.path, { body: f.body, contentType: f.contentType }])),
  );
  const dir = await mkdtemp(join(tmpdir(), 'mnb-bench-ingest-'));
  try {
    const sourcesFile = join(dir, 'sources.json');
    await writeFile(
      sourcesFile,
      JSON.stringify({
        sources: corpus.feeds.map((f) => ({
          id: f.id,
          name: f.name,
          url: server.url(f.path),
          ...(f.declared ? { language: f.language } : {}),
          type: f.type,
          fullText: 'never',
        })),
      }),
    );
    const result = await runTsChild<ChildResult>('ingest-child.ts', [sourcesFile, join(dir, 'bench.db')], {
      timeoutMs: 180_000,
    });
    // The floor: the same work's stages alone, in a process of their own after the measured one (they would disturb it).
    const corpusFile = join(dir, 'corpus.json');
    await writeFile(corpusFile, JSON.stringify(corpus));
    const floor = await runTsChild<FloorResult>('ingest-floor-child.ts', [corpusFile], { timeoutMs: 180_000 });
    const perSecond = corpus.items / (result.ms / 1000);
    const peakMb = result.maxRssKb / 1024;
    const correct =
      result.failed.length === 0 &&
      result.new === corpus.expected.new &&
      result.duplicate === corpus.expected.duplicate &&
      result.updated === 0;
    const detected = corpus.feeds.filter((f) => !f.declared).length;
    return [
      {
        benchmark: 'ingest + dedupe throughput (20,000 items, 40 feeds)',
        measured: `${Math.round(perSecond).toLocaleString('en-US')} items/s (${(result.ms / 1000).toFixed(2)} s, CPU ${(result.cpuMs / 1000).toFixed(2)} s)`,
        target: `>= ${TARGET_ITEMS_PER_S.toLocaleString('en-US')} items/s`,
        pass: perSecond >= TARGET_ITEMS_PER_S && correct,
        notes: [
          `ingest: ${corpus.feeds.length} feeds (${(corpus.bytes / 1e6).toFixed(1)} MB; RSS, Atom, JSON Feed; en/ar/fr/es/fa; ${detected} sources without a declared language) over loopback HTTP into a fresh SQLite file`,
          describeFloor(floor, result.cpuMs),
          describeHalves(floor, result.cpuMs),
          `ingest: new ${result.new} (expected ${corpus.expected.new}), duplicate ${result.duplicate} (expected ${corpus.expected.duplicate}), updated ${result.updated}, stories ${result.stories}${result.failed.length ? `, FAILED ${result.failed.join('; ')}` : ''}${correct ? '' : ' -> dedupe counts WRONG'}`,
        ],
      },
      {
        benchmark: 'ingest peak memory (RSS of the ingesting process)',
        measured: `${peakMb.toFixed(0)} MB`,
        target: `< ${TARGET_PEAK_MB} MB`,
        pass: peakMb < TARGET_PEAK_MB,
        notes: [
          `ingest memory: maxRSS of the ingesting process (${benchRuntime().describe}); ${(result.baselineRssKb / 1024).toFixed(0)} MB before ingesting (store open, modules loaded); sampled peaks (MB): ${Object.entries(
            result.peakMb,
          )
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}`,
        ],
      },
    ];
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The whole pipeline's floor: its two halves timed whole, warm, alone and then at once on two threads. Two cores could
 * at best share the halves' sum; storing runs one source at a time in source order, so it alone is a bound too; and
 * the halves run at once show what two cores of this machine really give.
 */
function describeHalves(floor: FloorResult, cpuMs: number): string {
  const { readAll, storeAll, bothAtOnce } = floor.ms;
  const total = readAll + storeAll;
  const rate = (ms: number) => Math.round(floor.items / (ms / 1000)).toLocaleString('en-US');
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return `ingest floor, whole pipeline (warm, from memory: no HTTP, no messages between threads): reading every source ${s(readAll)} + storing what was read (dedupe lookups, grouping, SQLite through the store) ${s(storeAll)} = ${s(total)} of CPU, so at best ${rate(total / 2)} items/s on 2 cores were the halves perfectly shared, and ${rate(storeAll)} items/s from storing alone (one source at a time, in order); both halves at once on 2 threads took ${s(bothAtOnce)} (${rate(bothAtOnce)} items/s, ${(total / bothAtOnce).toFixed(2)}x one thread); the measured run used ${s(cpuMs)} of CPU (${(cpuMs / total).toFixed(1)}x the halves)`;
}

/** The floor as one note: each stage's time, their sum, and the best rate two cores could reach doing only that. */
function describeFloor(floor: FloorResult, cpuMs: number): string {
  const { decode, parse, language, modelLoad, hash, anchors, sqliteWrites } = floor.ms;
  const total = decode + parse + language + modelLoad + hash + anchors + sqliteWrites;
  const best = floor.items / (total / 2 / 1000);
  const f = (n: number) => `${Math.round(n)} ms`;
  return `ingest floor (each stage alone, warm, one thread): decode ${f(decode)}, parse ${f(parse)}, language ${f(language)} (${floor.detected} items; model load ${f(modelLoad)}), content hash ${f(hash)}, grouping anchors ${f(anchors)}, SQLite writes of the same rows ${f(sqliteWrites)} = ${(total / 1000).toFixed(2)} s of CPU, so at best ${Math.round(best).toLocaleString('en-US')} items/s on 2 cores before grouping, dedupe lookups and messages between threads; the measured run used ${(cpuMs / 1000).toFixed(2)} s (${(cpuMs / total).toFixed(1)}x)`;
}
