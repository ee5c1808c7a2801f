import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_LABEL } from '../../adapters/slack/blocks/render-answer.js';
import { DIGEST_EVENT_TYPE } from '../../adapters/slack/blocks/render-digest.js';
import { validateSlackPayload } from '../helpers/validate-slack-payload.js';
import { eventually, type SlackHarness, startSlackHarness } from './slack-harness.js';

const LLM_DELAY_MS = 5_000;
// The one timing bound these tests assert: Slack drops commands not acknowledged within 3 s.
const SLACK_ACK_DEADLINE_MS = 3_000;

let h: SlackHarness;

beforeAll(async () => {
  // Every LLM call takes 5 s (a slow model). Summaries: a valid structured reply built from the schema;
  // answers: Markdown that tries to ping the channel, quoting passage 1.
  h = await startSlackHarness({
    llm: (request, fake) => {
      const reply =
        request.body.response_format?.json_schema?.name === 'answer'
          ? fake.completion({
              answer: '**Twelve** people died, including three children. <!channel>',
              covered: true,
              storyIndex: 1,
              quotes: [1],
            })
          : fake.autoAnswer(request);
      return { ...reply, delayMs: LLM_DELAY_MS };
    },
  });
});
afterAll(async () => {
  await h?.stop();
});

describe('/migration-news while the LLM takes 5 s per call', () => {
  it('acks within 3 s, then the digest reaches Slack with its metadata once the LLM has answered', async () => {
    const sentAt = Date.now();
    const ack = await h.command('latest', { channel: 'CSLOWLLM' });
    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(SLACK_ACK_DEADLINE_MS);
    console.info(`slash command ack with a ${LLM_DELAY_MS / 1000} s LLM: ${ack.ms.toFixed(1)} ms`);

    const [message] = await h.fake.waitFor(
      () => {
        const posted = h.fake.posted({ channel: 'CSLOWLLM' });
        return posted.length ? posted : null;
      },
      40_000,
      'the digest',
    );
    const postedAt =
      h.fake.calls('chat.postMessage').find((r) => r.body.channel === 'CSLOWLLM' && r.status === 200)?.at ?? 0;
    expect(postedAt - sentAt).toBeGreaterThanOrEqual(LLM_DELAY_MS);
    expect(h.openai?.requests.length).toBeGreaterThan(0);
    expect(message?.metadata).toMatchObject({ event_type: DIGEST_EVENT_TYPE, event_payload: { part: 1, parts: 1 } });
    expect(
      validateSlackPayload(h.fake.calls('chat.postMessage').find((r) => r.body.channel === 'CSLOWLLM')?.body),
    ).toEqual([]);
  }, 60_000);

  it('acks 20 concurrent commands within 3 s each', async () => {
    const acks = await Promise.all(
      Array.from({ length: 20 }, (_, i) => h.command(i % 2 ? 'latest' : 'status', { channel: `CCONC${i}` })),
    );
    const times = acks.map((a) => a.ms).sort((a, b) => a - b);
    for (const a of acks) expect(a.status).toBe(200);
    expect(times.at(-1)).toBeLessThan(SLACK_ACK_DEADLINE_MS);
    console.info(`20 concurrent acks: median ${times[10]?.toFixed(1)} ms, max ${times.at(-1)?.toFixed(1)} ms`);
    // Let the background work finish before the next test, so it does not compete for the fake LLM.
    await h.fake.waitFor(
      () => acks.every((_, i) => (i % 2 ? h.fake.posted({ channel: `CCONC${i}` }).length > 0 : true)),
      40_000,
      'the digests',
    );
  }, 60_000);

  it('answers a thread question with the LLM, labelled as an AI answer grounded in quotes', async () => {
    const [digest] = h.fake.posted({ channel: 'CSLOWLLM', thread_ts: null });
    expect(digest).toBeDefined();
    const ack = await h.event({
      type: 'message',
      channel: 'CSLOWLLM',
      user: 'U9',
      text: 'How many people died near Bodrum?',
      ts: `${Math.floor(Date.now() / 1000)}.777001`,
      thread_ts: digest?.ts,
    });
    expect(ack.ms).toBeLessThan(SLACK_ACK_DEADLINE_MS);
    const [reply] = await h.fake.waitFor(
      () => {
        const replies = h.fake.posted({ channel: 'CSLOWLLM', thread_ts: digest?.ts ?? '' });
        return replies.length ? replies : null;
      },
      40_000,
      'the answer',
    );
    const turns = await eventually(async () => {
      const t = await h.core.store.threads.turns('slack', 'CSLOWLLM', digest?.ts ?? '');
      return t.length ? t : null;
    });
    expect(turns).toHaveLength(1);
    expect(
      validateSlackPayload(h.fake.calls('chat.postMessage').find((r) => r.body.thread_ts === digest?.ts)?.body),
    ).toEqual([]);
    const text = JSON.stringify(reply?.blocks);
    expect(text).toMatch(/\*Twelve\*(\\u200b|\u200b)? people died/);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain(ANSWER_LABEL);
    expect(text).toMatch(/"text":">[^"]*Bodrum/);
  }, 60_000);
});
