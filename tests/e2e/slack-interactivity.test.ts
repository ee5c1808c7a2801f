import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_VIEW_BLOCKS } from '../../adapters/slack/blocks/render-home.js';
import {
  blockSuggestionPayload,
  homeActionPayload,
  messageActionPayload,
  subscribeValues,
  viewSubmissionPayload,
} from '../fakes/slack-interactions.js';
import { validateSlackView } from '../helpers/validate-slack-view.js';
// biome-ignore lint/suspicious/noExplicitAny: reads Block Kit JSON as Slack received it
type Json = Record<string, any>;

import { eventually, type SlackHarness, sampleStories, startSlackHarness } from './slack-harness.js';

/** The flags every reply carries, however it is sent (SPEC 7.1, link unfurling off; nothing parsed into a mention). */
const NO_UNFURL = { unfurl_links: false, unfurl_media: false, parse: 'none', link_names: false };

// One bot for the file (offline mode); each test uses its own channels.
let h: SlackHarness;

beforeAll(async () => {
  h = await startSlackHarness({ stories: sampleStories() });
});
afterAll(async () => {
  await h?.stop();
});

const lastView = (method: string, filter: (v: (typeof h.fake.views)[number]) => boolean = () => true) =>
  h.fake.waitFor(() => [...h.fake.views].reverse().find((v) => v.method === method && filter(v)), 10_000, method);

async function openSubscribeModal(channel: string) {
  const before = h.fake.views.length;
  const ack = await h.command('subscribe', { channel });
  expect(ack.status).toBe(200);
  const opened = await h.fake.waitFor(
    () => h.fake.views.slice(before).find((v) => v.method === 'views.open'),
    10_000,
    'views.open',
  );
  return opened;
}

