import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.js';
import { waitFor } from '../helpers/schedule-harness.js';
import { digestMessages, storiesPosted } from '../helpers/serve-setup.js';
import { type SlackHarness, startSlackHarness, storyTitled } from './slack-harness.js';
import { PERSONAL_CHAT, type TeamsHarness, cardTextOf, startTeamsHarness } from './teams-harness.js';

const EVERY_2S = '*/2 * * * * *';

/** Resolves once the subscription has run `count` more slots than it had when called (slots with nothing new included). */
async function slotsPass(store: Store, platform: 'slack' | 'teams', channel: string, count: number): Promise<void> {
  const start = (await store.subscriptions.get(platform, channel))?.lastSlotAt ?? '';
  const seen = new Set<string>();
  await waitFor(async () => {
    const last = (await store.subscriptions.get(platform, channel))?.lastSlotAt ?? '';
    if (last > start) seen.add(last);
    return seen.size >= count;
  }, `${count} more slots of ${channel}`);
}

describe('scheduled digests on Slack (real Bolt, fake Web API, 6-field cron)', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness();
  });
  afterAll(async () => h?.stop());

  it('delivers on schedule, each story once, in the subscription languages; nothing new posts nothing; unsubscribe stops it', {
    timeout: 120_000,
  }, async () => {
    const channel = 'CSCHED';
    const control = 'CCONTROL';
    const sub = await h.command(`subscribe cron "${EVERY_2S}" lang en,ar`, { channel });
    expect(await h.replyTo(sub.responseUrl)).toContain('Subscribed');
    const ctl = await h.command(`subscribe cron "${EVERY_2S}" lang en,ar`, { channel: control });
    await h.replyTo(ctl.responseUrl);

    await h.fake.waitFor(() => digestMessages(h.fake, channel).length > 0, 30_000, 'the first scheduled digest');
    const [digest] = digestMessages(h.fake, channel);
    expect(storiesPosted(h.fake, channel).sort()).toEqual(['bodrum', 'lampedusa']);
    const blocks = JSON.stringify(digest?.blocks);
    expect(blocks).toContain('Boat capsizes off Bodrum');
    expect(blocks).toContain('بودروم');

    // Two more slots with nothing new: no post.
    await slotsPass(h.core.store, 'slack', channel, 2);
    expect(digestMessages(h.fake, channel)).toHaveLength(1);

    // A new story goes out at the next slot, alone.
    await h.core.store.stories.write({
      newStories: [storyTitled('zuwara', 'Boat lands in Zuwara')],
      addedEditions: [],
      updatedEditions: [],
    });
    await h.fake.waitFor(() => digestMessages(h.fake, channel).length === 2, 30_000, 'the digest of the new story');
    expect(storiesPosted(h.fake, channel)).toEqual(expect.arrayContaining(['zuwara']));
    expect(storiesPosted(h.fake, channel).filter((id) => id === 'zuwara')).toHaveLength(1);

    const subscriptionId = (await h.core.store.subscriptions.get('slack', channel))?.id;
    const unsub = await h.command('unsubscribe', { channel });
    expect(await h.replyTo(unsub.responseUrl)).toContain('Unsubscribed');
    expect(h.bot.scheduler.scheduled()).not.toContain(subscriptionId);
    // Another story: the control channel gets it, the unsubscribed one does not.
    await h.core.store.stories.write({
      newStories: [storyTitled('ceuta', 'Crossings to Ceuta rise')],
      addedEditions: [],
      updatedEditions: [],
    });
    await h.fake.waitFor(() => storiesPosted(h.fake, control).includes('ceuta'), 30_000, 'the control digest');
    await slotsPass(h.core.store, 'slack', control, 2);
    expect(storiesPosted(h.fake, channel)).not.toContain('ceuta');
    expect(storiesPosted(h.fake, control).sort()).toEqual(['bodrum', 'ceuta', 'lampedusa', 'zuwara']);
  });
  it('shows a failed scheduled delivery in `status` and retries it at the next run, posting it once', {
    timeout: 120_000,
  }, async () => {
    const channel = 'CFAIL';
    // A failure that says nothing about the bot's membership (not_in_channel pauses the subscription instead).
    h.fake.fail('chat.postMessage', 'restricted_action', { times: 1, channel });
    const sub = await h.command(`subscribe cron "${EVERY_2S}"`, { channel });
    await h.replyTo(sub.responseUrl);
    await waitFor(
      async () =>
        (await h.core.store.deliveryLog.recent({ platform: 'slack', channelId: channel, limit: 1 }))[0]?.status ===
        'failed',
      'the failed delivery',
    );
    const status = await h.command('status', { channel });
    expect(await h.replyTo(status.responseUrl)).toMatch(
      /scheduled digest FAILED after 1 attempt\(s\): PLATFORM_ERROR.*restricted_action.*retried on the next run/,
    );
    await h.fake.waitFor(() => digestMessages(h.fake, channel).length === 1, 30_000, 'the retried digest');
    await slotsPass(h.core.store, 'slack', channel, 2);
    expect(storiesPosted(h.fake, channel)).toEqual(expect.arrayContaining(['bodrum', 'lampedusa']));
    expect(new Set(storiesPosted(h.fake, channel)).size).toBe(storiesPosted(h.fake, channel).length);
    expect(await h.core.store.deliveryLog.incomplete()).toEqual([]);
  });
});

describe('scheduled digests on Teams (real botbuilder, fake Bot Connector, 6-field cron)', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness();
  });
  afterAll(async () => h?.stop());

  /** Digest cards the connector accepted in a conversation, proactively (not replies to a command). */
  const digestCards = () =>
    h.connector
      .messages()
      .filter(
        (r) =>
          r.conversationId === PERSONAL_CHAT &&
          r.operation === 'sendToConversation' &&
          cardTextOf(r).includes('Bodrum') === true,
      );
  const titleCount = (title: string) =>
    h.connector
      .messages()
      .filter((r) => r.conversationId === PERSONAL_CHAT && r.operation === 'sendToConversation')
      .map((r) => cardTextOf(r))
      .join('\n')
      .split(title).length - 1;

  it('sends the digest proactively on schedule, each story once, in the subscription languages; unsubscribe stops it', {
    timeout: 120_000,
  }, async () => {
    const since = h.connector.requests.length;
    expect(await h.send(h.personal(`subscribe cron "${EVERY_2S}" lang en,ar`))).toBe(200);
    await h.messagesAfter(since, 1);
    await h.connector.waitFor(() => digestCards().length > 0, 30_000);
    const text = cardTextOf(digestCards()[0]!);
    expect(text).toContain('Boat capsizes off Bodrum');
    expect(text).toContain('بودروم');
    expect(titleCount('Boat capsizes off Bodrum')).toBe(1);
    expect(titleCount('Arrivals rise in Lampedusa')).toBe(1);

    await slotsPass(h.core.store, 'teams', PERSONAL_CHAT, 2);
    expect(titleCount('Boat capsizes off Bodrum')).toBe(1);

    const before = h.connector.requests.length;
    expect(await h.send(h.personal('unsubscribe'))).toBe(200);
    const [reply] = await h.messagesAfter(before, 1);
    expect(cardTextOf(reply!)).toContain('Unsubscribed');
    expect(h.bot.scheduler.scheduled()).toEqual([]);
    expect(await h.core.store.subscriptions.get('teams', PERSONAL_CHAT)).toBeUndefined();
  });
});
