import { expect, it } from 'vitest';
import { postDelivery } from '../../../src/schedule/deliver-digest.js';
import { runSubscription } from '../../../src/schedule/run-subscription.js';
import { pauseChannel, pausePlatform, resumeChannel } from '../../../src/schedule/pause-channel.js';
import { createLogger } from '../../../src/util/create-logger.js';
import { makeNewDelivery, makeSubscription } from '../../helpers/factories.js';
import { createRecordingAdapter } from '../../helpers/recording-adapter.js';
import { describeOnEachStore } from '../../helpers/store-backends.js';

const log = createLogger('silent', { pretty: false });
const TEAMS_REF = { channelId: 'msteams', serviceUrl: 'https://smba.example/', conversation: { id: 'a:1chat' } };

describeOnEachStore('paused subscriptions (migration 010_paused)', 'paused-subscriptions.test.ts', (backend) => {
  it('pauses once with the first reason, keeps the settings, drops the reference; resumes with the new one', async () => {
    const store = await backend.open();
    const created = await store.subscriptions.upsert(
      makeSubscription({
        platform: 'teams',
        channelId: 'a:1chat',
        conversationRef: TEAMS_REF,
        filter: ['Libya'],
        languagesOnly: true,
      }),
    );
    await store.channels.save('teams', 'a:1chat', TEAMS_REF);
    await store.mutes.add('teams', 'a:1chat', 'iom-en', 'U1');

    const paused = await pauseChannel({ store, log }, created, 'the bot was removed (installationUpdate remove)');
    expect(paused).toMatchObject({
      id: created.id,
      cron: created.cron,
      filter: ['Libya'],
      languagesOnly: true,
      conversationRef: null,
      pausedReason: 'the bot was removed (installationUpdate remove)',
    });
    expect(paused?.pausedAt).toBeTruthy();
    expect((await store.channels.get('teams', 'a:1chat'))?.conversationRef).toBeNull();
    expect(await store.mutes.list('teams', 'a:1chat')).toEqual(['iom-en']);

    // Said again (another event, or a failed post): nothing changes.
    expect(await pauseChannel({ store, log }, created, 'a post was refused')).toBeUndefined();
    expect(await store.subscriptions.get('teams', 'a:1chat')).toMatchObject({
      pausedAt: paused?.pausedAt,
      pausedReason: paused?.pausedReason,
    });
    // A `subscribe` while paused changes the settings and keeps it paused.
    await store.subscriptions.upsert({ ...created, cron: '0 9 * * *', updatedAt: new Date().toISOString() });
    expect(await store.subscriptions.get('teams', 'a:1chat')).toMatchObject({
      cron: '0 9 * * *',
      pausedAt: paused?.pausedAt,
    });

    const resumed = await resumeChannel({ store, log }, created, { ...TEAMS_REF, locale: 'fr-FR' });
    expect(resumed).toMatchObject({ pausedAt: null, pausedReason: null, conversationRef: { locale: 'fr-FR' } });
    expect(await resumeChannel({ store, log }, created, TEAMS_REF)).toBeUndefined();
    await store.close();
  });

  it("cancels the channel's unfinished deliveries with the reason; a paused slot posts nothing and counts as done", async () => {
    const store = await backend.open();
    const sub = await store.subscriptions.upsert(makeSubscription({ channelId: 'C1', lastSlotAt: null }));
    await store.deliveries.create(makeNewDelivery({ id: 'd-pending', channelId: 'C1' }));
    await store.deliveries.create(makeNewDelivery({ id: 'd-other', channelId: 'C2' }));
    await pauseChannel({ store, log }, sub, 'the bot was removed from the channel (channel_left)');
    expect(await store.deliveryLog.get('d-pending')).toMatchObject({
      status: 'cancelled',
      error: 'PAUSED: not posted, the bot was removed from the channel (channel_left)',
    });
    expect(await store.deliveryLog.get('d-other')).toMatchObject({ status: 'pending' });

    const slot = new Date('2026-12-07T08:00:00.000Z');
    const outcome = await runSubscription(
      {
        store,
        log,
        llm: null,
        promptVersion: 'v1',
        sources: [],
        maxItems: 10,
        adapters: new Map(),
      },
      sub,
      slot,
    );
    expect(outcome).toEqual({ status: 'skipped', reason: 'paused' });
    expect((await store.subscriptions.get('slack', 'C1'))?.lastSlotAt).toBe(slot.toISOString());
    expect(await store.deliveryLog.incomplete({ platform: 'slack', channelId: 'C1' })).toEqual([]);
    await store.close();
  });

  it('pauses every running subscription of a platform at once (the app was uninstalled)', async () => {
    const store = await backend.open();
    await store.subscriptions.upsert(makeSubscription({ id: 's1', channelId: 'C1' }));
    await store.subscriptions.upsert(makeSubscription({ id: 's2', channelId: 'C2' }));
    await store.subscriptions.upsert(makeSubscription({ id: 't1', platform: 'teams', channelId: 'a:1x' }));
    await store.subscriptions.pause('slack', 'C2', 'earlier');
    const paused = await pausePlatform({ store, log }, 'slack', 'uninstalled (app_uninstalled)');
    expect(paused.map((s) => s.id)).toEqual(['s1']);
    expect((await store.subscriptions.get('slack', 'C2'))?.pausedReason).toBe('earlier');
    expect((await store.subscriptions.get('teams', 'a:1x'))?.pausedAt ?? null).toBeNull();
    await store.close();
  });

  it('a story update for a paused channel is closed with the reason, not posted', async () => {
    const store = await backend.open();
    const sub = await store.subscriptions.upsert(makeSubscription({ channelId: 'C9' }));
    await store.subscriptions.pause('slack', 'C9', 'the bot was removed from the channel (channel_left)');
    const update = {
      storyId: 's1',
      revision: 1,
      sourceName: 'IOM',
      revisedAt: new Date().toISOString(),
      language: 'en',
      figures: [],
      title: 'New title',
      thread: { threadId: '1.000', messageId: '1.000' },
    };
    const { delivery, lease } = await store.deliveries.create(
      makeNewDelivery({ id: 'u1', channelId: sub.channelId, kind: 'update', digestId: 'update:s1:1', update }),
      { claimFor: { owner: 'w1', leaseMs: 15_000 } },
    );
    let replies = 0;
    const adapter = createRecordingAdapter('slack');
    adapter.reply = async () => {
      replies++;
      return [];
    };
    const outcome = await postDelivery(
      { store, log, adapters: new Map([['slack', adapter]]), workerId: 'w1' },
      delivery,
      { platform: 'slack', channelId: 'C9' },
      { fresh: true, ...(lease ? { lease } : {}) },
    );
    expect(outcome).toMatchObject({ status: 'cancelled' });
    expect(replies).toBe(0);
    expect(await store.deliveryLog.get('u1')).toMatchObject({
      status: 'cancelled',
      error: 'PAUSED: not posted, the bot was removed from the channel (channel_left)',
    });
    await store.close();
  });
});
