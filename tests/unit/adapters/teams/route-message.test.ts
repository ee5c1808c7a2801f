import { describe, expect, it } from 'vitest';
import { baseConversationId, threadConversationId, threadRootId } from '../../../../adapters/teams/conversation-ids.js';
import { parseStoredReference, referenceFromActivity } from '../../../../adapters/teams/conversation-reference.js';
import { readQuotedReply } from '../../../../adapters/teams/read-quoted-reply.js';
import { type IncomingMessage, routeMessage } from '../../../../adapters/teams/route-message.js';

const CHANNEL = '19:general@thread.tacv2';
const personal = (overrides: Partial<IncomingMessage> = {}): IncomingMessage => ({
  text: 'latest',
  conversationId: 'a:1personal',
  conversationType: 'personal',
  activityId: '1700000000100',
  replyToMessageId: null,
  mentioned: false,
  ...overrides,
});
const channel = (overrides: Partial<IncomingMessage> = {}): IncomingMessage =>
  personal({
    conversationId: `${CHANNEL};messageid=1700000000100`,
    conversationType: 'channel',
    mentioned: true,
    ...overrides,
  });

describe('Teams message routing', () => {
  it('reads commands with or without the migration-news prefix', () => {
    expect(routeMessage(personal({ text: 'latest 5' }))).toEqual({ kind: 'command', text: 'latest 5' });
    expect(routeMessage(personal({ text: 'migration-news latest' }))).toEqual({ kind: 'command', text: 'latest' });
    expect(routeMessage(personal({ text: '/migration-news   subscribe daily 08:00' }))).toEqual({
      kind: 'command',
      text: 'subscribe daily 08:00',
    });
    expect(routeMessage(personal({ text: '&nbsp;help\n' }))).toEqual({ kind: 'command', text: 'help' });
    expect(routeMessage(personal({ text: '' }))).toEqual({ kind: 'command', text: '' });
  });

  it('treats a top-level channel message that mentions the bot as a command', () => {
    expect(routeMessage(channel({ text: 'latest' }))).toEqual({ kind: 'command', text: 'latest' });
    expect(routeMessage(channel({ text: 'How many died?' }))).toEqual({ kind: 'command', text: 'How many died?' });
  });

  it('ignores channel messages that neither mention the bot nor use the prefix', () => {
    expect(routeMessage(channel({ mentioned: false, text: 'latest' }))).toEqual({ kind: 'ignore' });
    expect(routeMessage(channel({ mentioned: false, text: 'migration-news latest' }))).toEqual({
      kind: 'command',
      text: 'latest',
    });
  });

  it('routes a mention in a reply thread to Q&A with the thread conversation id, unless it is a command', () => {
    const thread = `${CHANNEL};messageid=1700000000001`;
    expect(routeMessage(channel({ conversationId: thread, text: 'How many people were rescued?' }))).toEqual({
      kind: 'question',
      threadId: thread,
      text: 'How many people were rescued?',
    });
    expect(routeMessage(channel({ conversationId: thread, text: 'status' }))).toEqual({
      kind: 'command',
      text: 'status',
    });
  });

  it('answers a thread question that starts with a command word; only a reply that is a whole command runs one', () => {
    const thread = `${CHANNEL};messageid=1700000000001`;
    for (const text of [
      'Latest figures: how many arrived in Lampedusa?',
      'Search and rescue: how many people were rescued?',
      'Help for survivors: where were they taken?',
      'Status of the survivors',
      'Updates on the Lampedusa arrivals',
      'latest 5?',
      'sources؟',
    ])
      expect(routeMessage(channel({ conversationId: thread, text })), text).toEqual({
        kind: 'question',
        threadId: thread,
        text,
      });
    // Whole commands stay commands in a thread, and the prefix always makes one.
    for (const text of ['latest 5', 'help', 'updates off', 'search Lampedusa arrivals', 'lang en,ar only'])
      expect(routeMessage(channel({ conversationId: thread, text })), text).toEqual({ kind: 'command', text });
    expect(routeMessage(channel({ conversationId: thread, text: 'migration-news latest figures?' }))).toEqual({
      kind: 'command',
      text: 'latest figures?',
    });
    // In a chat, the same for a reply to one of the bot's messages; a message that is not a reply is a command.
    expect(routeMessage(personal({ text: 'Search and rescue: who ran it?', replyToMessageId: '17' }))).toEqual({
      kind: 'question',
      threadId: '17',
      text: 'Search and rescue: who ran it?',
    });
    expect(routeMessage(personal({ text: 'latest 999' }))).toEqual({ kind: 'command', text: 'latest 999' });
  });

  it('routes a chat reply to one of the bot’s messages to Q&A about that message', () => {
    expect(routeMessage(personal({ text: 'كم عدد الضحايا؟', replyToMessageId: '1700000000005' }))).toEqual({
      kind: 'question',
      threadId: '1700000000005',
      text: 'كم عدد الضحايا؟',
    });
    expect(routeMessage(personal({ text: 'latest', replyToMessageId: '1700000000005' }))).toEqual({
      kind: 'command',
      text: 'latest',
    });
  });
});

describe('Teams conversation ids and references', () => {
  it('tells a channel from its threads', () => {
    const thread = threadConversationId(CHANNEL, '42');
    expect(thread).toBe(`${CHANNEL};messageid=42`);
    expect(baseConversationId(thread)).toBe(CHANNEL);
    expect(threadRootId(thread)).toBe('42');
    expect(threadRootId(CHANNEL)).toBeNull();
  });

  it('keeps the reference of the channel, not of the thread or message', () => {
    const reference = referenceFromActivity({
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      conversation: { id: `${CHANNEL};messageid=42`, conversationType: 'channel', tenantId: 't1' },
      recipient: { id: '28:bot', name: 'Migration News' },
      from: { id: '29:user', name: 'Alice' },
    });
    expect(reference?.conversation).toEqual({ id: CHANNEL, conversationType: 'channel', tenantId: 't1' });
    expect(parseStoredReference(JSON.parse(JSON.stringify(reference)))).toEqual(reference);
  });

  it('refuses stored references without a usable serviceUrl', () => {
    expect(() =>
      parseStoredReference({ channelId: 'msteams', serviceUrl: 'ftp://x', conversation: { id: 'a' } }),
    ).toThrow(/unusable/);
    expect(() => parseStoredReference(null)).toThrow(/unusable/);
  });

  it('finds the message quoted with Teams "Reply" in a chat', () => {
    const quoted = readQuotedReply({
      attachments: [
        {
          contentType: 'text/html',
          content:
            '<blockquote itemscope="" itemtype="http://schema.skype.com/Reply" itemid="1700000000005"><strong>Migration News</strong><p>Digest</p></blockquote><p>How many were&nbsp;rescued?</p>',
        },
      ],
    });
    expect(quoted).toEqual({ messageId: '1700000000005', text: 'How many were rescued?' });
    expect(readQuotedReply({ attachments: [{ contentType: 'text/html', content: '<p>hi</p>' }] })).toBeNull();
  });
});
