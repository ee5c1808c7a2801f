import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { loadSources } from '../src/config/load-sources.js';
import { ingestSources } from '../src/ingest/ingest-sources.js';
import { createStore } from '../src/store/create-store.js';
import { silentLogger } from '../src/util/create-logger.js';

/**
 * The ingest benchmark's measured process (bench/ingest-throughput.ts starts it): ingests every source of the
 * sources file once into a fresh SQLite file and prints one JSON line with the time, the counts and the peak RSS.
 */
const [sourcesFile, dbFile] = process.argv.slice(2);
if (!sourcesFile || !dbFile) throw new Error('usage: ingest-child.ts SOURCES_FILE DB_FILE');

const sources = await loadSources(sourcesFile);
const store = await createStore(`sqlite:${dbFile}`);
const baselineRssKb = Math.round(process.memoryUsage().rss / 1024);
// BENCH_CPU_PROFILE=file.cpuprofile profiles the measured part only (open it in Chrome DevTools).
const profileFile = process.env.BENCH_CPU_PROFILE;
const session = profileFile ? new Session() : null;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const peak = { heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0, rss: 0 };
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  for (const key of Object.keys(peak) as Array<keyof typeof peak>) peak[key] = Math.max(peak[key], m[key]);
}, 50);
const cpuBefore = process.cpuUsage();
const started = performance.now();
const reports = await ingestSources(
  {
    store,
    log: silentLogger(),
    ...(process.env.BENCH_CONCURRENCY ? { concurrency: Number(process.env.BENCH_CONCURRENCY) } : {}),
  },
  sources,
);
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
clearInterval(sampler);
if (session && profileFile) {
  const { profile } = await session.post('Profiler.stop');
  await writeFile(profileFile, JSON.stringify(profile));
  session.disconnect();
}
const stories = await store.stories.count();
await store.close();
const sum = (key: 'new' | 'duplicate' | 'updated') => reports.reduce((n, r) => n + r[key], 0);
process.stdout.write(
  `${JSON.stringify({
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    new: sum('new'),
    duplicate: sum('duplicate'),
    updated: sum('updated'),
    failed: reports.filter((r) => r.status === 'failed').map((r) => `${r.sourceId}: ${r.error}`),
    stories,
    baselineRssKb,
    maxRssKb: process.resourceUsage().maxRSS,
    peakMb: Object.fromEntries(Object.entries(peak).map(([k, v]) => [k, Math.round(v / 1e6)])),
  })}\n`,
);
