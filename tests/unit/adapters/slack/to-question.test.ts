import { describe, expect, it } from 'vitest';
import { toQuestion } from '../../../../adapters/slack/to-question.js';

const self = { botUserId: 'UBOT', botId: 'BBOT' };
const base = { channel: 'C1', user: 'U1', text: 'How many were rescued?', ts: '200.000100', thread_ts: '100.000100' };

describe('toQuestion', () => {
  it('takes a human reply in a thread as a question about that thread', () => {
    expect(toQuestion({ type: 'message', ...base }, self)).toEqual({
      channelId: 'C1',
      threadId: '100.000100',
      ts: '200.000100',
      userId: 'U1',
      text: 'How many were rescued?',
      topLevelMention: false,
      directCommand: false,
    });
  });

  it('takes a top-level message in the DM with the bot (channel_type im) as a command, a DM thread reply as a question', () => {
    const dm = { ...base, channel: 'D1', channel_type: 'im', thread_ts: undefined };
    expect(toQuestion({ type: 'message', ...dm, text: 'latest 2' }, self)).toMatchObject({
      channelId: 'D1',
      text: 'latest 2',
      directCommand: true,
    });
    expect(toQuestion({ type: 'message', ...dm, thread_ts: '100.000100' }, self)?.directCommand).toBe(false);
    expect(toQuestion({ type: 'message', ...dm, channel_type: 'channel' }, self)).toBeNull();
    expect(toQuestion({ type: 'message', ...dm, bot_id: 'B2' }, self)).toBeNull();
  });

  it('strips the mention from an app_mention and keeps its thread', () => {
    expect(toQuestion({ type: 'app_mention', ...base, text: '<@UBOT> how many?' }, self)?.text).toBe('how many?');
  });

  it('answers a top-level app_mention in a thread of its own, marked as a top-level mention', () => {
    const question = toQuestion(
      { type: 'app_mention', channel: 'C1', user: 'U1', text: '<@UBOT> hi', ts: '300.1' },
      self,
    );
    expect(question?.threadId).toBe('300.1');
    expect(question?.topLevelMention).toBe(true);
    expect(toQuestion({ type: 'app_mention', ...base, text: '<@UBOT> how many?' }, self)?.topLevelMention).toBe(false);
  });

  it('ignores top-level messages, the thread parent, bots, our own messages, edits and empty text', () => {
    expect(toQuestion({ type: 'message', ...base, thread_ts: undefined }, self)).toBeNull();
    expect(toQuestion({ type: 'message', ...base, thread_ts: base.ts }, self)).toBeNull();
    expect(toQuestion({ type: 'message', ...base, bot_id: 'B2' }, self)).toBeNull();
    expect(toQuestion({ type: 'message', ...base, user: 'UBOT' }, self)).toBeNull();
    expect(toQuestion({ type: 'message', ...base, subtype: 'message_changed' }, self)).toBeNull();
    expect(toQuestion({ type: 'message', ...base, subtype: 'bot_message' }, self)).toBeNull();
    expect(toQuestion({ type: 'app_mention', ...base, text: '<@UBOT>' }, self)).toBeNull();
  });

  it('accepts a thread reply also sent to the channel', () => {
    expect(toQuestion({ type: 'message', ...base, subtype: 'thread_broadcast' }, self)).not.toBeNull();
  });
});
