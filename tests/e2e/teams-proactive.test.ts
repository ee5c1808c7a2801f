import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatAdapter } from '../../src/ports/chat-adapter.js';
import { makeLargeDigest } from '../helpers/digest-items.js';
import {
  BOT,
  PERSONAL_CHAT,
  TEAM_CHANNEL,
  TENANT,
  type TeamsHarness,
  cardOf,
  cardTextOf,
  startTeamsHarness,
} from './teams-harness.js';

describe('Teams proactive digests and thread Q&A', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness();
  });
  afterAll(async () => h?.stop());

  let threadId = '';

  it('stores the conversation reference when added to a team, greets, and delivers a scheduled digest to it', async () => {
    const since = h.connector.requests.length;
    expect(await h.send(h.installedInTeam())).toBe(200);
    const [greeting] = await h.messagesAfter(since, 1);
    expect(greeting?.operation).toBe('sendToConversation');
    expect(greeting?.conversationId).toBe(TEAM_CHANNEL);
    expect(cardTextOf(greeting as NonNullable<typeof greeting>)).toContain('bilingual migration news digests');

    await expect.poll(() => h.core.store.channels.get('teams', TEAM_CHANNEL)).toBeDefined();
    const stored = await h.core.store.channels.get('teams', TEAM_CHANNEL);
    expect(stored?.conversationRef).toMatchObject({
      serviceUrl: h.connector.url,
      conversation: { id: TEAM_CHANNEL, conversationType: 'channel' },
      bot: { id: BOT.id },
    });

    const { digest, outcome, posted } = await h.deliverScheduled(TEAM_CHANNEL);
    expect(outcome.status).toBe('posted');
    expect(posted?.operation).toBe('createConversation');
    expect(posted?.body).toMatchObject({
      isGroup: true,
      bot: { id: BOT.id },
      tenantId: TENANT,
      channelData: { channel: { id: TEAM_CHANNEL } },
    });
    expect(cardOf(posted as NonNullable<typeof posted>).version).toBe('1.5');
    threadId = posted?.createdId as string;
    if (outcome.status !== 'posted') return;
    expect(outcome.messages).toEqual([
      { messageId: threadId.split(';messageid=')[1], threadId, storyIds: digest.items.map((i) => i.id) },
    ]);
    expect(await h.core.store.threads.stories('teams', TEAM_CHANNEL, threadId)).toMatchObject({
      storyIds: digest.items.map((i) => i.id),
    });
  });

  it('answers an @mention in the digest thread, in that thread, from the digest’s stories', async () => {
    expect(threadId).not.toBe('');
    const since = h.connector.requests.length;
    expect(await h.send(h.channel('How many people were rescued?', { conversationId: threadId }))).toBe(200);
    const [answer] = await h.messagesAfter(since, 1);
    expect(answer?.operation).toBe('sendToConversation');
    expect(answer?.conversationId).toBe(threadId);
    const text = cardTextOf(answer as NonNullable<typeof answer>);
    expect(text).toContain('Q: How many people were rescued?');
    expect(text).toMatch(/Thirty-one people were rescued|وتم إنقاذ واحد وثلاثين/);
    await expect.poll(() => h.core.store.threads.turns('teams', TEAM_CHANNEL, threadId)).toHaveLength(1);
  });

  it('treats a command in the digest thread as a command, not a question', async () => {
    const since = h.connector.requests.length;
    const activity = h.channel('help', { conversationId: threadId });
    expect(await h.send(activity)).toBe(200);
    const [reply] = await h.messagesAfter(since, 1);
    expect(reply?.operation).toBe('replyToActivity');
    expect(reply?.conversationId).toBe(threadId);
    expect(cardTextOf(reply as NonNullable<typeof reply>)).toContain('Commands:');
  });

  it('answers a question that replies to a digest in a personal chat, under that message', async () => {
    let since = h.connector.requests.length;
    expect(await h.send(h.personal('latest'))).toBe(200);
    const [digest] = await h.messagesAfter(since, 1);
    const digestId = digest?.createdId as string;
    await expect.poll(() => h.core.store.threads.stories('teams', PERSONAL_CHAT, digestId)).toBeDefined();

    since = h.connector.requests.length;
    expect(await h.send(h.personal('How many people died?', { replyToId: digestId }))).toBe(200);
    const [answer] = await h.messagesAfter(since, 1);
    expect(answer?.operation).toBe('replyToActivity');
    expect(answer?.conversationId).toBe(PERSONAL_CHAT);
    expect(answer?.activityId).toBe(digestId);
    expect(cardTextOf(answer as NonNullable<typeof answer>)).toContain('Q: How many people died?');

    // Teams' "Reply" in chats quotes the message instead of setting replyToId.
    since = h.connector.requests.length;
    const quoted = h.personal('ignored', {
      attachments: [
        {
          contentType: 'text/html',
          content: `<blockquote itemscope="" itemtype="http://schema.skype.com/Reply" itemid="${digestId}"><p>Migration news digest</p></blockquote><p>Where did the boat capsize?</p>`,
        },
      ],
    });
    expect(await h.send(quoted)).toBe(200);
    const [second] = await h.messagesAfter(since, 1);
    expect(second?.activityId).toBe(digestId);
    expect(cardTextOf(second as NonNullable<typeof second>)).toContain('Q: Where did the boat capsize?');
  });

  it('stays silent on a question in a thread that is not under one of its digests', async () => {
    const since = h.connector.requests.length;
    expect(
      await h.send(h.channel('How many people were rescued?', { conversationId: `${TEAM_CHANNEL};messageid=999` })),
    ).toBe(200);
    await new Promise((r) => setTimeout(r, 400));
    expect(h.connector.requests.slice(since).filter((r) => r.activity?.type === 'message')).toHaveLength(0);
  });
});

