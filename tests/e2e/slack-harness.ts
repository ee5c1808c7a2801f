import { rm } from 'node:fs/promises';
import type { Story } from '../../src/domain/types.js';
import type { Core } from '../../src/app/create-core.js';
import { type RunningBot, startBot } from '../../src/app/start-bot.js';
import { type FakeOpenAi, type FakeResponder, startFakeOpenAi } from '../fakes/fake-openai.js';
import { type FakeSlackApi, type FakeSlackOptions, startFakeSlackApi } from '../fakes/fake-slack-api.js';
import {
  eventCallbackBody,
  postToSlackEndpoint,
  type SlackResponse,
  slashCommandBody,
} from '../fakes/slack-signing.js';
import { makeEdition } from '../helpers/factories.js';
import { interactionBody } from '../fakes/slack-interactions.js';
import { sampleStories, startTestCore } from '../helpers/test-core.js';

export { sampleStories };

export const SIGNING_SECRET = 'test-signing-secret';
export const CHANNEL = 'C0001';

export interface SlackHarness {
  fake: FakeSlackApi;
  openai: FakeOpenAi | null;
  core: Core;
  bot: RunningBot;
  /** http://127.0.0.1:PORT/slack/events */
  eventsUrl: string;
  /** Sends `/migration-news <text>`, signed; resolves with the HTTP answer (the ack) and the command's response_url. */
  command(
    text: string,
    options?: { channel?: string; channelName?: string; headers?: Record<string, string> },
  ): Promise<SlackResponse & { responseUrl: string }>;
  /** Sends an Events API callback, signed. */
  event(
    event: Record<string, unknown>,
    options?: { eventId?: string; headers?: Record<string, string> },
  ): Promise<SlackResponse>;
  /** Sends an interaction payload (block_actions, view_submission, block_suggestion) form-encoded, signed. */
  interact(payload: Record<string, unknown>, options?: { secret?: string | null }): Promise<SlackResponse>;
  /** Bodies posted to one response_url (ephemeral replies to one command). */
  responsesTo(responseUrl: string): Array<Record<string, unknown>>;
  /** Waits for the next ephemeral reply to a command and returns its text (all sections joined). */
  replyTo(responseUrl: string): Promise<string>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** A responder for the fake OpenAI server; omitted = offline mode (no OPENAI_API_KEY). */
  llm?: FakeResponder;
  stories?: Story[];
  env?: Record<string, string>;
  /** Options of the fake Slack (its clock, its bot's ids). */
  slack?: FakeSlackOptions;
}

/** Starts the real bot (startBot, real Bolt over HTTP, SQLite in a temp dir) against loopback fakes. */
export async function startSlackHarness(options: HarnessOptions = {}): Promise<SlackHarness> {
  const fake = await startFakeSlackApi(options.slack);
  const openai = options.llm ? await startFakeOpenAi({ responder: options.llm }) : null;
  const { dir, core } = await startTestCore(
    'mnb-slack-',
    {
      SLACK_BOT_TOKEN: fake.token,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      ...(openai ? { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseURL, OPENAI_MODEL: 'fake-model' } : {}),
      ...options.env,
    },
    options.stories ?? sampleStories(),
  );
  // The stories are written by the test: no start-up fetch of the (absent) feed files.
  const bot = await startBot(core, { port: 0, host: '127.0.0.1', fetchAtStart: false });
  const eventsUrl = `http://127.0.0.1:${bot.port}/slack/events`;

  const responseText = (body: Record<string, unknown>) =>
    ((body.blocks as Array<{ text?: { text?: string } }> | undefined) ?? [])
      .map((b) => b.text?.text ?? '')
      .join('\n') || String(body.text ?? '');

  const harness: SlackHarness = {
    fake,
    openai,
    core,
    bot,
    eventsUrl,
    async command(text, o = {}) {
      const responseUrl = fake.responseUrl();
      const body = slashCommandBody({
        text,
        response_url: responseUrl,
        channel_id: o.channel ?? CHANNEL,
        ...(o.channelName ? { channel_name: o.channelName } : {}),
      });
      const response = await postToSlackEndpoint(eventsUrl, body, {
        secret: SIGNING_SECRET,
        ...(o.headers ? { headers: o.headers } : {}),
      });
      return { ...response, responseUrl };
    },
    event(event, o = {}) {
      return postToSlackEndpoint(eventsUrl, eventCallbackBody(event, o.eventId ? { eventId: o.eventId } : {}), {
        secret: SIGNING_SECRET,
        contentType: 'application/json',
        ...(o.headers ? { headers: o.headers } : {}),
      });
    },
    interact(payload, o = {}) {
      return postToSlackEndpoint(eventsUrl, interactionBody(payload), {
        secret: o.secret === undefined ? SIGNING_SECRET : o.secret,
      });
    },
    responsesTo(responseUrl) {
      const path = new URL(responseUrl).pathname;
      return fake
        .calls('response_url')
        .filter((r) => r.path === path)
        .map((r) => r.body);
    },
    async replyTo(responseUrl) {
      const [first] = await fake.waitFor(
        () => {
          const found = harness.responsesTo(responseUrl);
          return found.length ? found : null;
        },
        15_000,
        `a reply on ${responseUrl}`,
      );
      return responseText(first ?? {});
    },
    async stop() {
      await bot.stop();
      await fake.close();
      await openai?.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Polls `check` until it returns a truthy value (for state the fakes do not see, such as the store). */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Recent stories (the `latest` window is 24 h): one with English and Arabic editions, one English only. */

/** A story whose only edition has this title (e.g. a mention injection). */
export function storyTitled(
  id: string,
  title: string,
  text = `${title}. More people crossed the Mediterranean this week, the agency said.`,
): Story {
  const now = new Date(Date.now() - 1_800_000).toISOString();
  const edition = makeEdition({
    id: `${id}-en`,
    storyId: id,
    sourceId: 'iom-en',
    url: `https://www.iom.int/news/${id}`,
    language: 'en',
    title,
    text,
    publishedAt: now,
    contentHash: `h-${id}`,
  });
  return { id, primaryEditionId: edition.id, firstSeenAt: now, updatedAt: now, publishedAt: now, editions: [edition] };
}
