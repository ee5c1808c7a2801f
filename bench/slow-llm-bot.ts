import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '../src/store/create-store.js';
import { type FakeOpenAi, type FakeResponder, startFakeOpenAi } from '../tests/fakes/fake-openai.js';
import { type FakeSlackApi, startFakeSlackApi } from '../tests/fakes/fake-slack-api.js';
import { postToSlackEndpoint, type SlashCommandFields, slashCommandBody } from '../tests/fakes/slack-signing.js';
import { recentStories } from './bench-stories.js';
import { SIGNING_SECRET, sampleSources, serveEnv } from './serve-env.js';
import { type ServeChild, startServe } from './serve-process.js';

/** The real `serve` of the latency benches, its fakes, and a way to send it signed slash commands. */
export interface SlowLlmBot {
  slack: FakeSlackApi;
  openai: FakeOpenAi;
  serve: ServeChild;
  /** A signed `/migration-news <text>` from `channel`, as Slack sends it. */
  command(
    text: string,
    channel: string,
    extra?: Pick<SlashCommandFields, 'trigger_id'>,
  ): ReturnType<typeof postToSlackEndpoint>;
  /**
   * Stops everything. `kill`: digests still waiting on the slow LLM need not finish (unless profiling, where the
   * profile is written on exit).
   */
  stop(options?: { kill?: boolean }): Promise<void>;
}

/**
 * A real `serve` (Bolt on loopback) with a fake Slack API, a fake OpenAI answering after `llmDelayMs`, the sample
 * feeds, and `stories` recent stories not summarised yet, so that every digest waits on the LLM.
 */
export async function startSlowLlmBot(options: {
  name: string;
  stories: number;
  llmDelayMs: number;
  env?: Record<string, string>;
  /** The fake model's answer (default: its automatic answer); the delay is added to it. */
  responder?: FakeResponder;
}): Promise<SlowLlmBot> {
  const dir = await mkdtemp(join(tmpdir(), `mnb-bench-${options.name}-`));
  const slack = await startFakeSlackApi();
  const answer = options.responder ?? ((request, fake) => fake.autoAnswer(request));
  const openai = await startFakeOpenAi({
    responder: async (request, fake) => ({ ...(await answer(request, fake)), delayMs: options.llmDelayMs }),
  });
  const feeds = await sampleSources(dir);
  let serve: ServeChild | null = null;
  const stop = async (stopOptions: { kill?: boolean } = {}) => {
    if (stopOptions.kill && !process.env.BENCH_NODE_FLAGS) serve?.child.kill('SIGKILL');
    await serve?.stop(40_000);
    await feeds.server.close();
    await slack.close();
    await openai.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const env = serveEnv({ dir, sourcesFile: feeds.sourcesFile, slack, openai, extra: options.env ?? {} });
    const store = await createStore(env.DATABASE_URL as string);
    await store.stories.write({
      newStories: recentStories(options.stories, options.name),
      addedEditions: [],
      updatedEditions: [],
    });
    await store.close();
    serve = await startServe(env);
  } catch (error) {
    await stop();
    throw error;
  }
  const url = `http://127.0.0.1:${serve.port}/slack/events`;
  return {
    slack,
    openai,
    serve,
    command: (text, channel, extra = {}) =>
      postToSlackEndpoint(
        url,
        slashCommandBody({ text, channel_id: channel, response_url: slack.responseUrl(), ...extra }),
        { secret: SIGNING_SECRET },
      ),
    stop,
  };
}
