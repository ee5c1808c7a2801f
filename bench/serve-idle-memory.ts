import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startFakeOpenAi } from '../tests/fakes/fake-openai.js';
import { startFakeSlackApi } from '../tests/fakes/fake-slack-api.js';
import type { BenchRow } from './bench-row.js';
import { sampleSources, serveEnv } from './serve-env.js';
import { type ServeChild, startServe } from './serve-process.js';

const TARGET_MB = 150;

/** How long `serve` is left alone before its RSS is read: V8 shrinks an idle heap after ~10-15 s (its memory reducer). */
const IDLE_MS = 30_000;

/** RSS right after start-up and after IDLE_MS without requests (sampled every 500 ms; the last sample counts). */
async function idleRss(serve: ServeChild): Promise<{ first: number; idle: number }> {
  const first = serve.rssMb();
  const until = Date.now() + IDLE_MS;
  let idle = first;
  while (Date.now() < until) {
    await sleep(500);
    idle = serve.rssMb();
  }
  return { first, idle };
}

/**
 * SPEC 9 row 6: resident memory of the real `serve` (Slack over HTTP, Teams, LLM configured, against loopback fakes)
 * once started and idle; and, for information, idle again after one ingest poll of the sample feeds.
 */
export async function benchServeIdleMemory(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'mnb-bench-idle-'));
  const slack = await startFakeSlackApi();
  const openai = await startFakeOpenAi();
  const feeds = await sampleSources(dir);
  let serve: ServeChild | null = null;
  try {
    serve = await startServe(serveEnv({ dir, sourcesFile: feeds.sourcesFile, slack, openai }));
    await serve.waitForLog((l) => l.msg === 'scheduler started', 'the scheduler', 30_000);
    const { first, idle } = await idleRss(serve);
    const runtime = serve.runtime;
    await serve.stop();

    // Same, with a poll every second (one ingest runs, the poll lease skips the next slots): idle after that ingest.
    serve = await startServe(
      serveEnv({
        dir: join(dir),
        sourcesFile: feeds.sourcesFile,
        slack,
        openai,
        extra: { POLL_CRON: '* * * * * *', DATABASE_URL: `sqlite:${join(dir, 'polled.db')}` },
      }),
    );
    await serve.waitForLog(
      (l) =>
        l.msg === 'source ingested' &&
        serve !== null &&
        serve.logs.filter((x) => x.msg === 'source ingested').length >= feeds.count,
      'the first ingest',
      60_000,
    );
    const { first: pollPeak, idle: afterPoll } = await idleRss(serve);
    return [
      {
        benchmark: 'idle `serve` resident memory',
        measured: `${idle.toFixed(0)} MB`,
        target: `< ${TARGET_MB} MB`,
        pass: idle < TARGET_MB,
        notes: [
          `idle serve: VmRSS of \`migration-news serve\` (${runtime}) with Slack (HTTP), Teams and the LLM configured against loopback fakes: ${first.toFixed(0)} MB as start-up ends, ${idle.toFixed(0)} MB after ${IDLE_MS / 1000} s idle`,
        ],
      },
      {
        benchmark: 'idle `serve` resident memory after one poll',
        measured: `${afterPoll.toFixed(0)} MB`,
        target: `< ${TARGET_MB} MB`,
        pass: afterPoll < TARGET_MB,
        notes: [
          `idle serve after a poll: VmRSS ${IDLE_MS / 1000} s after one ingest poll of the ${feeds.count} sample feeds (no declared language: every item goes through language detection), ${pollPeak.toFixed(0)} MB at the poll's end`,
        ],
      },
    ];
  } finally {
    await serve?.stop();
    await feeds.server.close();
    await slack.close();
    await openai.close();
    await rm(dir, { recursive: true, force: true });
  }
}