describe('Slack subscribe modal (views.open, view_submission)', () => {
  it('opens the modal with the command trigger_id, preset to the channel, then puts the user zone first', async () => {
    h.fake.userTimezones.set('U0001', 'Asia/Beirut');
    const opened = await openSubscribeModal('CMODAL');
    expect(opened.trigger_id).toMatch(/^trigger-/);
    expect(validateSlackView(opened.view)).toEqual([]);
    const channelBlock = (opened.view.blocks as Json[]).find((b) => b.block_id === 'channel');
    expect(channelBlock?.element).toMatchObject({ type: 'conversations_select', initial_conversation: 'CMODAL' });
    // Open first, the users.info look-up after: the update carries the user's zone.
    const updated = await lastView('views.update', (v) => v.id === opened.id);
    const tz = (updated.view.blocks as Json[]).find((b) => b.block_id === 'timezone');
    expect(tz?.element.initial_option.value).toBe('Asia/Beirut');
    const openAt = h.fake.calls('views.open').at(-1)?.at ?? 0;
    const infoAt = h.fake.calls('users.info').at(-1)?.at ?? 0;
    expect(openAt).toBeLessThanOrEqual(infoAt);
    // The zone menu searches every IANA zone, the user's own first.
    const options = await h.interact(
      blockSuggestionPayload({ actionId: 'mn_timezone', blockId: 'timezone', value: '', view: updated.view }),
    );
    expect(options.status).toBe(200);
    const list = JSON.parse(options.body).options as Array<{ value: string }>;
    expect(list[0]?.value).toBe('Asia/Beirut');
    expect(list.length).toBeLessThanOrEqual(100);
    const cairo = JSON.parse(
      (
        await h.interact(
          blockSuggestionPayload({ actionId: 'mn_timezone', blockId: 'timezone', value: 'cairo', view: updated.view }),
        )
      ).body,
    ).options;
    expect(cairo.map((o: { value: string }) => o.value)).toEqual(['Africa/Cairo']);
  });

  it('stores a valid submission, confirms it to the user and refreshes the Home tab', async () => {
    const opened = await openSubscribeModal('CFORM');
    const values = subscribeValues({
      channel: 'CFORM',
      schedule: 'weekly',
      day: 'mon',
      time: '09:30',
      timezone: 'Africa/Cairo',
      language1: 'fr',
      language2: 'ar',
      filter: 'Libya, Lampedusa',
    });
    const res = await h.interact(viewSubmissionPayload(opened.view, values));
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const stored = await eventually(() => h.core.store.subscriptions.get('slack', 'CFORM'), 10_000, 'the subscription');
    // The same subscription as `subscribe weekly mon 09:30 tz Africa/Cairo lang fr,ar filter Libya, Lampedusa`.
    expect(stored).toMatchObject({
      cron: '30 9 * * 1',
      timezone: 'Africa/Cairo',
      languages: ['fr', 'ar'],
      filter: ['Libya', 'Lampedusa'],
      createdBy: 'U0001',
    });
    const confirm = await h.fake.waitFor(
      () => h.fake.calls('chat.postEphemeral').find((r) => r.body.channel === 'CFORM'),
      10_000,
      'the confirmation',
    );
    expect(String(confirm.body.text)).toContain('Subscribed: weekly on Monday at 09:30 (Africa/Cairo), fr + ar');
    expect(confirm.body).toMatchObject(NO_UNFURL);
    const home = await lastView(
      'views.publish',
      (v) => v.user_id === 'U0001' && JSON.stringify(v.view).includes('CFORM'),
    );
    expect(validateSlackView(home.view)).toEqual([]);
  });

  it('saves a form for a channel the bot is not in yet, and tells the user by DM how to invite it', async () => {
    h.fake.notInChannel.add('CNOBOT');
    const values = subscribeValues({
      channel: 'CNOBOT',
      schedule: 'daily',
      time: '08:00',
      timezone: 'UTC',
      language1: 'en',
      language2: 'ar',
    });
    const res = await h.interact(
      viewSubmissionPayload({ type: 'modal', callback_id: 'mn_subscribe', private_metadata: '{}', blocks: [] }, values),
    );
    expect(res.body).toBe('');
    const dm = await h.fake.waitFor(
      () =>
        h.fake
          .calls('chat.postMessage')
          .find((r) => r.body.channel === 'U0001' && String(r.body.text).includes('CNOBOT')),
      10_000,
      'the DM',
    );
    expect(String(dm.body.text)).toContain('/invite @Migration News');
    expect(dm.body).toMatchObject(NO_UNFURL);
    expect(await h.core.store.subscriptions.get('slack', 'CNOBOT')).toMatchObject({ cron: '0 8 * * *' });
  });

  it.each([
    ['a bad zone', { timezone: 'Mars/Olympus' }, 'timezone', 'is not an IANA time zone'],
    ['an unknown language', { language1: 'english' }, 'language_1', 'is not a language list'],
    ['a missing time', { time: null }, 'time', 'Pick a time'],
    ['weekly without a day', { schedule: 'weekly', day: null }, 'day', 'Pick the day'],
    ['no schedule', { schedule: null }, 'schedule', 'Pick daily, weekdays or weekly'],
  ])('shows %s inline under its field and stores nothing', async (_what, override, block, message) => {
    const channel = `CBAD${block.toUpperCase().replace(/[^A-Z]/g, '')}`;
    const values = subscribeValues({
      channel,
      schedule: 'daily',
      time: '08:00',
      timezone: 'UTC',
      language1: 'en',
      language2: 'ar',
      ...override,
    });
    const res = await h.interact(
      viewSubmissionPayload(
        { type: 'modal', callback_id: 'mn_subscribe', private_metadata: '{"userTz":null}', blocks: [] },
        values,
      ),
    );
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body);
    expect(body.response_action).toBe('errors');
    expect(body.errors[block]).toContain(message);
    expect(await h.core.store.subscriptions.get('slack', channel)).toBeUndefined();
  });

  it('refuses a user who is not a member of the chosen channel, on the channel field', async () => {
    h.fake.members.set('CPRIVATE', ['UBOT', 'U0002']);
    const values = subscribeValues({
      channel: 'CPRIVATE',
      schedule: 'daily',
      time: '08:00',
      timezone: 'UTC',
      language1: 'en',
    });
    const res = await h.interact(
      viewSubmissionPayload({ type: 'modal', callback_id: 'mn_subscribe', private_metadata: '{}', blocks: [] }, values),
    );
    const body = JSON.parse(res.body);
    expect(body).toMatchObject({ response_action: 'errors' });
    expect(body.errors.channel).toContain('Only members of that channel');
    expect(h.fake.calls('conversations.members').some((r) => r.body.channel === 'CPRIVATE')).toBe(true);
    expect(await h.core.store.subscriptions.get('slack', 'CPRIVATE')).toBeUndefined();
  });

  it('refuses an unsigned interaction with 401 and changes nothing', async () => {
    const values = subscribeValues({
      channel: 'CUNSIGNED',
      schedule: 'daily',
      time: '08:00',
      timezone: 'UTC',
      language1: 'en',
    });
    const res = await h.interact(
      viewSubmissionPayload({ type: 'modal', callback_id: 'mn_subscribe', blocks: [] }, values),
      { secret: null },
    );
    expect(res.status).toBe(401);
    const forged = await h.interact(homeActionPayload({ actionId: 'mn_home_unsubscribe', value: 'CFORM' }), {
      secret: 'not-the-secret',
    });
    expect(forged.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(await h.core.store.subscriptions.get('slack', 'CUNSIGNED')).toBeUndefined();
    expect(await h.core.store.subscriptions.get('slack', 'CFORM')).toBeDefined();
  });
});

