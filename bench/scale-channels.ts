import { startFakeOpenAi } from '../tests/fakes/fake-openai.js';
import { startFakeSlackApi } from '../tests/fakes/fake-slack-api.js';
import type { BenchRow } from './bench-row.js';
import { benchRuntime } from './build-runtime.js';
import { benchDir } from './in-process-bot.js';
import { runTsChild } from './run-child.js';
import { startFlags } from './serve-process.js';
import { checkChannel, retryAfterViolations } from './slack-delivery.js';

const CHANNELS = 1_000;
const STORIES = 20;
const RETRY_AFTER_S = 1;
const LLM_DELAY_MS = 1_000;
const TARGET_PEAK_MB = 400;

interface ChildResult {
  /** Deliveries that failed in the slot's first pass and went out on the retry (the next run's). */
  failedFirst: number;
  ms: number;
  cpuMs: number;
  statuses: Record<string, number>;
  baselineRssKb: number;
  maxRssKb: number;
  peakMb: Record<string, number>;
}

/**
 * SPEC 9 scale: 1,000 Slack channels subscribed to one slot, 10 new stories, a fake Slack Web API that allows
 * 1 chat.postMessage per second per channel (429 + Retry-After beyond), a fake OpenAI (1 s per call). The bot runs in
 * a child process (its peak RSS is the memory figure); the fakes run here and record what they received.
 */
export async function benchScaleChannels(): Promise<BenchRow[]> {
  const work = await benchDir();
  const slack = await startFakeSlackApi();
  slack.limitPerChannel({ perSecond: 1, retryAfter: RETRY_AFTER_S });
  const openai = await startFakeOpenAi({
    responder: (request, fake) => ({ ...fake.autoAnswer(request), delayMs: LLM_DELAY_MS }),
  });
  try {
    // The bot runs as `npm start` runs `serve`: with the start script's node flags.
    const result = await runTsChild<ChildResult>('scale-child.ts', [], {
      timeoutMs: 600_000,
      nodeFlags: startFlags(),
      env: {
        BENCH_CHANNELS: String(CHANNELS),
        BENCH_STORIES: String(STORIES),
        DATABASE_URL: `sqlite:${work.dir}/bot.db`,
        SOURCES_FILE: work.sourcesFile,
        SLACK_BOT_TOKEN: slack.token,
        SLACK_API_URL: slack.apiUrl,
        OPENAI_BASE_URL: openai.baseURL,
      },
    });
    const channels = Array.from({ length: CHANNELS }, (_, i) => `CSCALE${String(i).padStart(4, '0')}`);
    const wrong = channels.flatMap((c) => {
      const problem = checkChannel(slack, c, STORIES);
      return problem ? [`${c}: ${problem}`] : [];
    });
    const posts = slack.calls('chat.postMessage');
    const limited = posts.filter((r) => r.status === 429).length;
    const early = retryAfterViolations(slack.requests, RETRY_AFTER_S).length;
    const llmCalls = openai.requests.length;
    const peakMb = result.maxRssKb / 1024;
    const posted = result.statuses.posted ?? 0;
    const pass =
      wrong.length === 0 && early === 0 && llmCalls === STORIES && peakMb < TARGET_PEAK_MB && posted === CHANNELS;
    return [
      {
        benchmark: `scale: ${CHANNELS.toLocaleString('en-US')} channels on one slot, 1 msg/s/channel with 429s`,
        measured: `${CHANNELS - wrong.length}/${CHANNELS} exact; ${llmCalls} LLM calls; peak ${peakMb.toFixed(0)} MB; ${(result.ms / 1000).toFixed(1)} s (CPU ${(result.cpuMs / 1000).toFixed(1)} s)`,
        target: `every channel exactly its digest; ${STORIES} LLM calls; peak < ${TARGET_PEAK_MB} MB`,
        pass,
        notes: [
          `scale: ${CHANNELS} Slack subscriptions (en+ar) run for one slot at once in the bot's process (${benchRuntime().describe}, \`${['node', ...startFlags()].join(' ')}\` as \`npm start\`), ${STORIES} new stories, fake OpenAI ${LLM_DELAY_MS} ms per call; ${posts.length} chat.postMessage requests, ${limited} answered 429 and retried, ${early} sent before their Retry-After; outcomes ${JSON.stringify(result.statuses)}${result.failedFirst ? ` (${result.failedFirst} failed at first and were retried as the next run does)` : ''}; RSS ${(result.baselineRssKb / 1024).toFixed(0)} MB before the slot, peak ${peakMb.toFixed(0)} MB (sampled peaks, MB: ${Object.entries(
            result.peakMb,
          )
            .map(([k, v]) => `${k} ${v}`)
            .join(
              ', ',
            )}); LLM calls counted at the fake (at most ${openai.maxInFlight} in flight)${wrong.length ? `; WRONG: ${wrong.slice(0, 3).join('; ')}` : ''}`,
        ],
      },
    ];
  } finally {
    await slack.close();
    await openai.close();
    await work.remove();
  }
}
