import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import type { Story } from '../../src/domain/types.js';
import { type Core, createCore } from '../../src/main.js';
import { type RunningBot, startBot } from '../../src/serve/start-bot.js';
import { silentLogger } from '../../src/util/create-logger.js';
import { type FakeOpenAi, type FakeResponder, startFakeOpenAi } from '../fakes/fake-openai.js';
import { type FakeSlackApi, startFakeSlackApi } from '../fakes/fake-slack-api.js';
import { eventCallbackBody, postToSlackEndpoint, type SlackResponse, slashCommandBody } from '../fakes/slack-signing.js';
import { makeEdition } from '../fixtures/factories.js';

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
  command(text: string, options?: { channel?: string; headers?: Record<string, string> }): Promise<SlackResponse & { responseUrl: string }>;
  /** Sends an Events API callback, signed. */
  event(event: Record<string, unknown>, options?: { eventId?: string; headers?: Record<string, string> }): Promise<SlackResponse>;
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
}

/** Starts the real bot (startBot, real Bolt over HTTP, SQLite in a temp dir) against loopback fakes. */
export async function startSlackHarness(options: HarnessOptions = {}): Promise<SlackHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'mnb-slack-'));
  const sourcesFile = join(dir, 'sources.yaml');
  await writeFile(
    sourcesFile,
    ['sources:', '  - { id: iom-en, name: IOM, url: iom-en.xml, language: en }', '  - { id: iom-ar, name: IOM, url: iom-ar.xml, language: ar }', ''].join('\n'),
  );
  const fake = await startFakeSlackApi();
  const openai = options.llm ? await startFakeOpenAi({ responder: options.llm }) : null;
  const config = loadConfig({
    DATABASE_URL: `sqlite:${join(dir, 'bot.db')}`,
    SOURCES_FILE: sourcesFile,
    SLACK_BOT_TOKEN: fake.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    DIGEST_LANGUAGES: 'en,ar',
    LOG_LEVEL: 'silent',
    PORT: '0',
    ...(openai ? { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseURL, OPENAI_MODEL: 'fake-model' } : {}),
    ...options.env,
  });
  const core = await createCore(config, { log: silentLogger() });
  const stories = options.stories ?? sampleStories();
  if (stories.length) await core.store.stories.write({ newStories: stories, addedEditions: [], updatedEditions: [] });
  const bot = await startBot(core, { port: 0, host: '127.0.0.1' });
  const eventsUrl = `http://127.0.0.1:${bot.port}/slack/events`;

  const responseText = (body: Record<string, unknown>) =>
    ((body.blocks as Array<{ text?: { text?: string } }> | undefined) ?? []).map((b) => b.text?.text ?? '').join('\n') || String(body.text ?? '');

  const harness: SlackHarness = {
    fake,
    openai,
    core,
    bot,
    eventsUrl,
    async command(text, o = {}) {
      const responseUrl = fake.responseUrl();
      const body = slashCommandBody({ text, response_url: responseUrl, channel_id: o.channel ?? CHANNEL });
      const response = await postToSlackEndpoint(eventsUrl, body, { secret: SIGNING_SECRET, ...(o.headers ? { headers: o.headers } : {}) });
      return { ...response, responseUrl };
    },
    event(event, o = {}) {
      return postToSlackEndpoint(eventsUrl, eventCallbackBody(event, o.eventId ? { eventId: o.eventId } : {}), {
        secret: SIGNING_SECRET,
        contentType: 'application/json',
        ...(o.headers ? { headers: o.headers } : {}),
      });
    },
    responsesTo(responseUrl) {
      const path = new URL(responseUrl).pathname;
      return fake.calls('response_url').filter((r) => r.path === path).map((r) => r.body);
    },
    async replyTo(responseUrl) {
      const [first] = await fake.waitFor(() => {
        const found = harness.responsesTo(responseUrl);
        return found.length ? found : null;
      }, 15_000, `a reply on ${responseUrl}`);
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
export async function eventually<T>(check: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Recent stories (the `latest` window is 24 h): one with English and Arabic editions, one English only. */
export function sampleStories(): Story[] {
  const now = new Date(Date.now() - 3_600_000).toISOString();
  const bodrumEn = makeEdition({
    id: 'bodrum-en',
    storyId: 'bodrum',
    sourceId: 'iom-en',
    url: 'https://www.iom.int/news/boat-capsizes-bodrum',
    language: 'en',
    title: 'Boat capsizes off Bodrum: 12 dead',
    text: [
      'A boat carrying 43 migrants capsized off Bodrum on Monday, the Turkish coast guard said.',
      'Twelve people died, including three children. Thirty-one people were rescued and taken to a hospital in Bodrum.',
      'IOM called for safe and regular pathways for people on the move.',
    ].join('\n'),
    publishedAt: now,
    contentHash: 'h-bodrum-en',
  });
  const bodrumAr = makeEdition({
    id: 'bodrum-ar',
    storyId: 'bodrum',
    sourceId: 'iom-ar',
    url: 'https://www.iom.int/ar/news/boat-capsizes-bodrum',
    language: 'ar',
    title: 'غرق قارب قبالة بودروم: 12 قتيلا',
    text: 'انقلب قارب يقل 43 مهاجرا قبالة بودروم يوم الاثنين. توفي اثنا عشر شخصا بينهم ثلاثة أطفال. وتم إنقاذ واحد وثلاثين شخصا.',
    publishedAt: now,
    contentHash: 'h-bodrum-ar',
  });
  const lampedusa = makeEdition({
    id: 'lampedusa-en',
    storyId: 'lampedusa',
    sourceId: 'iom-en',
    url: 'https://www.iom.int/news/lampedusa-arrivals',
    language: 'en',
    title: 'Arrivals rise in Lampedusa',
    text: 'More than 2,000 people arrived in Lampedusa over the weekend. The reception centre is over capacity, the Italian Red Cross said.',
    publishedAt: now,
    contentHash: 'h-lampedusa-en',
  });
  return [
    { id: 'bodrum', primaryEditionId: 'bodrum-en', firstSeenAt: now, updatedAt: now, publishedAt: now, editions: [bodrumEn, bodrumAr] },
    { id: 'lampedusa', primaryEditionId: 'lampedusa-en', firstSeenAt: now, updatedAt: now, publishedAt: now, editions: [lampedusa] },
  ];
}

/** A story whose only edition has this title (e.g. a mention injection). */
export function storyTitled(id: string, title: string, text = `${title}. More people crossed the Mediterranean this week, the agency said.`): Story {
  const now = new Date(Date.now() - 1_800_000).toISOString();
  const edition = makeEdition({ id: `${id}-en`, storyId: id, sourceId: 'iom-en', url: `https://www.iom.int/news/${id}`, language: 'en', title, text, publishedAt: now, contentHash: `h-${id}` });
  return { id, primaryEditionId: edition.id, firstSeenAt: now, updatedAt: now, publishedAt: now, editions: [edition] };
}
