import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createStore } from '../src/store/create-store.js';
import { startFakeOpenAi } from '../tests/fakes/fake-openai.js';
import { startFakeSlackApi } from '../tests/fakes/fake-slack-api.js';
import { postToSlackEndpoint, slashCommandBody } from '../tests/fakes/slack-signing.js';
import type { BenchRow } from './bench-row.js';
import { recentStories } from './bench-stories.js';
import { SIGNING_SECRET, sampleSources, serveEnv } from './serve-env.js';
import { type ServeChild, startServe } from './serve-process.js';
import { percentile } from './percentile.js';

const CONCURRENT = 50;
const WAVES = 3;
const WAVE_GAP_MS = 1_000;
const LLM_DELAY_MS = 5_000;
const TARGET_P99_MS = 300;

/**
 * SPEC 9 row 3: waves of 50 concurrent signed `/migration-news latest` commands (50 channels) over HTTP to the real
 * `serve` (Bolt), whose stories all need an LLM summary from a fake OpenAI that takes 5 s per call. The ack time is
 * what Slack waits for: send to complete HTTP answer.
 */
export async function benchSlashAckLatency(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'mnb-bench-ack-'));
  const slack = await startFakeSlackApi();
  const openai = await startFakeOpenAi({
    responder: (request, fake) => ({ ...fake.autoAnswer(request), delayMs: LLM_DELAY_MS }),
  });
  const feeds = await sampleSources(dir);
  let serve: ServeChild | null = null;
  try {
    const env = serveEnv({ dir, sourcesFile: feeds.sourcesFile, slack, openai, extra: { DIGEST_MAX_ITEMS: '10' } });
    // Stories in the last 24 h, none summarised yet: every `latest` waits on the LLM in the background.
    const store = await createStore(env.DATABASE_URL as string);
    await store.stories.write({ newStories: recentStories(40, 'ack'), addedEditions: [], updatedEditions: [] });
    await store.close();
    serve = await startServe(env);
    const url = `http://127.0.0.1:${serve.port}/slack/events`;
    const send = async (text: string, channel: string) => {
      const body = slashCommandBody({ text, channel_id: channel, response_url: slack.responseUrl() });
      return postToSlackEndpoint(url, body, { secret: SIGNING_SECRET });
    };
    // One command first, as a bot that has been up for a while has served some (not measured).
    await send('help', 'CWARMUP');

    const acks: Array<{ status: number; ms: number }> = [];
    for (let wave = 0; wave < WAVES; wave++) {
      acks.push(
        ...(await Promise.all(
          Array.from({ length: CONCURRENT }, (_, i) => send('latest', `CACK${wave}${String(i).padStart(2, '0')}`)),
        )),
      );
      if (wave < WAVES - 1) await sleep(WAVE_GAP_MS);
    }
    const llmInFlight = openai.maxInFlight;
    const times = acks.map((a) => a.ms).sort((a, b) => a - b);
    const refused = acks.filter((a) => a.status !== 200).length;
    const p99 = percentile(times, 99);
    return [
      {
        benchmark: `slash command ack latency, ${CONCURRENT} concurrent, LLM 5 s per call`,
        measured: `p99 ${p99.toFixed(0)} ms (p50 ${percentile(times, 50).toFixed(0)}, max ${(times.at(-1) ?? 0).toFixed(0)})`,
        target: `p99 < ${TARGET_P99_MS} ms`,
        pass: p99 < TARGET_P99_MS && refused === 0,
        notes: [
          `ack latency: ${WAVES} waves of ${CONCURRENT} concurrent signed \`/migration-news latest\` (${acks.length} acks${refused ? `, ${refused} NOT 200` : ''}) over HTTP to \`migration-news serve\` (${serve.runtime}); the fake LLM had ${llmInFlight} calls of ${LLM_DELAY_MS / 1000} s in flight, ${openai.requests.length} received by the end`,
        ],
      },
    ];
  } finally {
    // Its background digests wait on the slow LLM: no need to let them finish (unless profiling: the profile is written on exit).
    if (!process.env.BENCH_NODE_FLAGS) serve?.child.kill('SIGKILL');
    await serve?.stop(40_000);
    await feeds.server.close();
    await slack.close();
    await openai.close();
    await rm(dir, { recursive: true, force: true });
  }
}
