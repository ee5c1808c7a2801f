import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOpenAi, type FakeOpenAiRequest, startFakeOpenAi } from '../fakes/fake-openai.js';
import { sampleStories } from '../helpers/test-core.js';
import { eventually, type SlackHarness, startSlackHarness } from './slack-harness.js';
import { cardTextOf, startTeamsHarness, type TeamsHarness, TEAM_CHANNEL } from './teams-harness.js';

const schemaName = (r: FakeOpenAiRequest) => r.body.response_format?.json_schema?.name;
const isTranslation = (r: FakeOpenAiRequest) => schemaName(r) === 'question_translation';
const isAnswer = (r: FakeOpenAiRequest) => schemaName(r) === 'answer';
const FRENCH_QUESTION = 'Combien de personnes sont arrivées à Lampedusa ?';
const FRENCH_ANSWER = "Plus de 2 000 personnes sont arrivées à Lampedusa pendant le week-end, selon l'article 1.";
/** The English-only story of the sample set: no edition in French. */
const englishOnly = () => sampleStories().filter((s) => s.id === 'lampedusa');

/** A model that translates questions into English and answers in French from passage 1. */
function responder(openai: () => FakeOpenAi) {
  return (request: FakeOpenAiRequest) => {
    const fake = openai();
    if (isTranslation(request)) return fake.completion({ translation: 'How many people arrived in Lampedusa?' });
    if (isAnswer(request)) return fake.completion({ answer: FRENCH_ANSWER, covered: true, storyIndex: 1, quotes: [1] });
    return fake.autoAnswer(request);
  };
}

/** What the fake model received for one French question: one translation (or none, cached), then the answer request. */
function checkRequests(openai: FakeOpenAi, translationsBefore: number, expectTranslation: boolean): void {
  const translations = openai.requests.filter(isTranslation);
  expect(translations.length - translationsBefore).toBe(expectTranslation ? 1 : 0);
  if (expectTranslation) {
    const t = translations.at(-1) as FakeOpenAiRequest;
    expect(openai.textOf(t, 'user')).toContain(FRENCH_QUESTION);
    expect(openai.textOf(t, 'user')).toContain('from French into English');
  }
  const answer = openai.requests.filter(isAnswer).at(-1);
  if (!answer) throw new Error('no answer request');
  expect(openai.textOf(answer, 'system')).toContain('Answer in French');
  // The passages come from the English edition, found through the English translation of the question.
  expect(openai.textOf(answer, 'user')).toMatch(
    /\[passage 1\] article 1, English[^\n]*\nMore than 2,000 people arrived in Lampedusa/,
  );
}

describe('a French question on an English-only story in a Slack thread, with the LLM (issue 12)', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    let fake: FakeOpenAi | null = null;
    h = await startSlackHarness({ llm: (req) => responder(() => fake as FakeOpenAi)(req), stories: englishOnly() });
    fake = h.openai;
  });
  afterAll(async () => h?.stop());

  it('translates the question once (cached), retrieves from the English edition, answers in French with an "English original" quote', async () => {
    const openai = h.openai as FakeOpenAi;
    await h.command('latest', { channel: 'CXL' });
    const [digest] = await h.fake.waitFor(() => {
      const posted = h.fake.posted({ channel: 'CXL', thread_ts: null }).filter((m) => m.bot_id === h.fake.botId);
      return posted.length ? posted : null;
    });
    if (!digest) throw new Error('no digest');
    await eventually(() => h.core.store.threads.stories('slack', 'CXL', digest.ts));

    const ask = async (n: number, suffix: string) => {
      await h.event({
        type: 'message',
        channel: 'CXL',
        user: 'U1',
        text: FRENCH_QUESTION,
        ts: `${Math.floor(Date.now() / 1000)}.00020${suffix}`,
        thread_ts: digest.ts,
      });
      const replies = await h.fake.waitFor(() => {
        const r = h.fake.posted({ channel: 'CXL', thread_ts: digest.ts });
        return r.length >= n ? r : null;
      });
      return replies[n - 1];
    };
    const reply = await ask(1, '1');
    checkRequests(openai, 0, true);
    const text = JSON.stringify(reply?.blocks);
    expect(text).toContain('Plus de 2 000 personnes sont arrivées à Lampedusa');
    expect(text).toContain('More than 2,000 people arrived in Lampedusa');
    expect(text).toContain('English original');
    // The turn is stored before the next question is taken; asked again, the translation comes from the store.
    await eventually(
      async () => (await h.core.store.threads.turns('slack', 'CXL', digest.ts)).length === 1,
      15_000,
      'the first turn',
    );
    await ask(2, '2');
    checkRequests(openai, 1, false);
    expect(openai.requests.filter(isTranslation)).toHaveLength(1);
    expect(openai.requests.filter(isAnswer)).toHaveLength(2);
  });
});

