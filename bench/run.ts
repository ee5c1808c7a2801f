import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { type BenchRow, failedRow } from './bench-row.js';
import { benchCrossLanguageQa } from './cross-language-qa.js';
import { benchFigureGate } from './figure-gate.js';
import { benchGrouping } from './grouping-precision.js';
import { benchIngest } from './ingest-throughput.js';
import { benchLlmCalls } from './llm-calls.js';
import { benchOfflineSummarise } from './offline-summarise.js';
import { benchOnDemandDigest } from './on-demand-digest.js';
import { benchPromptTokens } from './prompt-tokens.js';
import { benchScaleChannels } from './scale-channels.js';
import { benchServeIdleMemory } from './serve-idle-memory.js';
import { benchSlackDelivery } from './slack-delivery.js';
import { benchSlashAckLatency } from './slash-ack-latency.js';
import { benchStoreGrowth } from './store-growth.js';
import { benchSubscribeModalLatency } from './subscribe-modal-latency.js';

/**
 * `npm run bench`: every benchmark of SPEC 9, on loopback, one after the other (they would disturb each other), then
 * one table with the machine's details. Exits 1 when a target is missed. Not part of `npm test`: timings depend on
 * the machine and on what else runs on it (the load average is printed for that reason).
 */
const BENCHMARKS: Array<{ name: string; target: string; run: () => Promise<BenchRow[]> }> = [
  {
    name: 'ingest + dedupe throughput (20,000 items, 40 feeds)',
    target: '>= 10,000 items/s, peak < 300 MB',
    run: benchIngest,
  },
  { name: 'offline summarise', target: '>= 200 articles/s', run: benchOfflineSummarise },
  { name: 'slash command ack latency', target: 'p99 < 300 ms', run: benchSlashAckLatency },
  { name: 'LLM calls, 20 subscriptions x 30 stories', target: 'exactly 30; 0 on a second run', run: benchLlmCalls },
  {
    name: 'digest delivery to 100 Slack channels',
    target: 'every channel exactly its digest; none before Retry-After',
    run: benchSlackDelivery,
  },
  { name: 'idle `serve` resident memory', target: '< 150 MB', run: benchServeIdleMemory },
  {
    name: 'cross-language Q&A (held-out retrieval, translation calls)',
    target: '>= 90% / >= 75%; 1 translation then 0',
    run: benchCrossLanguageQa,
  },
  { name: 'figure gate: corruption caught / faithful flagged', target: '100% / <= 2%', run: benchFigureGate },
  {
    name: 'store growth, 30 days x 200 sources x 50 items/day, retention on',
    target: 'size reported, bounded',
    run: benchStoreGrowth,
  },
  { name: 'grouping: false merges / recall', target: '0 false merges; recall reported', run: benchGrouping },
  { name: 'subscribe modal opened (views.open)', target: 'p99 < 1,000 ms', run: benchSubscribeModalLatency },
  { name: 'on-demand digest (10 new stories, LLM 5 s per call)', target: '<= 11 s', run: benchOnDemandDigest },
  { name: 'prompt tokens per summarised story', target: 'median <= 1,800, p95 <= 3,500', run: benchPromptTokens },
  {
    name: 'scale: 1,000 channels on one slot',
    target: 'every channel exactly its digest; LLM calls = new stories; peak RSS < 400 MB',
    run: benchScaleChannels,
  },
];

/** Names given on the command line (substrings) run only those benchmarks: `npm run bench -- ingest`. */
const only = process.argv.slice(2).map((a) => a.toLowerCase());
const selected = BENCHMARKS.filter((b) => only.length === 0 || only.some((o) => b.name.toLowerCase().includes(o)));

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const loadBefore = load();
const rows: BenchRow[] = [];
const started = performance.now();
for (const benchmark of selected) {
  process.stderr.write(`bench: ${benchmark.name}...\n`);
  const t = performance.now();
  try {
    rows.push(...(await benchmark.run()));
  } catch (error) {
    rows.push(failedRow(benchmark.name, benchmark.target, error));
  }
  process.stderr.write(`bench: ${benchmark.name} done in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
}

const cpu = cpus();
const machine = [
  `CPU: ${cpu[0]?.model.trim() ?? 'unknown'}, ${cpu.length} cores`,
  `Node ${process.version} (${process.platform}/${process.arch})`,
  `memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB total, ${(freemem() / 2 ** 30).toFixed(1)} GiB free`,
  `load average (1/5/15 min): ${loadBefore} before, ${load()} after (other work on the machine slows the timings)`,
];

const header = ['benchmark', 'measured', 'target', 'result'];
const table = rows.map((r) => [r.benchmark, r.measured, r.target, r.pass ? 'PASS' : 'FAIL']);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] ?? '').length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
const out = [
  'migration-news-bot benchmarks (SPEC 9)',
  ...machine.map((m) => `  ${m}`),
  '',
  line(header),
  `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
  ...table.map(line),
  '',
  ...rows.flatMap((r) => r.notes.map((n) => `- ${n}`)),
  '',
  `${rows.filter((r) => r.pass).length}/${rows.length} targets met in ${((performance.now() - started) / 1000).toFixed(0)} s`,
];
process.stdout.write(`${out.join('\n')}\n`);
process.exitCode = rows.every((r) => r.pass) && rows.length > 0 ? 0 : 1;
