import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOpenAi, type FakeOpenAiRequest, startFakeOpenAi } from '../fakes/fake-openai.js';
import { eventually, type SlackHarness, startSlackHarness } from './slack-harness.js';
import { cardTextOf, startTeamsHarness, type TeamsHarness, TEAM_CHANNEL } from './teams-harness.js';

const isAnswerRequest = (r: FakeOpenAiRequest) =>
  r.body.response_format?.json_schema?.name === 'answer' ||
  /answer only from the numbered passages/i.test(JSON.stringify(r.body.messages ?? ''));

/** The model answers from passage 1 of whatever it was given, in the language the system prompt asks for. */
function answerResponder(openai: () => FakeOpenAi) {
  return (request: FakeOpenAiRequest) => {
    const fake = openai();
    if (!isAnswerRequest(request)) return fake.autoAnswer(request);
    const arabic = /Answer in Arabic/.test(fake.textOf(request, 'system'));
    return fake.completion({
      answer: arabic
        ? 'توفي اثنا عشر شخصا بينهم ثلاثة أطفال (الخبر 1).'
        : 'Twelve people died, including three children (Article 1).',
      covered: true,
      storyIndex: 1,
      quotes: [1],
    });
  };
}

describe('grounded Q&A in a Slack digest thread, with the LLM', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    let fake: FakeOpenAi | null = null;
    h = await startSlackHarness({ llm: (req) => answerResponder(() => fake as FakeOpenAi)(req) });
    fake = h.openai;
  });
  afterAll(async () => h?.stop());

  it('sends the question and the retrieved passages, answers in the thread in the question language, and remembers the turn', async () => {
    await h.command('latest', { channel: 'CLLM' });
    const [digest] = await h.fake.waitFor(() => {
      const posted = h.fake.posted({ channel: 'CLLM', thread_ts: null }).filter((m) => m.bot_id === h.fake.botId);
      return posted.length ? posted : null;
    });
    if (!digest) throw new Error('no digest');
    await eventually(() => h.core.store.threads.stories('slack', 'CLLM', digest.ts));
    const openai = h.openai as FakeOpenAi;

    await h.event({
      type: 'message',
      channel: 'CLLM',
      user: 'U1',
      text: 'كم شخصا توفي قبالة بودروم؟',
      ts: `${Math.floor(Date.now() / 1000)}.000101`,
      thread_ts: digest.ts,
    });
    const [reply] = await h.fake.waitFor(() => {
      const r = h.fake.posted({ channel: 'CLLM', thread_ts: digest.ts });
      return r.length ? r : null;
    });
    const request = openai.requests.filter(isAnswerRequest).at(-1);
    if (!request) throw new Error('no answer request');
    expect(openai.textOf(request, 'system')).toContain('Answer in Arabic');
    const user = openai.textOf(request, 'user');
    expect(user).toContain('كم شخصا توفي قبالة بودروم؟');
    expect(user).toMatch(/توفي اثنا عشر شخصا|Twelve people died/);
    const text = JSON.stringify(reply?.blocks);
    expect(text).toContain('توفي اثنا عشر شخصا بينهم ثلاثة أطفال');
    expect(text).toMatch(/AI-generated/);

    // A follow-up carries the earlier turn to the model, from the store.
    await eventually(
      async () => (await h.core.store.threads.turns('slack', 'CLLM', digest.ts)).length === 1,
      15_000,
      'the first stored turn',
    );
    await h.event({
      type: 'message',
      channel: 'CLLM',
      user: 'U1',
      text: 'And how many were rescued?',
      ts: `${Math.floor(Date.now() / 1000)}.000102`,
      thread_ts: digest.ts,
    });
    await h.fake.waitFor(() => {
      const r = h.fake.posted({ channel: 'CLLM', thread_ts: digest.ts });
      return r.length >= 2 ? r : null;
    });
    const followUp = openai.requests.filter(isAnswerRequest).at(-1);
    if (!followUp) throw new Error('no follow-up request');
    expect(openai.textOf(followUp, 'system')).toContain('Answer in English');
    expect(JSON.stringify(followUp.body.messages)).toContain('كم شخصا توفي قبالة بودروم؟');
    await eventually(
      async () => (await h.core.store.threads.turns('slack', 'CLLM', digest.ts)).length === 2,
      15_000,
      'two stored turns',
    );
  });
});

describe('grounded Q&A in a Teams digest thread, with the LLM', () => {
  let h: TeamsHarness;
  let openai: FakeOpenAi;
  beforeAll(async () => {
    let fake: FakeOpenAi | null = null;
    openai = await startFakeOpenAi({ responder: (req) => answerResponder(() => fake as FakeOpenAi)(req) });
    fake = openai;
    h = await startTeamsHarness({
      env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseURL, OPENAI_MODEL: 'fake-model' },
    });
  });
  afterAll(async () => {
    await h?.stop();
    await openai?.close();
  });

  it('answers an @mention in the thread of a channel digest, in that thread, with the answer and its quote', async () => {
    let since = h.connector.requests.length;
    expect(await h.send(h.channel('latest'))).toBe(200);
    const [posted] = await h.messagesAfter(since, 1);
    const threadId = posted?.createdId as string;
    expect(threadId).toContain(';messageid=');
    await expect.poll(() => h.core.store.threads.stories('teams', TEAM_CHANNEL, threadId)).toBeTruthy();

    since = h.connector.requests.length;
    expect(await h.send(h.channel('How many people died off Bodrum?', { conversationId: threadId }))).toBe(200);
    const [answer] = await h.messagesAfter(since, 1);
    expect(answer?.conversationId).toBe(threadId);
    const text = cardTextOf(answer as NonNullable<typeof answer>);
    expect(text).toContain('Twelve people died, including three children');
    const request = openai.requests.filter(isAnswerRequest).at(-1);
    if (!request) throw new Error('no answer request');
    expect(openai.textOf(request, 'system')).toContain('Answer in English');
    expect(openai.textOf(request, 'user')).toContain('How many people died off Bodrum?');
  });
});
