import { runSubscription } from '../src/schedule/run-subscription.js';
import { startFakeOpenAi } from '../tests/fakes/fake-openai.js';
import { startFakeSlackApi } from '../tests/fakes/fake-slack-api.js';
import type { BenchRow } from './bench-row.js';
import { recentStories } from './bench-stories.js';
import { benchDir, type InProcessBot, startInProcessBot, subscribeChannels } from './in-process-bot.js';

const SUBSCRIPTIONS = 20;
const STORIES = 30;
/** Each LLM call takes this long, so that the 20 runs overlap while summaries are in flight. */
const LLM_DELAY_MS = 300;

/**
 * SPEC 9 row 4: 20 Slack subscriptions run the same slot at once over the same 30 new stories; LLM calls are counted
 * at the fake OpenAI server. Then the next slot (nothing new), then a restarted bot on the same database with 20 new
 * channels receiving the same stories (the summary cache answers).
 */
export async function benchLlmCalls(): Promise<BenchRow[]> {
  const work = await benchDir();
  const slack = await startFakeSlackApi();
  const openai = await startFakeOpenAi({
    responder: (request, fake) => ({ ...fake.autoAnswer(request), delayMs: LLM_DELAY_MS }),
  });
  const env = {
    DATABASE_URL: `sqlite:${work.dir}/bot.db`,
    SOURCES_FILE: work.sourcesFile,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: 'bench-signing-secret',
    SLACK_API_URL: slack.apiUrl,
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: openai.baseURL,
    OPENAI_MODEL: 'fake-model',
    DIGEST_MAX_ITEMS: String(STORIES),
  };
  let bot: InProcessBot | null = null;
  try {
    bot = await startInProcessBot(env, recentStories(STORIES, 'llm'));
    const channels = Array.from({ length: SUBSCRIPTIONS }, (_, i) => `CLLM${String(i).padStart(3, '0')}`);
    const subs = await subscribeChannels(bot.core, channels, ['en', 'ar']);
    const deps = bot.bot.deps;
    const slot1 = new Date();
    const first = await Promise.all(subs.map((sub) => runSubscription(deps, sub, slot1)));
    const firstCalls = openai.requests.length;
    const delivered = first.filter((o) => o.status === 'posted').length;

    const slot2 = new Date(slot1.getTime() + 60_000);
    await Promise.all(subs.map((sub) => runSubscription(deps, sub, slot2)));
    const secondCalls = openai.requests.length - firstCalls;
    await bot.stop();
    bot = null;

    // A restart: same database, new process state; 20 other channels subscribe and get the same stories.
    bot = await startInProcessBot(env);
    const others = await subscribeChannels(
      bot.core,
      channels.map((c) => `${c}B`),
      ['en', 'ar'],
    );
    const third = await Promise.all(others.map((sub) => runSubscription(bot?.bot.deps ?? deps, sub, new Date())));
    const restartCalls = openai.requests.length - firstCalls - secondCalls;
    const deliveredAfterRestart = third.filter((o) => o.status === 'posted').length;
    const ok =
      firstCalls === STORIES &&
      secondCalls === 0 &&
      restartCalls === 0 &&
      delivered === SUBSCRIPTIONS &&
      deliveredAfterRestart === SUBSCRIPTIONS;
    return [
      {
        benchmark: `LLM calls, ${SUBSCRIPTIONS} subscriptions x the same ${STORIES} new stories`,
        measured: `${firstCalls} calls; ${secondCalls} on the next run; ${restartCalls} after a restart`,
        target: `exactly ${STORIES}; 0 on a second run`,
        pass: ok,
        notes: [
          `LLM calls: requests counted at the fake OpenAI server (${LLM_DELAY_MS} ms per call, so the 20 concurrent runs overlap); digests posted: ${delivered}/${SUBSCRIPTIONS} on the first run, ${deliveredAfterRestart}/${SUBSCRIPTIONS} for 20 new channels after a restart (summary cache in SQLite); at most ${openai.maxInFlight} calls in flight`,
        ],
      },
    ];
  } finally {
    await bot?.stop();
    await slack.close();
    await openai.close();
    await work.remove();
  }
}
