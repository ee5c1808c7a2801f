import { startSlowLlmBot } from './slow-llm-bot.js';
import type { FakeOpenAiRequest } from '../tests/fakes/fake-openai.js';
import type { BenchRow } from './bench-row.js';

const STORIES = 10;
const LLM_DELAY_MS = 5_000;
const TARGET_S = 11;
/** First answers that carry a figure the article does not have, so that the gate asks again (a regeneration). */
const UNFAITHFUL_FIRST_ANSWERS = 2;
const CHANNEL = 'CONDEMAND';

/** BENCH_LLM_CONCURRENCY=4 measures the former fixed concurrency (the row's target is for the default). */
function concurrencyOverride(): Record<string, string> {
  return process.env.BENCH_LLM_CONCURRENCY ? { LLM_CONCURRENCY: process.env.BENCH_LLM_CONCURRENCY } : {};
}

/**
 * SPEC 9 on-demand digest: the real `serve` (default LLM_CONCURRENCY) with 10 new stories in the last 24 h, a fake
 * OpenAI that takes 5 s per call and whose first 2 answers fail the figure gate (2 regenerations), and a signed
 * `/migration-news latest` sent over HTTP: the time from sending it to the last chat.postMessage of the digest.
 */
export async function benchOnDemandDigest(): Promise<BenchRow[]> {
  let firstAnswers = 0;
  const bot = await startSlowLlmBot({
    name: 'ondemand',
    stories: STORIES,
    llmDelayMs: LLM_DELAY_MS,
    env: { DIGEST_MAX_ITEMS: String(STORIES), ...concurrencyOverride() },
    responder: (request: FakeOpenAiRequest, fake) => {
      const regeneration = fake.textOf(request, 'user').includes('Your previous answer');
      const reply = fake.autoAnswer(request);
      if (!regeneration && ++firstAnswers <= UNFAITHFUL_FIRST_ANSWERS) {
        const body = reply.body as { choices: Array<{ message: { content: string } }> };
        const message = body.choices[0]?.message;
        if (message)
          message.content = message.content.replace(
            'Sample text from the fake model.',
            'At least 987654 people arrived.',
          );
      }
      return reply;
    },
  });
  const { slack, openai, serve } = bot;
  try {
    // A bot that has been up for a while has finished its start-up fetch, which `latest` waits for (SPEC 7 "First
    // start"): measured from a just-started process, the row would time the fetch of the sample feeds too.
    await waitForStartupFetch(serve.port);
    // One command first, as a bot that has been up for a while has served some (not measured).
    await bot.command('help', 'CWARMUP');
    const cpuBefore = serve.cpuMs();
    const sent = Date.now();
    const ack = await bot.command('latest', CHANNEL);
    const digestPosts = () =>
      slack.calls('chat.postMessage').filter((r) => r.body.channel === CHANNEL && r.status === 200);
    const parts = await slack.waitFor(
      () => {
        const posts = digestPosts();
        const meta = posts.map(
          (p) =>
            (p.body.metadata as { event_payload?: { part?: unknown; parts?: unknown } } | undefined)?.event_payload,
        );
        const total = Number(meta[0]?.parts ?? 0);
        return total > 0 && posts.length >= total ? posts : null;
      },
      60_000,
      'the on-demand digest',
    );
    const cpuMs = serve.cpuMs() - cpuBefore;
    const last = Math.max(...parts.map((p) => p.at));
    const firstPost = Math.min(...parts.map((p) => p.at));
    const seconds = (last - sent) / 1000;
    const regenerations = openai.requests.filter((r) =>
      openai.textOf(r, 'user').includes('Your previous answer'),
    ).length;
    const llmSpan =
      (Math.max(...openai.requests.map((r) => r.receivedAt)) - Math.min(...openai.requests.map((r) => r.receivedAt))) /
      1000;
    return [
      {
        benchmark: `on-demand digest, ${STORIES} new stories, LLM ${LLM_DELAY_MS / 1000} s per call`,
        measured: `${seconds.toFixed(2)} s (serve CPU ${(cpuMs / 1000).toFixed(2)} s)`,
        target: `<= ${TARGET_S} s`,
        pass: seconds <= TARGET_S && ack.status === 200,
        notes: [
          `on-demand digest: signed \`/migration-news latest\` to \`migration-news serve\` (${serve.runtime}, LLM_CONCURRENCY ${process.env.BENCH_LLM_CONCURRENCY ?? 'default (8)'}) -> last of ${parts.length} chat.postMessage in ${seconds.toFixed(2)} s (first post at ${((firstPost - sent) / 1000).toFixed(2)} s); ${openai.requests.length} LLM calls (${regenerations} regenerations after the figure gate), at most ${openai.maxInFlight} in flight, last one started ${llmSpan.toFixed(2)} s after the first; ack ${ack.status} in ${ack.ms.toFixed(0)} ms`,
        ],
      },
    ];
  } finally {
    await bot.stop();
  }
}

/** Until /healthz says every source was fetched once (the start-up fetch is over), or 30 s. */
async function waitForStartupFetch(port: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const health = (await fetch(`http://127.0.0.1:${port}/healthz`)
      .then((r) => r.json())
      .catch(() => null)) as { lastIngest?: string | null; sources?: { neverFetched?: number } } | null;
    if (health?.lastIngest && health.sources?.neverFetched === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the start-up fetch did not finish within 30 s');
}