describe('Teams digests over the size limit', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness({ stories: [] });
  });
  afterAll(async () => h?.stop());

  const reference = (conversation: Record<string, unknown>) => ({
    channelId: 'msteams',
    serviceUrl: '',
    conversation: { tenantId: TENANT, ...conversation },
    bot: BOT,
  });

  it('splits a 100-story digest into messages under 28 KB, one channel thread holding every part', async () => {
    const adapter = h.bot.adapters.get('teams') as ChatAdapter;
    const digest = makeLargeDigest(100);
    const since = h.connector.requests.length;
    // A reference stored by an earlier run: this process never saw the channel.
    const conversationRef = {
      ...reference({ id: TEAM_CHANNEL, conversationType: 'channel', isGroup: true }),
      serviceUrl: h.connector.url,
    };
    const posted = await adapter.post(
      { platform: 'teams', channelId: TEAM_CHANNEL, conversationRef },
      { kind: 'digest', digest },
    );

    const requests = h.connector.requests.slice(since);
    expect(posted.length).toBeGreaterThan(1);
    expect(requests).toHaveLength(posted.length);
    expect(Math.max(...requests.map((r) => r.bytes))).toBeLessThan(28_000);
    const [first, ...rest] = requests;
    expect(first?.operation).toBe('createConversation');
    const thread = first?.createdId as string;
    for (const r of rest) {
      expect(r.operation).toBe('sendToConversation');
      expect(r.conversationId).toBe(thread);
    }
    for (const [i, r] of requests.entries()) expect(cardTextOf(r)).toContain(`part ${i + 1}/${requests.length}`);
    expect(new Set(posted.map((p) => p.threadId))).toEqual(new Set([thread]));
    expect(posted.flatMap((p) => p.storyIds)).toEqual(digest.items.map((i) => i.id));
    expect(posted.map((p) => p.messageId)).toEqual([thread.split(';messageid=')[1], ...rest.map((r) => r.createdId)]);
  });

  it('in a personal chat, posts the parts as separate messages, each its own reply target', async () => {
    const adapter = h.bot.adapters.get('teams') as ChatAdapter;
    const since = h.connector.requests.length;
    const conversationRef = {
      ...reference({ id: PERSONAL_CHAT, conversationType: 'personal' }),
      serviceUrl: h.connector.url,
    };
    const posted = await adapter.post(
      { platform: 'teams', channelId: PERSONAL_CHAT, conversationRef },
      { kind: 'digest', digest: makeLargeDigest(100) },
    );
    const requests = h.connector.requests.slice(since);
    expect(
      requests.every(
        (r) => r.operation === 'sendToConversation' && r.conversationId === PERSONAL_CHAT && r.bytes < 28_000,
      ),
    ).toBe(true);
    expect(posted.map((p) => p.threadId)).toEqual(requests.map((r) => r.createdId));
    expect(posted.map((p) => p.messageId)).toEqual(requests.map((r) => r.createdId));
  });

  it('refuses to post where it has no conversation reference', async () => {
    const adapter = h.bot.adapters.get('teams') as ChatAdapter;
    await expect(
      adapter.post(
        { platform: 'teams', channelId: '19:unknown@thread.tacv2' },
        { kind: 'notice', tone: 'info', text: 'hi' },
      ),
    ).rejects.toMatchObject({
      code: 'NO_CONVERSATION_REFERENCE',
    });
  });
});
