import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorRequest } from '../fakes/fake-bot-connector.js';
import { BOT, TENANT, type TeamsHarness, cardOf, cardTextOf, startTeamsHarness } from './teams-harness.js';

describe('Teams installs announced by installationUpdate (real CloudAdapter, fake Bot Connector)', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness();
  });
  afterAll(async () => h?.stop());

  const personal = (id: string) => ({ id, conversationType: 'personal', tenantId: TENANT });
  /** A conversationUpdate with the bot added to (or removed from) a chat, as Teams sends it. */
  const botMember = (conversation: Record<string, unknown>, change: 'membersAdded' | 'membersRemoved') => {
    const { membersAdded: _, ...update } = h.installedInTeam();
    return { ...update, conversation, channelData: { tenant: { id: TENANT } }, [change]: [{ id: BOT.id }] };
  };
  const messagesSince = (since: number) =>
    h.connector.messages().filter((r) => h.connector.requests.indexOf(r) >= since);
  const greetings = (since: number, conversationId: string) =>
    messagesSince(since).filter(
      (r) => r.conversationId === conversationId && cardTextOf(r).includes('bilingual migration news digests'),
    );
  const settle = () => new Promise((r) => setTimeout(r, 400));

  it('stores the reference of a personal install, greets once, and a scheduled digest reaches the chat', async () => {
    const chat = 'a:1installed-by-alice';
    const since = h.connector.requests.length;
    const install = h.installation('add', personal(chat));
    expect(await h.send(install)).toBe(200);
    const [greeting] = await h.messagesAfter(since, 1);
    expect(greeting).toMatchObject({ operation: 'sendToConversation', conversationId: chat });

    await expect.poll(() => h.core.store.channels.get('teams', chat)).toBeDefined();
    const stored = await h.core.store.channels.get('teams', chat);
    expect(stored?.conversationRef).toMatchObject({
      serviceUrl: h.connector.url,
      conversation: { id: chat, conversationType: 'personal', tenantId: TENANT },
      bot: { id: BOT.id },
    });

    const { outcome, posted } = await h.deliverScheduled(chat);
    expect(outcome.status).toBe('posted');
    expect(posted).toMatchObject({ operation: 'sendToConversation', conversationId: chat });
    expect(cardOf(posted as ConnectorRequest).version).toBe('1.5');
    expect(greetings(since, chat)).toHaveLength(1);
  });

  it('takes an add-upgrade (the bot added by an app update) as an install', async () => {
    const chat = 'a:1upgraded-by-alice';
    const since = h.connector.requests.length;
    expect(await h.send(h.installation('add-upgrade', personal(chat)))).toBe(200);
    await h.messagesAfter(since, 1);
    await expect.poll(() => h.core.store.channels.get('teams', chat)).toBeDefined();
    expect(greetings(since, chat)).toHaveLength(1);
  });

  it('greets a conversation once when Teams announces the install both ways, in either order', async () => {
    const first = 'a:1both-install-first';
    const second = 'a:1both-update-first';
    const since = h.connector.requests.length;
    expect(await h.send(h.installation('add', personal(first)))).toBe(200);
    expect(await h.send(botMember(personal(first), 'membersAdded'))).toBe(200);
    expect(await h.send(botMember(personal(second), 'membersAdded'))).toBe(200);
    expect(await h.send(h.installation('add', personal(second)))).toBe(200);
    await h.messagesAfter(since, 2);
    await settle();
    expect(greetings(since, first)).toHaveLength(1);
    expect(greetings(since, second)).toHaveLength(1);
    expect(messagesSince(since)).toHaveLength(2);
  });

  it('greets again when the bot is added back after being removed, and says nothing on removal', async () => {
    const chat = 'a:1removed-and-back';
    const since = h.connector.requests.length;
    expect(await h.send(h.installation('add', personal(chat)))).toBe(200);
    await h.messagesAfter(since, 1);
    expect(await h.send(h.installation('remove', personal(chat)))).toBe(200);
    expect(await h.send(botMember(personal(chat), 'membersRemoved'))).toBe(200);
    await settle();
    expect(messagesSince(since)).toEqual(greetings(since, chat));
    expect(greetings(since, chat)).toHaveLength(1);
    expect(await h.send(h.installation('add', personal(chat)))).toBe(200);
    await h.messagesAfter(since, 2);
    await settle();
    expect(greetings(since, chat)).toHaveLength(2);
  });
});
