import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.js';
import { waitFor } from '../helpers/schedule-harness.js';
import { digestMessages, storiesPosted } from '../helpers/serve-setup.js';
import { runCli } from './run-cli.js';
import { eventually, type SlackHarness, startSlackHarness, storyTitled } from './slack-harness.js';

const EVERY_2S = '*/2 * * * * *';
const PREVIEW_TOKEN = 'removal-preview-token';

/** Resolves once the subscription has run `count` more slots than it had when called (paused slots included). */
async function slotsPass(store: Store, channel: string, count: number): Promise<void> {
  const start = (await store.subscriptions.get('slack', channel))?.lastSlotAt ?? '';
  const seen = new Set<string>();
  await waitFor(async () => {
    const last = (await store.subscriptions.get('slack', channel))?.lastSlotAt ?? '';
    if (last > start) seen.add(last);
    return seen.size >= count;
  }, `${count} more slots of ${channel}`);
}

const postsTo = (h: SlackHarness, channel: string) =>
  h.fake.calls('chat.postMessage').filter((r) => r.body.channel === channel).length;

describe('the bot removed from a Slack channel (real Bolt, signed events, fake Web API)', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({ env: { PREVIEW_TOKEN } });
  });
  afterAll(async () => h?.stop());

  async function subscribed(channel: string): Promise<void> {
    const sub = await h.command(`subscribe cron "${EVERY_2S}" lang en,ar filter Bodrum,Lampedusa,Zuwara`, {
      channel,
    });
    expect(await h.replyTo(sub.responseUrl)).toContain('Subscribed');
    await h.fake.waitFor(() => digestMessages(h.fake, channel).length > 0, 30_000, `the first digest in ${channel}`);
  }

  it('channel_left pauses the subscription: no post, no failed delivery; status and the list say why; a join resumes it', {
    timeout: 120_000,
  }, async () => {
    const channel = 'CLEFT01';
    await subscribed(channel);
    const before = await h.core.store.subscriptions.get('slack', channel);

    // Slack removes the bot from the channel and tells it so.
    h.fake.notInChannel.add(channel);
    expect(
      (await h.event({ type: 'channel_left', channel, actor_id: 'U0001', event_ts: '1733600000.000100' })).status,
    ).toBe(200);
    const paused = await eventually(
      async () => {
        const sub = await h.core.store.subscriptions.get('slack', channel);
        return sub?.pausedAt ? sub : null;
      },
      10_000,
      'the subscription paused',
    );
    expect(paused.pausedReason).toMatch(/removed from the channel/);
    // Its settings are kept.
    expect(paused).toMatchObject({
      id: before?.id,
      cron: EVERY_2S,
      languages: ['en', 'ar'],
      filter: before?.filter,
    });

    // A new story: the paused channel's slots pass without a post request and without a failed delivery.
    await h.core.store.stories.write({
      newStories: [storyTitled('zuwara', 'Boat lands in Zuwara')],
      addedEditions: [],
      updatedEditions: [],
    });
    const postsBefore = postsTo(h, channel);
    await slotsPass(h.core.store, channel, 2);
    expect(postsTo(h, channel)).toBe(postsBefore);
    const recent = await h.core.store.deliveryLog.recent({ platform: 'slack', channelId: channel, limit: 20 });
    expect(recent.filter((d) => d.status === 'failed' || d.status === 'pending')).toEqual([]);

    // The operator sees it paused, and why, in `status`, `subscriptions list` and /healthz.
    const env = { DATABASE_URL: h.core.config.databaseUrl };
    const status = await runCli(['status'], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(
      new RegExp(`slack ${channel} .*PAUSED since .*: the bot was removed from the channel`),
    );
    const list = await runCli(['subscriptions', 'list'], env);
    expect(list.stdout).toMatch(new RegExp(`slack ${channel} .*paused since .*: the bot was removed from the channel`));
    const json = JSON.parse((await runCli(['subscriptions', 'list', '--json'], env)).stdout) as Array<
      Record<string, unknown>
    >;
    expect(json.find((s) => s.channelId === channel)).toMatchObject({ pausedReason: paused.pausedReason });
    const health = (await (
      await fetch(`http://127.0.0.1:${h.bot.port}/healthz`, { headers: { authorization: `Bearer ${PREVIEW_TOKEN}` } })
    ).json()) as { subscriptions: { paused: number; list: Array<Record<string, unknown>> } };
    expect(health.subscriptions.paused).toBeGreaterThanOrEqual(1);
    expect(health.subscriptions.list.find((s) => s.channelId === channel)).toMatchObject({
      pausedAt: paused.pausedAt,
      pausedReason: paused.pausedReason,
    });

    // A repeated removal event changes nothing (same pause time and reason).
    expect(
      (await h.event({ type: 'channel_left', channel, actor_id: 'U0001', event_ts: '1733600001.000100' })).status,
    ).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(await h.core.store.subscriptions.get('slack', channel)).toMatchObject({
      pausedAt: paused.pausedAt,
      pausedReason: paused.pausedReason,
    });

    // Invited again: the subscription resumes, the channel is told, and the next slot posts the new story only.
    h.fake.notInChannel.delete(channel);
    const joined = {
      type: 'member_joined_channel',
      user: h.fake.botUserId,
      channel,
      channel_type: 'C',
      team: h.fake.teamId,
      inviter: 'U0001',
      event_ts: '1733600100.000200',
    };
    expect((await h.event(joined)).status).toBe(200);
    const notice = await h.fake.waitFor(
      () => h.fake.posted({ channel }).find((m) => JSON.stringify(m).includes('Digests resume')),
      10_000,
      'the resume notice',
    );
    expect(JSON.stringify(notice)).toMatch(/not caught up/);
    expect((await h.core.store.subscriptions.get('slack', channel))?.pausedAt ?? null).toBeNull();
    await h.fake.waitFor(() => storiesPosted(h.fake, channel).includes('zuwara'), 30_000, 'the digest after resuming');
    expect(storiesPosted(h.fake, channel).filter((id) => id === 'zuwara')).toHaveLength(1);
  });

  it('a delivery refused with not_in_channel pauses the subscription (the removal event was missed)', {
    timeout: 120_000,
  }, async () => {
    const channel = 'CMISSED1';
    h.fake.notInChannel.add(channel);
    const sub = await h.command(`subscribe cron "${EVERY_2S}"`, { channel });
    await h.replyTo(sub.responseUrl);
    const paused = await eventually(
      async () => {
        const s = await h.core.store.subscriptions.get('slack', channel);
        return s?.pausedAt ? s : null;
      },
      30_000,
      'the subscription paused by the failed delivery',
    );
    expect(paused.pausedReason).toMatch(/NOT_IN_CHANNEL/);
    // The delivery that failed is closed with the reason, not retried for ever.
    const [delivery] = await h.core.store.deliveryLog.recent({ platform: 'slack', channelId: channel, limit: 5 });
    expect(delivery).toMatchObject({ status: 'cancelled' });
    expect(delivery?.error).toMatch(/^PAUSED: not posted, a post was refused: NOT_IN_CHANNEL/);
    const posts = postsTo(h, channel);
    await slotsPass(h.core.store, channel, 2);
    expect(postsTo(h, channel)).toBe(posts);
    expect(await h.core.store.deliveryLog.incomplete({ platform: 'slack', channelId: channel })).toEqual([]);

    // A command from the channel once the bot is back in it resumes the digests, and says so.
    h.fake.notInChannel.delete(channel);
    const status = await h.command('status', { channel });
    expect(await h.replyTo(status.responseUrl)).toMatch(/Digests resume/);
    expect((await h.core.store.subscriptions.get('slack', channel))?.pausedAt ?? null).toBeNull();
  });

  it('another member leaving, or a command from a channel the bot is still out of, pauses or resumes nothing', {
    timeout: 60_000,
  }, async () => {
    const channel = 'CHUMAN01';
    await subscribed(channel);
    const left = {
      type: 'member_left_channel',
      user: 'U0001',
      channel,
      channel_type: 'C',
      team: h.fake.teamId,
      event_ts: '1733600200.000300',
    };
    expect((await h.event(left)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect((await h.core.store.subscriptions.get('slack', channel))?.pausedAt ?? null).toBeNull();

    // Removed, then a command from the channel while the bot is still out: it stays paused.
    h.fake.notInChannel.add(channel);
    await h.event({ type: 'group_left', channel, actor_id: 'U0001', event_ts: '1733600300.000100' });
    await eventually(async () => (await h.core.store.subscriptions.get('slack', channel))?.pausedAt, 10_000, 'paused');
    const status = await h.command('status', { channel });
    const text = await h.replyTo(status.responseUrl);
    expect(text).not.toMatch(/Digests resume/);
    expect(text).toMatch(/Paused/);
    expect((await h.core.store.subscriptions.get('slack', channel))?.pausedAt).toBeTruthy();

    // Changed from the CLI meanwhile: the new schedule is kept, it stays paused, and the CLI says so.
    const add = await runCli(['subscriptions', 'add', 'slack', channel, 'daily', '09:00'], {
      DATABASE_URL: h.core.config.databaseUrl,
    });
    expect(add.code).toBe(0);
    expect(add.stderr).toMatch(/warning: this subscription is paused since .*group_left/);
    expect(await h.core.store.subscriptions.get('slack', channel)).toMatchObject({ cron: '0 9 * * *' });
    expect((await h.core.store.subscriptions.get('slack', channel))?.pausedAt).toBeTruthy();
  });

  it("member_left_channel naming the bot pauses; tokens_revoked of people's tokens only pauses nothing", {
    timeout: 60_000,
  }, async () => {
    const channel = 'CBOTLEFT';
    await subscribed(channel);
    const revoked = { type: 'tokens_revoked', tokens: { oauth: ['U0001'] }, event_ts: '1733600350.000100' };
    expect((await h.event(revoked)).status).toBe(200);
    const left = {
      type: 'member_left_channel',
      user: h.fake.botUserId,
      channel,
      channel_type: 'C',
      team: h.fake.teamId,
      event_ts: '1733600360.000100',
    };
    expect((await h.event(left)).status).toBe(200);
    const paused = await eventually(
      async () => {
        const s = await h.core.store.subscriptions.get('slack', channel);
        return s?.pausedAt ? s : null;
      },
      10_000,
      'paused by member_left_channel',
    );
    expect(paused.pausedReason).toBe('the bot was removed from the channel (member_left_channel)');
  });

  it('an archived channel pauses, and resumes when unarchived with the bot still in it; a deleted one pauses', {
    timeout: 90_000,
  }, async () => {
    const paused = (channel: string) =>
      eventually(
        async () => {
          const s = await h.core.store.subscriptions.get('slack', channel);
          return s?.pausedAt ? s : null;
        },
        10_000,
        `${channel} paused`,
      );
    const archived = 'CARCHIV1';
    await subscribed(archived);
    h.fake.notInChannel.add(archived);
    expect((await h.event({ type: 'channel_archive', channel: archived, user: 'U0001' })).status).toBe(200);
    expect((await paused(archived)).pausedReason).toBe('the channel was archived (channel_archive)');

    // Unarchived, but Slack says the bot is not a member: it stays paused and nothing is posted there.
    const posts = postsTo(h, archived);
    expect((await h.event({ type: 'channel_unarchive', channel: archived, user: 'U0001' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect((await h.core.store.subscriptions.get('slack', archived))?.pausedAt).toBeTruthy();
    expect(postsTo(h, archived)).toBe(posts);

    // Unarchived with its members restored (the bot among them): it resumes and says so.
    h.fake.notInChannel.delete(archived);
    expect((await h.event({ type: 'channel_unarchive', channel: archived, user: 'U0001' })).status).toBe(200);
    await h.fake.waitFor(
      () => h.fake.posted({ channel: archived }).find((m) => JSON.stringify(m).includes('Digests resume')),
      10_000,
      'the resume notice after unarchiving',
    );
    expect((await h.core.store.subscriptions.get('slack', archived))?.pausedAt ?? null).toBeNull();

    const deleted = 'GDELETE1';
    await subscribed(deleted);
    h.fake.notInChannel.add(deleted);
    expect((await h.event({ type: 'group_deleted', channel: deleted })).status).toBe(200);
    expect((await paused(deleted)).pausedReason).toBe('the channel was deleted (group_deleted)');
  });

  it('app_uninstalled pauses every Slack subscription', { timeout: 60_000 }, async () => {
    const channel = 'CUNINST1';
    await subscribed(channel);
    expect((await h.event({ type: 'app_uninstalled', event_ts: '1733600400.000100' })).status).toBe(200);
    const paused = await eventually(
      async () => {
        const s = await h.core.store.subscriptions.get('slack', channel);
        return s?.pausedAt ? s : null;
      },
      10_000,
      'paused by the uninstall',
    );
    expect(paused.pausedReason).toMatch(/uninstalled/);
  });
});