describe('a French question on an English-only story in a Teams thread, with the LLM (issue 12)', () => {
  let h: TeamsHarness;
  let openai: FakeOpenAi;
  beforeAll(async () => {
    let fake: FakeOpenAi | null = null;
    openai = await startFakeOpenAi({ responder: (req) => responder(() => fake as FakeOpenAi)(req) });
    fake = openai;
    h = await startTeamsHarness({
      env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseURL, OPENAI_MODEL: 'fake-model' },
      stories: englishOnly(),
    });
  });
  afterAll(async () => {
    await h?.stop();
    await openai?.close();
  });

  it('translates the question once (cached), answers in French and labels the quote "English original"', async () => {
    let since = h.connector.requests.length;
    expect(await h.send(h.channel('latest'))).toBe(200);
    const [posted] = await h.messagesAfter(since, 1);
    const threadId = posted?.createdId as string;
    await expect.poll(() => h.core.store.threads.stories('teams', TEAM_CHANNEL, threadId)).toBeTruthy();

    since = h.connector.requests.length;
    expect(await h.send(h.channel(FRENCH_QUESTION, { conversationId: threadId }))).toBe(200);
    const [answer] = await h.messagesAfter(since, 1);
    checkRequests(openai, 0, true);
    const text = cardTextOf(answer as NonNullable<typeof answer>);
    expect(text).toContain('Plus de 2 000 personnes sont arrivées à Lampedusa');
    expect(text).toContain('Quote · English original');
    expect(text).toContain('More than 2,000 people arrived in Lampedusa');

    await expect.poll(async () => (await h.core.store.threads.turns('teams', TEAM_CHANNEL, threadId)).length).toBe(1);
    since = h.connector.requests.length;
    expect(await h.send(h.channel(FRENCH_QUESTION, { conversationId: threadId }))).toBe(200);
    await h.messagesAfter(since, 1);
    checkRequests(openai, 1, false);
    expect(openai.requests.filter(isTranslation)).toHaveLength(1);
  });
});

describe('an Arabic question on an English-only story in a Slack thread, offline (issue 12)', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({ stories: englishOnly() });
  });
  afterAll(async () => h?.stop());

  it('replies with the English passages labelled "English original", never an empty reply', async () => {
    await h.command('latest', { channel: 'COFF' });
    const [digest] = await h.fake.waitFor(() => {
      const posted = h.fake.posted({ channel: 'COFF', thread_ts: null }).filter((m) => m.bot_id === h.fake.botId);
      return posted.length ? posted : null;
    });
    if (!digest) throw new Error('no digest');
    await eventually(() => h.core.store.threads.stories('slack', 'COFF', digest.ts));
    await h.event({
      type: 'message',
      channel: 'COFF',
      user: 'U1',
      text: 'ما هو الوضع في مركز الاستقبال؟',
      ts: `${Math.floor(Date.now() / 1000)}.000301`,
      thread_ts: digest.ts,
    });
    const [reply] = await h.fake.waitFor(() => {
      const r = h.fake.posted({ channel: 'COFF', thread_ts: digest.ts });
      return r.length ? r : null;
    });
    const text = JSON.stringify(reply?.blocks);
    expect(text).toContain('The reception centre is over capacity');
    expect(text).toContain('English original');
    expect(text).toContain('Arrivals rise in Lampedusa');
  });
});
