import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type SlackHarness, startSlackHarness } from '../e2e/slack-harness.js';
import { cardTextOf, type TeamsHarness, startTeamsHarness } from '../e2e/teams-harness.js';
import { type FakeOpenAi, startFakeOpenAi } from '../fakes/fake-openai.js';

/**
 * SPEC 7/8: oversized chat input (a 100 KB slash command, message or thread question) gets a short error, costs no
 * LLM call, posts nothing, and leaves the bot serving. Both bots run with an LLM configured, so "no LLM call" is
 * a real check.
 */

const HUGE = `latest ${'A'.repeat(100 * 1024)}`;
const HUGE_QUESTION = `How many people ${'were rescued '.repeat(8_000)}?`;

describe('SPEC 7/8 · oversized chat input: a short error, no LLM call, no crash', () => {
  describe('Slack', () => {
    let h: SlackHarness;
    beforeAll(async () => {
      h = await startSlackHarness({ llm: (request, fake) => fake.autoAnswer(request) });
    });
    afterAll(async () => h?.stop());

    it('a 100 KB slash command: acked, answered with a short error that does not echo it, nothing posted', async () => {
      const llmCalls = h.openai?.requests.length ?? 0;
      const response = await h.command(HUGE, { channel: 'CHUGE' });
      expect(response.status).toBe(200);
      const reply = await h.replyTo(response.responseUrl);
      expect(reply).toMatch(/That command is too long \(\d+ characters, at most 1000\)/);
      expect(JSON.stringify(h.responsesTo(response.responseUrl)).length).toBeLessThan(6_000);
      expect(reply).not.toContain('A'.repeat(100));
      expect(h.openai?.requests.length).toBe(llmCalls);
      expect(h.fake.posted({ channel: 'CHUGE' })).toEqual([]);
      // Still serving.
      const help = await h.command('help', { channel: 'CHUGE' });
      expect(await h.replyTo(help.responseUrl)).toContain('Commands:');
    });

    it('a 100 KB thread question: a short reply in the thread, no LLM call', async () => {
      await h.command('latest', { channel: 'CHUGEQ' });
      const [digest] = await h.fake.waitFor(() => {
        const posted = h.fake.posted({ channel: 'CHUGEQ', thread_ts: null }).filter((m) => m.metadata);
        return posted.length ? posted : null;
      }, 20_000);
      if (!digest) throw new Error('no digest');
      await eventually(() => h.core.store.threads.stories('slack', 'CHUGEQ', digest.ts), 15_000, 'the thread mapping');
      const llmCalls = h.openai?.requests.length ?? 0;
      await h.event({
        type: 'message',
        channel: 'CHUGEQ',
        user: 'U1',
        text: HUGE_QUESTION,
        ts: `${Math.floor(Date.now() / 1000)}.000991`,
        thread_ts: digest.ts,
      });
      const [reply] = await h.fake.waitFor(
        () => {
          const replies = h.fake.posted({ channel: 'CHUGEQ', thread_ts: digest.ts });
          return replies.length ? replies : null;
        },
        15_000,
        'the reply',
      );
      expect(JSON.stringify(reply?.blocks)).toContain('That question is too long');
      expect(JSON.stringify(reply).length).toBeLessThan(3_000);
      expect(h.openai?.requests.length).toBe(llmCalls);
      expect(await h.core.store.threads.turns('slack', 'CHUGEQ', digest.ts)).toEqual([]);
    });
  });

  describe('Teams', () => {
    let h: TeamsHarness;
    let openai: FakeOpenAi;
    beforeAll(async () => {
      openai = await startFakeOpenAi();
      h = await startTeamsHarness({
        env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseURL, OPENAI_MODEL: 'fake-model' },
      });
    });
    afterAll(async () => {
      await h?.stop();
      await openai?.close();
    });

    it('a 100 KB message: answered with a short error card, no LLM call, still serving', async () => {
      const since = h.connector.requests.length;
      expect(await h.send(h.personal(HUGE))).toBe(200);
      const [reply] = await h.messagesAfter(since, 1);
      if (!reply) throw new Error('no reply');
      expect(cardTextOf(reply)).toMatch(/That command is too long/);
      expect(reply.bytes).toBeLessThan(10_000);
      expect(openai.requests).toEqual([]);
      const after = h.connector.requests.length;
      expect(await h.send(h.personal('help'))).toBe(200);
      expect(cardTextOf((await h.messagesAfter(after, 1))[0] ?? reply)).toContain('Commands');
    });

    it('a body over the 1 MB limit is refused before any processing, and the bot keeps serving', async () => {
      const since = h.connector.requests.length;
      expect([400, 413]).toContain(await h.send(h.personal('x'.repeat(2 * 1024 * 1024))));
      expect(h.connector.requests.length).toBe(since);
      expect(await h.send(h.personal('help'))).toBe(200);
      await h.messagesAfter(since, 1);
    });
  });
});
