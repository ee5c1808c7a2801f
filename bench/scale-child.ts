import { runSubscription } from '../src/schedule/run-subscription.js';
import { recentStories } from './bench-stories.js';
import { startInProcessBot, subscribeChannels } from './in-process-bot.js';

/**
 * The scale benchmark's measured process (bench/scale-channels.ts starts it, with the fakes in its own process):
 * the bot of `serve` with CHANNELS Slack subscriptions to one slot and STORIES new stories; runs that slot for every
 * subscription at once, as the scheduler does, and prints one JSON line: time, outcomes, peak RSS.
 */
const channels = Number(process.env.BENCH_CHANNELS);
const stories = Number(process.env.BENCH_STORIES);
const env = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => !k.startsWith('BENCH_') && /^[A-Z_]+$/.test(k) && !['PATH', 'HOME'].includes(k),
  ),
) as Record<string, string>;
const bot = await startInProcessBot(
  {
    DATABASE_URL: env.DATABASE_URL as string,
    SOURCES_FILE: env.SOURCES_FILE as string,
    SLACK_BOT_TOKEN: env.SLACK_BOT_TOKEN as string,
    SLACK_SIGNING_SECRET: 'bench-signing-secret',
    SLACK_API_URL: env.SLACK_API_URL as string,
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: env.OPENAI_BASE_URL as string,
    OPENAI_MODEL: 'fake-model',
    DIGEST_MAX_ITEMS: String(stories),
  },
  recentStories(stories, 'scale'),
);
const subs = await subscribeChannels(
  bot.core,
  Array.from({ length: channels }, (_, i) => `CSCALE${String(i).padStart(4, '0')}`),
  ['en', 'ar'],
);
const baselineRssKb = Math.round(process.memoryUsage().rss / 1024);
const peak = { heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0, rss: 0 };
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  for (const key of Object.keys(peak) as Array<keyof typeof peak>) peak[key] = Math.max(peak[key], m[key]);
}, 100);
// BENCH_HEAP_SNAPSHOT=file.heapsnapshot writes one heap snapshot 15 s into the slot (where the memory goes).
if (process.env.BENCH_HEAP_SNAPSHOT) {
  const file = process.env.BENCH_HEAP_SNAPSHOT;
  setTimeout(() => void import('node:v8').then((v8) => v8.writeHeapSnapshot(file)), 15_000).unref();
}
const cpuBefore = process.cpuUsage();
const started = performance.now();
const slot = new Date();
const outcomes = await Promise.all(subs.map((sub) => runSubscription(bot.bot.deps, sub, slot)));
// A delivery that failed (a timeout on an overloaded machine) is retried by the next run, as in `serve` (SPEC 8).
const failedFirst = outcomes.filter((o) => o.status === 'failed').length;
for (const [i, outcome] of outcomes.entries()) {
  const sub = subs[i];
  if (outcome.status === 'failed' && sub) outcomes[i] = await runSubscription(bot.bot.deps, sub, slot);
}
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
clearInterval(sampler);
await bot.stop();
const statuses: Record<string, number> = {};
for (const o of outcomes) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
process.stdout.write(
  `${JSON.stringify({ failedFirst, ms, cpuMs: (cpu.user + cpu.system) / 1000, statuses, baselineRssKb, maxRssKb: process.resourceUsage().maxRSS, peakMb: Object.fromEntries(Object.entries(peak).map(([k, v]) => [k, Math.round(v / 1e6)])) })}\n`,
);
