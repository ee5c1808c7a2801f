import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmBudget } from '../../src/llm/create-llm-budget.js';
import type { Core } from '../../src/app/create-core.js';
import { type RunningBot, startBot } from '../../src/app/start-bot.js';
import { createStore } from '../../src/store/create-store.js';
import { silentLogger } from '../../src/util/create-logger.js';
import { type FakeOpenAi, startFakeOpenAi } from '../fakes/fake-openai.js';
import { type FakeSlackApi, startFakeSlackApi } from '../fakes/fake-slack-api.js';
import { eventCallbackBody, postToSlackEndpoint, slashCommandBody } from '../fakes/slack-signing.js';
import { createCaptureLogger } from '../helpers/capture-logger.js';
import { announcePostgresSkip, createTestDatabase, skipPostgres, type TestDatabase } from '../helpers/test-postgres.js';
import { startTestCore } from '../helpers/test-core.js';
import { digestMessages } from '../helpers/serve-setup.js';
import { storyTitled } from './slack-harness.js';

const SECRET = 'test-signing-secret';
const BUDGET = 1_000_000;
const PER_CALL = 600_000;
const WARNING = 'LLM budget for today spent; summaries are extracts until 00:00 UTC';
const DAY = 86_400_000;

// The real bot (Bolt against the fake Slack API, the real openai client against the fake server, which reports
// 600,000 tokens a call) with LLM_DAILY_TOKEN_BUDGET=1000000 and an injected clock.
let slack: FakeSlackApi;
let openai: FakeOpenAi;
let core: Core;
let bot: RunningBot;
let dir = '';
let base = '';
let clock = Date.now();
const capture = createCaptureLogger('warn');