describe('Slack App Home', () => {
  it('explains how to start when nothing is subscribed, then lists subscriptions with their buttons', async () => {
    const empty = await startSlackHarness({ stories: [] });
    try {
      await empty.event({
        type: 'app_home_opened',
        user: 'U0001',
        channel: 'D0001',
        tab: 'home',
        event_ts: '1700000000.000100',
      });
      const view = await empty.fake.waitFor(
        () => empty.fake.views.find((v) => v.method === 'views.publish'),
        10_000,
        'views.publish',
      );
      expect(view.user_id).toBe('U0001');
      expect(JSON.stringify(view.view)).toContain('None of your channels gets scheduled digests yet');
      expect(JSON.stringify(view.view)).toContain('mn_home_new');
      expect(validateSlackView(view.view)).toEqual([]);
    } finally {
      await empty.stop();
    }
    h.fake.members.set('CHOME', ['UBOT', 'U0001']);
    await h.command('subscribe weekdays 08:30 tz Africa/Cairo lang en,ar', { channel: 'CHOME' });
    await eventually(() => h.core.store.subscriptions.get('slack', 'CHOME'));
    await h.event({
      type: 'app_home_opened',
      user: 'U0001',
      channel: 'D0001',
      tab: 'home',
      event_ts: '1700000000.000200',
    });
    const home = await lastView('views.publish', (v) => JSON.stringify(v.view).includes('CHOME'));
    const text = JSON.stringify(home.view);
    expect(text).toContain('weekdays at 08:30');
    expect(text).toContain('Africa/Cairo');
    expect(text).toContain('next run');
    expect(text).toContain('ok');
    for (const id of ['mn_home_edit', 'mn_home_post', 'mn_home_unsubscribe']) expect(text).toContain(id);
    const unsubscribe = (home.view.blocks as Json[])
      .flatMap((b) => b.elements ?? [])
      .find((e: Json) => e.action_id === 'mn_home_unsubscribe' && e.value === 'CHOME');
    expect(unsubscribe?.confirm?.confirm?.text).toBe('Unsubscribe');
  });

  it('lists only the channels the viewer is in (users.conversations, else channel by channel), and says when it cannot tell', async () => {
    h.fake.members.set('CSECRET', ['UBOT', 'U0001']);
    await h.command('subscribe daily 06:00 filter Darfur', { channel: 'CSECRET' });
    await eventually(() => h.core.store.subscriptions.get('slack', 'CSECRET'));
    await h.event({
      type: 'app_home_opened',
      user: 'U0002',
      channel: 'D0002',
      tab: 'home',
      event_ts: '1700000000.000300',
    });
    const other = await lastView('views.publish', (v) => v.user_id === 'U0002');
    expect(JSON.stringify(other.view)).not.toContain('CSECRET');
    expect(JSON.stringify(other.view)).not.toContain('Darfur');
    await h.event({
      type: 'app_home_opened',
      user: 'U0001',
      channel: 'D0001',
      tab: 'home',
      event_ts: '1700000000.000301',
    });
    expect(
      JSON.stringify(
        (await lastView('views.publish', (v) => v.user_id === 'U0001' && JSON.stringify(v.view).includes('CSECRET')))
          .view,
      ),
    ).toContain('Darfur');
    // An app not reinstalled since the upgrade lacks the scope.
    h.fake.fail('users.conversations', 'missing_scope');
    const before = h.fake.views.length;
    await h.event({
      type: 'app_home_opened',
      user: 'U0001',
      channel: 'D0001',
      tab: 'home',
      event_ts: '1700000000.000302',
    });
    const partial = await h.fake.waitFor(
      () => h.fake.views.slice(before).find((v) => v.method === 'views.publish'),
      10_000,
      'the partial Home',
    );
    // Then it asks channel by channel (conversations.members): the viewer's channel is listed, with a note.
    expect(JSON.stringify(partial.view)).toContain('this list may be incomplete');
    expect(JSON.stringify(partial.view)).toContain('Darfur');
    const next = h.fake.views.length;
    h.fake.fail('users.conversations', 'missing_scope');
    await h.event({
      type: 'app_home_opened',
      user: 'U0002',
      channel: 'D0002',
      tab: 'home',
      event_ts: '1700000000.000303',
    });
    const outsider = await h.fake.waitFor(
      () => h.fake.views.slice(next).find((v) => v.method === 'views.publish'),
      10_000,
      'the partial Home of a user outside the channel',
    );
    expect(JSON.stringify(outsider.view)).toContain('I could not read which channels you are in');
    expect(JSON.stringify(outsider.view)).not.toContain('CSECRET');
    expect(JSON.stringify(outsider.view)).not.toContain('Darfur');
  });

  it('Edit opens the modal preset to the subscription; Post latest now posts; Unsubscribe removes it', async () => {
    h.fake.members.set('CACT', ['UBOT', 'U0001']);
    await h.command('subscribe daily 07:15 tz Europe/Paris lang en,ar', { channel: 'CACT' });
    await eventually(() => h.core.store.subscriptions.get('slack', 'CACT'));
    const before = h.fake.views.length;
    expect((await h.interact(homeActionPayload({ actionId: 'mn_home_edit', value: 'CACT' }))).status).toBe(200);
    const modal = await h.fake.waitFor(
      () => h.fake.views.slice(before).find((v) => v.method === 'views.open'),
      10_000,
      'the edit modal',
    );
    const blocks = modal.view.blocks as Json[];
    expect(blocks.find((b) => b.block_id === 'channel')?.element.initial_conversation).toBe('CACT');
    expect(blocks.find((b) => b.block_id === 'time')?.element.initial_time).toBe('07:15');
    expect(blocks.find((b) => b.block_id === 'timezone')?.element.initial_option.value).toBe('Europe/Paris');
    expect((modal.view.title as { text: string }).text).toBe('Edit digest');

    await h.interact(homeActionPayload({ actionId: 'mn_home_post', value: 'CACT' }));
    const posted = await h.fake.waitFor(() => h.fake.posted({ channel: 'CACT' })[0], 10_000, 'the digest');
    expect(posted.metadata?.event_type).toBe('migration_news_digest');

    await h.interact(homeActionPayload({ actionId: 'mn_home_unsubscribe', value: 'CACT' }));
    await eventually(
      async () => !(await h.core.store.subscriptions.get('slack', 'CACT')),
      10_000,
      'the unsubscription',
    );
  });

  it('refuses Home buttons for a channel the user is not in, and ignores ids that are not Slack ids', async () => {
    await h.command('subscribe daily 07:00', { channel: 'CGUARD' });
    await eventually(() => h.core.store.subscriptions.get('slack', 'CGUARD'));
    h.fake.members.set('CGUARD', ['UBOT', 'U0001']);
    await h.interact(homeActionPayload({ userId: 'U0666', actionId: 'mn_home_unsubscribe', value: 'CGUARD' }));
    // Slack refuses an ephemeral message to someone outside the channel: the refusal goes to their DM with the app.
    const refusal = await h.fake.waitFor(
      () => h.fake.calls('chat.postMessage').find((r) => r.body.channel === 'U0666'),
      10_000,
      'the refusal',
    );
    expect(String(refusal.body.text)).toContain('Only members of that channel');
    expect(String(refusal.body.text)).not.toContain('/invite');
    expect(await h.core.store.subscriptions.get('slack', 'CGUARD')).toBeDefined();
    const bad = await h.interact(homeActionPayload({ actionId: 'mn_home_unsubscribe', value: 'CGUARD; DROP TABLE' }));
    expect(bad.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(await h.core.store.subscriptions.get('slack', 'CGUARD')).toBeDefined();
  });
});

describe('Slack per-story actions on digests', () => {
  async function digestIn(channel: string) {
    await h.command('latest', { channel });
    return h.fake.waitFor(() => h.fake.posted({ channel, thread_ts: null })[0], 10_000, 'the digest');
  }

  it('puts a menu (ask, original, mute) on every story, values holding ids only', async () => {
    const digest = await digestIn('CMENU');
    const menus = (digest.blocks as Json[]).filter((b) => b.accessory?.type === 'overflow');
    expect(menus).toHaveLength(2);
    const values = menus.flatMap((m) => m.accessory.options.map((o: { value: string }) => o.value));
    expect(values).toEqual(expect.arrayContaining(['ask:bodrum', 'orig:bodrum', 'mute:iom-en', 'ask:lampedusa']));
    for (const v of values) expect(v).toMatch(/^(ask|orig|mute):[A-Za-z0-9_:.-]+$/);
  });

  it('shows the original text of each edition ephemerally, in its language', async () => {
    const digest = await digestIn('CORIG');
    const responseUrl = h.fake.responseUrl();
    await h.interact(
      messageActionPayload({
        channelId: 'CORIG',
        messageTs: digest.ts,
        responseUrl,
        action: {
          type: 'overflow',
          action_id: 'mn_story',
          selected_option: { text: { type: 'plain_text', text: 'Show the original text' }, value: 'orig:bodrum' },
        },
      }),
    );
    const text = await h.replyTo(responseUrl);
    // The follow-up links each edition's article: no unfurled previews under it (SPEC 7.1).
    expect(h.responsesTo(responseUrl)[0]).toMatchObject({ response_type: 'ephemeral', ...NO_UNFURL });
    expect(text).toContain('A boat carrying 43 migrants capsized off Bodrum');
    expect(text).toContain('\u200f*<https://www.iom.int/ar/news/boat-capsizes-bodrum|غرق قارب');
    expect(text).toContain('انقلب قارب يقل 43 مهاجرا');
  });

  it('mutes a source in the channel (digests leave it out), and Undo brings it back', async () => {
    const digest = await digestIn('CMUTE');
    const responseUrl = h.fake.responseUrl();
    await h.interact(
      messageActionPayload({
        channelId: 'CMUTE',
        messageTs: digest.ts,
        responseUrl,
        action: {
          type: 'overflow',
          action_id: 'mn_story',
          selected_option: { text: { type: 'plain_text', text: 'Mute' }, value: 'mute:iom-en' },
        },
      }),
    );
    expect(await h.replyTo(responseUrl)).toContain('IOM (iom-en) is muted in this channel');
    const undo = ((h.responsesTo(responseUrl)[0]?.blocks ?? []) as Json[])
      .flatMap((b) => b.elements ?? [])
      .find((e: Json) => e.action_id === 'mn_undo');
    expect(undo?.value).toBe('unmute:iom-en');
    expect(await h.core.store.mutes.list('slack', 'CMUTE')).toEqual(['iom-en']);
    // Lampedusa has only an iom-en edition: gone; Bodrum keeps its Arabic edition.
    await h.command('latest', { channel: 'CMUTE' });
    const second = await h.fake.waitFor(
      () => h.fake.posted({ channel: 'CMUTE', thread_ts: null })[1],
      10_000,
      'the second digest',
    );
    expect(String(second.metadata?.event_payload.story_ids)).toBe('bodrum');
    const undoUrl = h.fake.responseUrl();
    await h.interact(
      messageActionPayload({
        channelId: 'CMUTE',
        messageTs: '1700000000.000001',
        responseUrl: undoUrl,
        ephemeral: true,
        action: {
          type: 'button',
          action_id: 'mn_undo',
          value: 'unmute:iom-en',
          text: { type: 'plain_text', text: 'Undo' },
        },
      }),
    );
    expect(await h.replyTo(undoUrl)).toContain('no longer muted');
    expect(await h.core.store.mutes.list('slack', 'CMUTE')).toEqual([]);
  });

  it('asks about one story in a modal and answers in the digest thread, about that story', async () => {
    const digest = await digestIn('CASK');
    const before = h.fake.views.length;
    await h.interact(
      messageActionPayload({
        channelId: 'CASK',
        messageTs: digest.ts,
        responseUrl: h.fake.responseUrl(),
        action: {
          type: 'overflow',
          action_id: 'mn_story',
          selected_option: { text: { type: 'plain_text', text: 'Ask' }, value: 'ask:lampedusa' },
        },
      }),
    );
    const modal = await h.fake.waitFor(
      () => h.fake.views.slice(before).find((v) => v.method === 'views.open'),
      10_000,
      'the question modal',
    );
    expect(validateSlackView(modal.view)).toEqual([]);
    const empty = await h.interact(
      viewSubmissionPayload(modal.view, { question: { mn_question: { type: 'plain_text_input', value: null } } }),
    );
    expect(JSON.parse(empty.body).errors.question).toContain('Type a question');
    const res = await h.interact(
      viewSubmissionPayload(modal.view, {
        question: { mn_question: { type: 'plain_text_input', value: 'How many people arrived?' } },
      }),
    );
    expect(res.body).toBe('');
    const replies = await h.fake.waitFor(
      () => {
        const r = h.fake.posted({ channel: 'CASK', thread_ts: digest.ts });
        return r.length >= 2 ? r : null;
      },
      15_000,
      'the answer in the thread',
    );
    expect(JSON.stringify(replies[0]?.blocks)).toContain('How many people arrived?');
    expect(JSON.stringify(replies[1]?.blocks)).toContain('More than 2,000 people arrived in Lampedusa');
  });

  it('refuses a forged menu value that is not an id', async () => {
    const responseUrl = h.fake.responseUrl();
    const res = await h.interact(
      messageActionPayload({
        channelId: 'CMENU',
        messageTs: '1700000000.000009',
        responseUrl,
        action: {
          type: 'overflow',
          action_id: 'mn_story',
          selected_option: { text: { type: 'plain_text', text: 'x' }, value: 'orig:<!channel> ../../etc' },
        },
      }),
    );
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.responsesTo(responseUrl)).toEqual([]);
  });
});

it('keeps every view within the 100-block limit', () => {
  expect(MAX_VIEW_BLOCKS).toBe(100);
});
