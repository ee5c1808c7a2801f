import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BOT,
  PERSONAL_CHAT,
  TEAM_CHANNEL,
  type TeamsHarness,
  cardOf,
  cardTextOf,
  startTeamsHarness,
} from './teams-harness.js';

describe('Teams commands over /api/messages (real CloudAdapter, fake Bot Connector)', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness();
  });
  afterAll(async () => h?.stop());

  /** Sends a personal-chat command and returns the bot's reply card text (a reply to that activity). */
  async function ask(text: string): Promise<string> {
    const since = h.connector.requests.length;
    const activity = h.personal(text);
    expect(await h.send(activity)).toBe(200);
    const [reply] = await h.messagesAfter(since, 1);
    expect(reply?.operation).toBe('replyToActivity');
    expect(reply?.activityId).toBe(activity.id);
    expect(reply?.conversationId).toBe(PERSONAL_CHAT);
    return cardTextOf(reply as NonNullable<typeof reply>);
  }

  it('answers `latest` with an Adaptive Card 1.5 digest whose Arabic container is right to left', async () => {
    const since = h.connector.requests.length;
    expect(await h.send(h.personal('latest'))).toBe(200);
    const [digest] = await h.messagesAfter(since, 1);
    const card = cardOf(digest as NonNullable<typeof digest>);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(digest?.operation).toBe('sendToConversation');
    expect(digest?.conversationId).toBe(PERSONAL_CHAT);
    expect(digest?.bytes).toBeLessThan(28_000);

    const containers: Array<Record<string, unknown>> = [];
    const walk = (els: unknown[]) => {
      for (const e of els as Array<Record<string, unknown>>) {
        if (e.type === 'Container') containers.push(e);
        if (Array.isArray(e.items)) walk(e.items);
      }
    };
    walk(card.body);
    const arabic = containers.find((c) =>
      String((c.items as Array<{ text?: string }>)[0]?.text ?? '').startsWith('AR · العربية'),
    );
    expect(arabic?.rtl).toBe(true);
    expect(JSON.stringify(arabic)).toContain('بودروم');
    const text = cardTextOf(digest as NonNullable<typeof digest>);
    expect(text).toContain('Boat capsizes off Bodrum');
    expect(JSON.stringify(card)).toContain('"url":"https://www.iom.int/ar/news/boat-capsizes-bodrum"');
    // The typing indicator acknowledged the message in the turn itself.
    expect(h.connector.requests.slice(since).some((r) => r.activity?.type === 'typing')).toBe(true);
    // The conversation reference was stored for proactive digests.
    const stored = await h.core.store.channels.get('teams', PERSONAL_CHAT);
    expect(stored?.conversationRef).toMatchObject({ serviceUrl: h.connector.url, conversation: { id: PERSONAL_CHAT } });
  });

  it('answers within the turn and posts the digest afterwards (Teams retries turns slower than 15 s)', async () => {
    // The digest post takes 1.5 s at the connector: a turn that waited for it would answer no sooner.
    const undelay = h.connector.delayWhen(
      (r) => r.activity?.type === 'message' && r.operation === 'sendToConversation',
      1500,
    );
    const since = h.connector.requests.length;
    const started = Date.now();
    expect(await h.send(h.personal('latest'))).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    await h.messagesAfter(since, 1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    undelay();
  });

  it('strips the mention and the command prefix', async () => {
    const since = h.connector.requests.length;
    expect(await h.send(h.personal('migration-news latest 1'))).toBe(200);
    expect(await h.send(h.personal('/migration-news latest 1'))).toBe(200);
    const messages = await h.messagesAfter(since, 2);
    for (const m of messages) expect(cardTextOf(m)).toContain('1 story');
  });

  it('strips a bot mention Teams splits into one <at> per word (one entity each, same id), and one with &nbsp; between', async () => {
    // New Teams sends "@Migration News" as <at>Migration</at> <at>News</at>: two mention entities of the bot's id.
    const since = h.connector.requests.length;
    const split = h.channel('', {
      mention: false,
      overrides: {
        text: '<at>Migration</at>&nbsp;<at>News</at>&nbsp;latest 1\n',
        entities: [
          { type: 'mention', mentioned: { id: BOT.id, name: 'Migration' }, text: '<at>Migration</at>' },
          { type: 'mention', mentioned: { id: BOT.id, name: 'News' }, text: '<at>News</at>' },
        ],
      },
    });
    expect(await h.send(split)).toBe(200);
    const [digest] = await h.messagesAfter(since, 1);
    expect(digest?.operation).toBe('createConversation');
    expect(cardTextOf(digest as NonNullable<typeof digest>)).toContain('1 story');
  });

  it('leaves the text of other people mentioned in a command', async () => {
    const since = h.connector.requests.length;
    const activity = h.channel('', {
      mention: false,
      overrides: {
        text: '<at>Migration News</at> search <at>Bodrum</at>',
        entities: [
          { type: 'mention', mentioned: BOT, text: '<at>Migration News</at>' },
          { type: 'mention', mentioned: { id: '29:bodrum', name: 'Bodrum' }, text: '<at>Bodrum</at>' },
        ],
      },
    });
    expect(await h.send(activity)).toBe(200);
    const [reply] = await h.messagesAfter(since, 1);
    expect(cardTextOf(reply as NonNullable<typeof reply>)).toContain('Boat capsizes off Bodrum');
  });

  it('starts a new thread in the channel for `@bot latest` and maps it to the stories for Q&A', async () => {
    const since = h.connector.requests.length;
    expect(await h.send(h.channel('latest'))).toBe(200);
    const [digest] = await h.messagesAfter(since, 1);
    expect(digest?.operation).toBe('createConversation');
    expect(digest?.body).toMatchObject({ isGroup: true, channelData: { channel: { id: TEAM_CHANNEL } } });
    const threadId = digest?.createdId as string;
    expect(threadId).toMatch(new RegExp(`^${TEAM_CHANNEL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')};messageid=\\d+$`));
    await expect
      .poll(() => h.core.store.threads.stories('teams', TEAM_CHANNEL, threadId))
      .toMatchObject({ storyIds: expect.arrayContaining(['bodrum', 'lampedusa']) });
  });

  it('answers help with the grammar', async () => {
    const text = await ask('help');
    expect(text).toContain('subscribe \\[daily HH:MM');
    expect(text).toContain('Examples:');
  });

  it('answers search with a list of matching stories', async () => {
    const text = await ask('search Bodrum');
    expect(text).toContain('Stories matching "Bodrum"');
    expect(text).toContain('Boat capsizes off Bodrum');
  });

  it('subscribes, reports status, changes languages and unsubscribes', async () => {
    expect(await ask('subscribe daily 08:00 tz Africa/Cairo lang en,ar')).toContain('Subscribed.');
    expect(await h.core.store.subscriptions.get('teams', PERSONAL_CHAT)).toMatchObject({
      cron: '0 8 * * *',
      timezone: 'Africa/Cairo',
      languages: ['en', 'ar'],
    });
    expect(await ask('status')).toMatch(/Africa\/Cairo/);
    expect(await ask('lang en,fr')).toContain('en + fr');
    expect((await h.core.store.subscriptions.get('teams', PERSONAL_CHAT))?.languages).toEqual(['en', 'fr']);
    expect(await ask('unsubscribe')).toContain('Unsubscribed');
    expect(await h.core.store.subscriptions.get('teams', PERSONAL_CHAT)).toBeUndefined();
  });

  it('lists the sources', async () => {
    expect(await ask('sources')).toContain('IOM');
  });

  it('answers bad input with the error and the help text, and keeps working', async () => {
    const unknown = await ask('frobnicate now');
    expect(unknown).toContain('I don\'t know the command "frobnicate"');
    expect(unknown).toContain('Commands:');
    expect(await ask('subscribe hourly')).toContain('I did not understand "hourly"');
    expect(await ask('latest 500')).toContain('from 1 to 50');
    expect(await ask('lang english')).toContain('is not a language list');
    expect(await ask('search')).toContain('**search** needs words');
    expect(await ask('help')).toContain('Commands:');
  });

  it('handles an activity Teams delivers again once: no second typing indicator, no second answer', async () => {
    const since = h.connector.requests.length;
    const activity = h.personal('help');
    expect(await h.send(activity)).toBe(200);
    await h.messagesAfter(since, 1);
    const once = h.connector.requests.slice(since).map((r) => `${r.operation} ${r.activity?.type}`);
    expect(once).toEqual(['replyToActivity typing', 'replyToActivity message']);
    expect(await h.send(activity)).toBe(200);
    expect(await Promise.all([h.send(activity), h.send(activity)])).toEqual([200, 200]);
    await new Promise((r) => setTimeout(r, 500));
    expect(h.connector.requests.slice(since).map((r) => `${r.operation} ${r.activity?.type}`)).toEqual(once);
  });

  it('ignores channel messages that do not address the bot', async () => {
    const since = h.connector.requests.length;
    expect(await h.send(h.channel('latest', { mention: false }))).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.connector.requests.slice(since)).toHaveLength(0);
  });

  it('refuses bodies that are not activities', async () => {
    const res = await fetch(`http://127.0.0.1:${h.bot.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(res.status).toBe(400);
    expect(await h.send({ text: 'no type' })).toBe(400);
  });
});