beforeAll(async () => {
  slack = await startFakeSlackApi();
  // Answers take 100 ms, so the calls the client has in flight overlap at the fake too (maxInFlight measures them).
  openai = await startFakeOpenAi({
    usage: { prompt_tokens: 500_000, completion_tokens: 100_000 },
    responder: (req, f) => ({ ...f.autoAnswer(req), delayMs: 100 }),
  });
  const stories = Array.from({ length: 8 }, (_, i) =>
    storyTitled(`budget-${i + 1}`, `Story ${i + 1}: rescue at sea near Lampedusa`),
  );
  ({ dir, core } = await startTestCore(
    'mnb-budget-',
    {
      SLACK_BOT_TOKEN: slack.token,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: openai.baseURL,
      OPENAI_MODEL: 'fake-model',
      LLM_DAILY_TOKEN_BUDGET: String(BUDGET),
      // Fewer calls in flight than stories, so the budget can stop the calls not yet started.
      LLM_CONCURRENCY: '4',
    },
    stories,
    { now: () => new Date(clock), log: capture.log },
  ));
  bot = await startBot(core, { port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${bot.port}`;
});

afterAll(async () => {
  await bot?.stop();
  await slack?.close();
  await openai?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function latest(channel: string): Promise<string> {
  const before = digestMessages(slack, channel).length;
  const body = slashCommandBody({ text: 'latest', response_url: slack.responseUrl(), channel_id: channel });
  expect((await postToSlackEndpoint(`${base}/slack/events`, body, { secret: SECRET })).status).toBe(200);
  const [message] = await slack.waitFor(
    () => digestMessages(slack, channel).slice(before).at(0) && digestMessages(slack, channel).slice(before),
    20_000,
    'the digest',
  );
  return JSON.stringify(message?.blocks ?? []);
}

const healthBudget = async () =>
  ((await (await fetch(`${base}/healthz`)).json()) as { llm: { budget: Record<string, unknown> } }).llm.budget;
const metric = async (name: string) => {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(
    text
      .split('\n')
      .find((l) => l.startsWith(`${name} `))
      ?.split(' ')[1],
  );
};
const budgetWarnings = () =>
  capture.lines.filter((l) => l.level === 40 && String(l.msg).startsWith('LLM budget for today spent')).length;

describe('LLM_DAILY_TOKEN_BUDGET over the real openai client', () => {
  it('stops calling the model once the day is spent, at most one call over per call in flight, and the digest says so', async () => {
    const blocks = await latest('C-BUDGET');
    const calls = openai.requests.length;
    // Two calls reach 1,000,000; each other call in flight may end over it, never one started after.
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(calls).toBeLessThanOrEqual(Math.ceil(BUDGET / PER_CALL) + openai.maxInFlight - 1);
    console.info(
      `[budget] ${calls} LLM calls, ${openai.maxInFlight} in flight at most, overshoot ${calls * PER_CALL - BUDGET} tokens`,
    );
    const used = await core.store.llmBudget.used(new Date(clock).toISOString().slice(0, 10));
    expect(used).toBe(calls * PER_CALL);
    // 8 stories, fewer calls: the others are extracts, and the digest says so once, at the top.
    expect(calls).toBeLessThan(8);
    expect(blocks).toContain(WARNING);
    expect(blocks.split(WARNING)).toHaveLength(2);
    expect(blocks).toContain('LLM budget for today spent: offline summary');
    expect(budgetWarnings()).toBe(1);
    // A story left without its other language is explained by the budget, not by an LLM that failed.
    expect(blocks).toContain("today's LLM token budget is spent");
    expect(blocks).not.toContain('(the LLM failed)');
  });

  it('shows the spent budget in /healthz, /metrics and `status`', async () => {
    expect(await healthBudget()).toMatchObject({ limit: BUDGET, spent: true });
    expect(await metric('migration_news_llm_budget_spent')).toBe(1);
    expect(await metric('migration_news_llm_budget_limit_tokens')).toBe(BUDGET);
    expect(await metric('migration_news_llm_budget_used_tokens')).toBeGreaterThanOrEqual(BUDGET);
    const responseUrl = slack.responseUrl();
    await postToSlackEndpoint(
      `${base}/slack/events`,
      slashCommandBody({ text: 'status', response_url: responseUrl, channel_id: 'C-BUDGET' }),
      { secret: SECRET },
    );
    const path = new URL(responseUrl).pathname;
    const [reply] = await slack.waitFor(() => {
      const found = slack.calls('response_url').filter((r) => r.path === path);
      return found.length ? found : null;
    });
    expect(JSON.stringify(reply?.body)).toMatch(
      /LLM budget for today \(UTC\) SPENT: [\d,]+ of 1,000,000 tokens; summaries and answers are offline extracts until \d{4}-\d{2}-\d{2} 00:00 UTC/,
    );
  });

  it('makes no call while spent: a second digest the same day is all extracts and cached summaries', async () => {
    const calls = openai.requests.length;
    const blocks = await latest('C-AGAIN');
    expect(openai.requests.length).toBe(calls);
    expect(blocks).toContain(WARNING);
    expect(budgetWarnings()).toBe(1);
  });

  it('answers a thread question offline (quoted passages) without calling the model', async () => {
    const calls = openai.requests.length;
    const [digest] = digestMessages(slack, 'C-BUDGET');
    const ts = `${Math.floor(Date.now() / 1000)}.000777`;
    const question = {
      type: 'message',
      channel: 'C-BUDGET',
      user: 'U9',
      text: 'Where was the rescue?',
      ts,
      thread_ts: digest?.ts,
    };
    await postToSlackEndpoint(`${base}/slack/events`, eventCallbackBody(question), {
      secret: SECRET,
      contentType: 'application/json',
    });
    const [reply] = await slack.waitFor(
      () => {
        const replies = slack.posted({ channel: 'C-BUDGET', thread_ts: digest?.ts ?? '' });
        return replies.length ? replies : null;
      },
      20_000,
      'the answer',
    );
    expect(JSON.stringify(reply?.blocks)).toContain('Lampedusa');
    expect(openai.requests.length).toBe(calls);
  });

  it('starts afresh on the next UTC day (injected clock): the extracts are summarised and the warning is gone', async () => {
    const calls = openai.requests.length;
    clock += DAY;
    expect(await healthBudget()).toMatchObject({ used: 0, spent: false });
    expect(await metric('migration_news_llm_budget_spent')).toBe(0);
    const blocks = await latest('C-NEXT-DAY');
    expect(openai.requests.length).toBeGreaterThan(calls);
    expect(blocks).not.toContain('LLM budget for today spent');
  });
});

announcePostgresSkip('llm-budget.test.ts');
describe.skipIf(skipPostgres)('LLM budget shared by two store handles on one PostgreSQL database', () => {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.drop());

  it("counts both instances' tokens in one daily total, atomically, and stops both", async () => {
    const url = database?.url ?? '';
    const [a, b] = [await createStore(url), await createStore(url)];
    try {
      const now = () => new Date('2030-05-01T12:00:00Z');
      const budgetA = createLlmBudget({ store: a, limit: 10_000, log: silentLogger(), now });
      const budgetB = createLlmBudget({ store: b, limit: 10_000, log: silentLogger(), now });
      // 100 concurrent charges of 70 tokens from two handles: none lost.
      await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? budgetA : budgetB).spend(70)));
      expect(await budgetA.status()).toMatchObject({ used: 7_000, spent: false });
      await budgetA.check();
      await budgetA.spend(3_000);
      expect(await budgetB.status()).toMatchObject({
        day: '2030-05-01',
        used: 10_000,
        limit: 10_000,
        spent: true,
        resetsAt: '2030-05-02T00:00:00.000Z',
      });
      await expect(budgetB.check()).rejects.toMatchObject({ code: 'LLM_BUDGET_EXCEEDED' });
    } finally {
      await a.close();
      await b.close();
    }
  });
});
