import { startSlowLlmBot } from './slow-llm-bot.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchRow } from './bench-row.js';
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
  // Stories in the last 24 h, none summarised yet: every `latest` waits on the LLM in the background.
  const bot = await startSlowLlmBot({
    name: 'ack',
    stories: 40,
    llmDelayMs: LLM_DELAY_MS,
    env: { DIGEST_MAX_ITEMS: '10' },
  });
  const { openai, serve } = bot;
  const send = (text: string, channel: string) => bot.command(text, channel);
  try {
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
    // Its background digests wait on the slow LLM: no need to let them finish.
    await bot.stop({ kill: true });
  }
}
