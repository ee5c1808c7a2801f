import { startSlowLlmBot } from './slow-llm-bot.js';
import type { BenchRow } from './bench-row.js';
import { percentile } from './percentile.js';

const CONCURRENT = 50;
const LLM_DELAY_MS = 5_000;
// Slack's trigger_id expires 3 s after the command; the modal must be open well before.
const TARGET_P99_MS = 1_000;

/**
 * Issue #14: `/migration-news subscribe` with no arguments must open its modal (views.open with the command's
 * trigger_id) inside Slack's 3 s window, even while the bot is busy: 50 concurrent `latest` commands wait on a
 * 5 s LLM, then 50 concurrent `subscribe` commands; measured from sending each command to the fake Slack API
 * receiving its views.open.
 */
export async function benchSubscribeModalLatency(): Promise<BenchRow[]> {
  const bot = await startSlowLlmBot({
    name: 'modal',
    stories: 40,
    llmDelayMs: LLM_DELAY_MS,
    env: { DIGEST_MAX_ITEMS: '10' },
  });
  const { slack, serve } = bot;
  const send = (text: string, channel: string, triggerId?: string) =>
    bot.command(text, channel, triggerId ? { trigger_id: triggerId } : {});
  try {
    await send('help', 'CWARMUP');
    // Busy bot: digests waiting on the slow LLM in the background.
    await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) => send('latest', `CBUSY${String(i).padStart(2, '0')}`)),
    );
    const sent = new Map<string, number>();
    await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) => {
        const trigger = `bench-trigger-${i}`;
        sent.set(trigger, Date.now());
        return send('subscribe', `CMODAL${String(i).padStart(2, '0')}`, trigger);
      }),
    );
    await slack
      .waitFor(() => slack.calls('views.open').length >= CONCURRENT || null, 10_000, 'every modal')
      .catch(() => null);
    const times = slack
      .calls('views.open')
      .map((r) => r.at - (sent.get(String(r.body.trigger_id)) ?? r.at))
      .sort((a, b) => a - b);
    const p99 = percentile(times, 99);
    const opened = times.length;
    return [
      {
        benchmark: `subscribe modal opened (views.open), ${CONCURRENT} concurrent, bot busy`,
        measured: `p99 ${p99.toFixed(0)} ms (p50 ${percentile(times, 50).toFixed(0)}, max ${(times.at(-1) ?? 0).toFixed(0)}), ${opened}/${CONCURRENT} opened`,
        target: `p99 < ${TARGET_P99_MS} ms (trigger_id lives 3 s)`,
        pass: opened === CONCURRENT && p99 < TARGET_P99_MS,
        notes: [
          `subscribe modal: ${CONCURRENT} concurrent signed \`/migration-news subscribe\` to \`migration-news serve\` (${serve.runtime}) while ${CONCURRENT} \`latest\` digests waited on a ${LLM_DELAY_MS / 1000} s LLM; time from sending the command to the fake Slack API receiving views.open with its trigger_id`,
        ],
      },
    ];
  } finally {
    await bot.stop({ kill: true });
  }
}
