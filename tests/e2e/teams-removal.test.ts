import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.js';
import type { ConnectorRequest } from '../fakes/fake-bot-connector.js';
import { waitFor } from '../helpers/schedule-harness.js';
import { storyTitled } from './slack-harness.js';
import { BOT, TEAM_CHANNEL, TENANT, type TeamsHarness, USER, cardTextOf, startTeamsHarness } from './teams-harness.js';

const EVERY_2S = '*/2 * * * * *';

async function slotsPass(store: Store, channel: string, count: number): Promise<void> {
  const start = (await store.subscriptions.get('teams', channel))?.lastSlotAt ?? '';
  const seen = new Set<string>();
  await waitFor(async () => {
    const last = (await store.subscriptions.get('teams', channel))?.lastSlotAt ?? '';
    if (last > start) seen.add(last);
    return seen.size >= count;
  }, `${count} more slots of ${channel}`);
}

describe('the bot removed from a Teams chat or team (real CloudAdapter, fake Bot Connector)', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness();
  });
  afterAll(async () => h?.stop());

  const personal = (id: string) => ({ id, conversationType: 'personal', tenantId: TENANT });
  /** The card text of a message sent to a conversation ('' for typing indicators and other activities). */
  const textOf = (r: ConnectorRequest) => (Array.isArray(r.activity?.attachments) ? cardTextOf(r) : '');
  const requestsTo = (conversationId: string) =>
    h.connector.requests.filter((r) => r.conversationId === conversationId && r.activity?.type === 'message');
  const paused = (channel: string) =>
    waitFor(
      async () => Boolean((await h.core.store.subscriptions.get('teams', channel))?.pausedAt),
      `${channel} paused`,
      10_000,
    );
  /** A conversationUpdate as Teams sends it when a member leaves a team. */
  const memberRemoved = (memberId: string) => {
    const { membersAdded: _, ...update } = h.installedInTeam();
    return {
      ...update,
      membersRemoved: [{ id: memberId }],
      channelData: { tenant: { id: TENANT }, team: { id: '19:team@thread.tacv2' }, eventType: 'teamMemberRemoved' },
    };
  };

  async function subscribedChat(chat: string): Promise<void> {
    const since = h.connector.requests.length;
    expect(await h.send(h.installation('add', personal(chat)))).toBe(200);
    await h.messagesAfter(since, 1);
    const before = h.connector.requests.length;
    expect(await h.send(h.personal(`subscribe cron "${EVERY_2S}" lang en,ar`, { conversation: personal(chat) }))).toBe(
      200,
    );
    await h.connector.waitFor(
      (rs) => rs.slice(before).some((r) => r.conversationId === chat && textOf(r).includes('Bodrum')),
      30_000,
    );
  }

  it('installationUpdate remove pauses the chat, forgets its reference, posts nothing; add resumes and says so', {
    timeout: 120_000,
  }, async () => {
    const chat = 'a:1removal-chat';
    await subscribedChat(chat);
    const settings = await h.core.store.subscriptions.get('teams', chat);

    expect(await h.send(h.installation('remove', personal(chat)))).toBe(200);
    await paused(chat);
    const sub = await h.core.store.subscriptions.get('teams', chat);
    expect(sub?.pausedReason).toMatch(/removed/);
    expect(sub).toMatchObject({ id: settings?.id, cron: EVERY_2S, languages: ['en', 'ar'] });
    // The stored reference is dropped: nothing can be sent there proactively with it.
    expect(sub?.conversationRef ?? null).toBeNull();
    expect((await h.core.store.channels.get('teams', chat))?.conversationRef ?? null).toBeNull();

    await h.core.store.stories.write({
      newStories: [storyTitled('zuwara', 'Boat lands in Zuwara')],
      addedEditions: [],
      updatedEditions: [],
    });
    const sent = requestsTo(chat).length;
    await slotsPass(h.core.store, chat, 2);
    expect(requestsTo(chat).length).toBe(sent);
    const recent = await h.core.store.deliveryLog.recent({ platform: 'teams', channelId: chat, limit: 20 });
    expect(recent.filter((d) => d.status === 'failed' || d.status === 'pending')).toEqual([]);

    // A repeated removal is harmless.
    expect(await h.send(h.installation('remove', personal(chat)))).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect((await h.core.store.subscriptions.get('teams', chat))?.pausedAt).toBe(sub?.pausedAt);

    // Added back: the greeting says the digests resume, and the next slot posts the new story.
    const since = h.connector.requests.length;
    expect(await h.send(h.installation('add', personal(chat)))).toBe(200);
    const [greeting] = await h.messagesAfter(since, 1);
    expect(cardTextOf(greeting!)).toMatch(/Digests resume/);
    expect((await h.core.store.subscriptions.get('teams', chat))?.pausedAt ?? null).toBeNull();
    await h.connector.waitFor(
      (rs) => rs.slice(since).some((r) => r.conversationId === chat && textOf(r).includes('Zuwara')),
      30_000,
    );
  });

  it('a 403 from the Bot Connector on a scheduled digest pauses the subscription with the reason', {
    timeout: 120_000,
  }, async () => {
    const chat = 'a:1forbidden-chat';
    await subscribedChat(chat);
    await h.core.store.stories.write({
      newStories: [storyTitled('ceuta', 'Crossings to Ceuta rise')],
      addedEditions: [],
      updatedEditions: [],
    });
    h.connector.failNext(1, 403, { when: (r) => r.conversationId === chat });
    await paused(chat);
    const sub = await h.core.store.subscriptions.get('teams', chat);
    expect(sub?.pausedReason).toMatch(/BOT_NOT_IN_CONVERSATION/);
    expect(await h.core.store.deliveryLog.incomplete({ platform: 'teams', channelId: chat })).toEqual([]);
    const sent = requestsTo(chat).length;
    await slotsPass(h.core.store, chat, 2);
    expect(requestsTo(chat).length).toBe(sent);
  });

  it('the bot leaving a team pauses its channel; a person leaving pauses nothing', { timeout: 60_000 }, async () => {
    expect(await h.send(h.installedInTeam())).toBe(200);
    expect(await h.send(h.channel(`subscribe cron "0 8 * * 1"`, { conversationId: TEAM_CHANNEL }))).toBe(200);
    await waitFor(
      async () => Boolean(await h.core.store.subscriptions.get('teams', TEAM_CHANNEL)),
      'subscribed',
      10_000,
    );

    expect(await h.send(memberRemoved(USER.id))).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect((await h.core.store.subscriptions.get('teams', TEAM_CHANNEL))?.pausedAt ?? null).toBeNull();

    expect(await h.send(memberRemoved(BOT.id))).toBe(200);
    await paused(TEAM_CHANNEL);
    expect((await h.core.store.channels.get('teams', TEAM_CHANNEL))?.conversationRef ?? null).toBeNull();
  });

  /** A channel of team `teamId` (not its General channel), as Teams sends a message from it. */
  const inTeam = (teamId: string, channelId: string, text: string) =>
    h.channel(text, {
      conversationId: channelId,
      overrides: { channelData: { tenant: { id: TENANT }, team: { id: teamId }, channel: { id: channelId } } },
    });
  const subscribedIn = async (activity: ReturnType<typeof inTeam>) => {
    const channelId = String((activity.conversation as { id?: string } | undefined)?.id);
    expect(await h.send(activity)).toBe(200);
    await waitFor(async () => Boolean(await h.core.store.subscriptions.get('teams', channelId)), channelId, 10_000);
  };
  /** A conversationUpdate about the team as a whole (teamArchived, teamDeleted, channelDeleted...). */
  const teamEvent = (teamId: string, eventType: string, extra: Record<string, unknown> = {}) => {
    const { membersAdded: _, ...update } = h.installedInTeam();
    return {
      ...update,
      id: `${eventType}-${Date.now()}`,
      conversation: { id: teamId, conversationType: 'channel', isGroup: true, tenantId: TENANT },
      channelData: { tenant: { id: TENANT }, team: { id: teamId }, eventType, ...extra },
    };
  };

  it('the bot removed from a team pauses every subscribed channel of that team, and no other', {
    timeout: 60_000,
  }, async () => {
    const team = '19:teamA@thread.tacv2';
    const [general, other, elsewhere] = [team, '19:teamA-visas@thread.tacv2', '19:teamB-news@thread.tacv2'];
    await subscribedIn(inTeam(team, general, 'subscribe daily 08:00'));
    await subscribedIn(inTeam(team, other, 'subscribe daily 09:00'));
    await subscribedIn(inTeam('19:teamB@thread.tacv2', elsewhere, 'subscribe daily 10:00'));

    const removed = { ...teamEvent(team, 'teamMemberRemoved'), membersRemoved: [{ id: BOT.id }] };
    expect(await h.send(removed)).toBe(200);
    await paused(other);
    await paused(general);
    expect((await h.core.store.subscriptions.get('teams', other))?.pausedReason).toBe(
      'the bot was removed from the team (conversationUpdate membersRemoved)',
    );
    expect((await h.core.store.channels.get('teams', other))?.conversationRef ?? null).toBeNull();
    // Another team's channel runs on.
    expect((await h.core.store.subscriptions.get('teams', elsewhere))?.pausedAt ?? null).toBeNull();
  });

  it('a team archived or deleted pauses its channels; a deleted channel pauses alone', {
    timeout: 60_000,
  }, async () => {
    const team = '19:teamC@thread.tacv2';
    const [general, deleted] = [team, '19:teamC-old@thread.tacv2'];
    await subscribedIn(inTeam(team, general, 'subscribe daily 08:00'));
    await subscribedIn(inTeam(team, deleted, 'subscribe daily 09:00'));

    expect(await h.send(teamEvent(team, 'channelDeleted', { channel: { id: deleted, name: 'old' } }))).toBe(200);
    await paused(deleted);
    expect((await h.core.store.subscriptions.get('teams', deleted))?.pausedReason).toBe(
      'the conversation was deleted (conversationUpdate channelDeleted)',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect((await h.core.store.subscriptions.get('teams', general))?.pausedAt ?? null).toBeNull();

    expect(await h.send(teamEvent(team, 'teamArchived'))).toBe(200);
    await paused(general);
    expect((await h.core.store.subscriptions.get('teams', general))?.pausedReason).toBe(
      'the team was archived (conversationUpdate teamArchived)',
    );
  });
});
