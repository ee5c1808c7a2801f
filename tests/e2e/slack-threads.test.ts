import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSAGES_LABEL } from '../../adapters/slack/blocks/render-answer.js';
import type { FakeMessage } from '../fakes/fake-slack-api.js';
import { validateSlackPayload } from '../helpers/validate-slack-payload.js';
import { eventually, type SlackHarness, startSlackHarness } from './slack-harness.js';

let h: SlackHarness;
let tsCounter = 0;
const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(900_000 + ++tsCounter)}`;

beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => {
  await h?.stop();
});

/** Posts a digest in `channel` through the slash command and returns its message, once the store maps it. */
async function digestIn(channel: string): Promise<FakeMessage> {
  await h.command('latest', { channel });
  const [message] = await h.fake.waitFor(() => {
    const posted = h.fake.posted({ channel, thread_ts: null }).filter((m) => m.bot_id === h.fake.botId);
    return posted.length ? posted : null;
  });
  if (!message) throw new Error('no digest');
  await eventually(() => h.core.store.threads.stories('slack', channel, message.ts), 15_000, 'the thread mapping');
  return message;
}

const repliesIn = (channel: string, threadTs: string) => h.fake.posted({ channel, thread_ts: threadTs });
const waitForReplies = (channel: string, threadTs: string, count: number) =>
  h.fake.waitFor(
    () => (repliesIn(channel, threadTs).length >= count ? repliesIn(channel, threadTs) : null),
    15_000,
    `${count} replies`,
  );

describe('thread Q&A plumbing', () => {
  it('answers a thread message under a digest in that thread, with quotes from the article', async () => {
    const digest = await digestIn('CQA1');
    const ack = await h.event({
      type: 'message',
      channel: 'CQA1',
      user: 'U2',
      text: 'How many people died near Bodrum?',
      ts: nextTs(),
      thread_ts: digest.ts,
    });
    expect(ack.status).toBe(200);
    const [reply] = await waitForReplies('CQA1', digest.ts, 1);
    const request = h.fake.calls('chat.postMessage').find((r) => r.body.thread_ts === digest.ts);
    expect(validateSlackPayload(request?.body)).toEqual([]);
    const text = JSON.stringify(reply?.blocks);
    expect(text).toMatch(/Twelve people died|توفي اثنا عشر/);
    expect(text).toContain(PASSAGES_LABEL);
    expect(reply?.metadata).toBeUndefined();
    const turns = await eventually(async () => {
      const t = await h.core.store.threads.turns('slack', 'CQA1', digest.ts);
      return t.length ? t : null;
    });
    expect(turns[0]?.question).toBe('How many people died near Bodrum?');
  });

  it('answers an app_mention once even when Slack also delivers it as a thread message', async () => {
    const digest = await digestIn('CQA2');
    const ts = nextTs();
    const question = { channel: 'CQA2', user: 'U3', text: '<@UBOT> how many were rescued?', ts, thread_ts: digest.ts };
    await h.event({ type: 'app_mention', ...question });
    await h.event({ type: 'message', ...question });
    // A later question is the sentinel: once it is answered, a second answer to the first would have shown.
    await h.event({
      type: 'message',
      channel: 'CQA2',
      user: 'U3',
      text: 'And in Lampedusa?',
      ts: nextTs(),
      thread_ts: digest.ts,
    });
    await waitForReplies('CQA2', digest.ts, 2);
    const turns = await eventually(async () => {
      const t = await h.core.store.threads.turns('slack', 'CQA2', digest.ts);
      return t.length >= 2 ? t : null;
    });
    expect(turns.map((t) => t.question)).toEqual(['how many were rescued?', 'And in Lampedusa?']);
    expect(repliesIn('CQA2', digest.ts)).toHaveLength(2);
  });

  it('ignores its own messages, other bots, edits and retried events', async () => {
    const digest = await digestIn('CQA3');
    const asked = {
      type: 'message',
      channel: 'CQA3',
      user: 'U4',
      text: 'How many children died?',
      ts: nextTs(),
      thread_ts: digest.ts,
    };
    await h.event(asked, { eventId: 'EvRETRIED1' });
    await waitForReplies('CQA3', digest.ts, 1);
    // Slack retries the same event (same event_id) when it thinks we missed it.
    const retry = await h.event(asked, {
      eventId: 'EvRETRIED1',
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    // Our own reply (as Slack echoes it), another bot, an edit.
    await h.event({
      type: 'message',
      channel: 'CQA3',
      user: 'UBOT',
      bot_id: 'BBOT',
      text: 'Twelve people died.',
      ts: nextTs(),
      thread_ts: digest.ts,
    });
    await h.event({
      type: 'message',
      channel: 'CQA3',
      user: 'UOTHER',
      bot_id: 'BOTHER',
      text: 'How many died?',
      ts: nextTs(),
      thread_ts: digest.ts,
    });
    await h.event({
      type: 'message',
      subtype: 'message_changed',
      channel: 'CQA3',
      ts: nextTs(),
      message: { text: 'edited' },
    });
    // Sentinel.
    await h.event({
      type: 'message',
      channel: 'CQA3',
      user: 'U4',
      text: 'Where did it happen?',
      ts: nextTs(),
      thread_ts: digest.ts,
    });
    await waitForReplies('CQA3', digest.ts, 2);
    const turns = await eventually(async () => {
      const t = await h.core.store.threads.turns('slack', 'CQA3', digest.ts);
      return t.length >= 2 ? t : null;
    });
    expect(turns.map((t) => t.question)).toEqual(['How many children died?', 'Where did it happen?']);
    expect(repliesIn('CQA3', digest.ts)).toHaveLength(2);
  });

  it('stays silent in threads that are not under one of its messages', async () => {
    const parent = h.fake.addUserMessage({ channel: 'CQA4', user: 'U5', text: 'Lunch?' });
    await h.event({
      type: 'message',
      channel: 'CQA4',
      user: 'U6',
      text: 'How many died?',
      ts: nextTs(),
      thread_ts: parent.ts,
    });
    const digest = await digestIn('CQA4');
    await h.event({
      type: 'message',
      channel: 'CQA4',
      user: 'U6',
      text: 'How many died?',
      ts: nextTs(),
      thread_ts: digest.ts,
    });
    await waitForReplies('CQA4', digest.ts, 1);
    expect(repliesIn('CQA4', parent.ts)).toEqual([]);
  });

  it('tells someone who @mentions it at the top of a channel where it answers questions', async () => {
    const ts = nextTs();
    await h.event({
      type: 'app_mention',
      channel: 'CQA5',
      user: 'U7',
      text: '<@UBOT> how many people died this week?',
      ts,
    });
    const [hint] = await waitForReplies('CQA5', ts, 1);
    expect(JSON.stringify(hint)).toContain('in the thread of a digest');
    expect(await h.core.store.threads.turns('slack', 'CQA5', ts)).toEqual([]);
  });
});

describe('the DM with the bot (App Home Messages tab, message.im)', () => {
  // As Slack sends a message typed in the bot's Messages tab: channel_type "im", top level, no thread_ts.
  const dm = (text: string, extra: Record<string, unknown> = {}) => ({
    type: 'message',
    channel: 'DBOTU8',
    channel_type: 'im',
    user: 'U8',
    text,
    ts: nextTs(),
    client_msg_id: `m-${tsCounter}`,
    ...extra,
  });
  const topLevelIn = (channel: string) => h.fake.posted({ channel, thread_ts: null });

  it('takes a message typed in the DM as a command: `latest` posts the digest there, `help` answers with the grammar', async () => {
    expect((await h.event(dm('latest 1'))).status).toBe(200);
    const [digest] = await h.fake.waitFor(() => (topLevelIn('DBOTU8').length ? topLevelIn('DBOTU8') : null));
    expect(digest?.metadata?.event_type).toBe('migration_news_digest');
    await h.event(dm('help'));
    const [, help] = await h.fake.waitFor(() => (topLevelIn('DBOTU8').length >= 2 ? topLevelIn('DBOTU8') : null));
    expect(JSON.stringify(help?.blocks)).toContain('subscribe');
  });

  it('answers something that is not a command with the help text, never silence', async () => {
    await h.event(dm('hello there', { channel: 'DBOTU9', user: 'U9' }));
    const [reply] = await h.fake.waitFor(() => (topLevelIn('DBOTU9').length ? topLevelIn('DBOTU9') : null));
    expect(JSON.stringify(reply?.blocks)).toContain('latest');
  });

  it('ignores its own DM messages, other bots, edits and top-level messages in channels', async () => {
    await h.event(dm('latest', { channel: 'DBOTU10', user: 'UBOT', bot_id: 'BBOT' }));
    await h.event(dm('latest', { channel: 'DBOTU10', user: 'UOTHER', bot_id: 'BOTHER', subtype: 'bot_message' }));
    await h.event({ ...dm('latest', { channel: 'DBOTU10' }), subtype: 'message_changed', user: undefined });
    await h.event(dm('latest', { channel: 'CQA6', channel_type: 'channel' }));
    // Sentinel: the next real DM message is answered, and it is the only answer.
    await h.event(dm('help', { channel: 'DBOTU10' }));
    await h.fake.waitFor(() => (topLevelIn('DBOTU10').length ? topLevelIn('DBOTU10') : null));
    await new Promise((r) => setTimeout(r, 200));
    expect(topLevelIn('DBOTU10')).toHaveLength(1);
    expect(topLevelIn('CQA6')).toEqual([]);
  });
});
