import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIGEST_EVENT_TYPE } from '../../adapters/slack/blocks/render-digest.js';
import { validateSlackPayload } from '../helpers/validate-slack-payload.js';
import {
  CHANNEL,
  eventually,
  type SlackHarness,
  sampleStories,
  startSlackHarness,
  storyTitled,
} from './slack-harness.js';

/** The flags every reply carries (SPEC 7.1, link unfurling off; nothing parsed into a mention). */
const NO_UNFURL = { unfurl_links: false, unfurl_media: false, parse: 'none', link_names: false };

// One bot for the whole file (offline mode): commands in different channels do not interfere.
let h: SlackHarness;

beforeAll(async () => {
  h = await startSlackHarness({
    stories: [...sampleStories(), storyTitled('injection', '<!channel> urgent <@U123> <http://evil.example|iom.int>')],
  });
});
afterAll(async () => {
  await h?.stop();
});

describe('/migration-news over real Bolt (offline mode)', () => {
  it('acks at once, then posts a bilingual digest with chat.postMessage, metadata and unfurling off', async () => {
    const ack = await h.command('latest', { channel: 'CLATEST' });
    expect(ack.status).toBe(200);
    const [message] = await h.fake.waitFor(() => {
      const posted = h.fake.posted({ channel: 'CLATEST' });
      return posted.length ? posted : null;
    });
    const request = h.fake.calls('chat.postMessage').find((r) => r.body.channel === 'CLATEST');
    expect(request?.body).toMatchObject({ unfurl_links: false, unfurl_media: false });
    expect(validateSlackPayload(request?.body)).toEqual([]);
    expect(message?.metadata?.event_type).toBe(DIGEST_EVENT_TYPE);
    expect(message?.metadata?.event_payload).toMatchObject({ part: 1, parts: 1 });
    expect(String(message?.metadata?.event_payload.story_ids).split(',')).toEqual(
      expect.arrayContaining(['bodrum', 'lampedusa', 'injection']),
    );
    const text = JSON.stringify(message?.blocks);
    expect(text).toContain('Boat capsizes off Bodrum');
    expect(text).toContain(
      '\\u200f*<https://www.iom.int/ar/news/boat-capsizes-bodrum|غرق قارب'.replace('\\u200f', '\u200f'),
    );
    // The store maps the posted message to its stories, for thread Q&A.
    const mapped = await eventually(
      () => h.core.store.threads.stories('slack', 'CLATEST', message?.ts ?? ''),
      15_000,
      'the thread mapping',
    );
    expect(mapped?.storyIds).toEqual(expect.arrayContaining(['bodrum', 'lampedusa']));
    expect(mapped?.digestId).toBe(message?.metadata?.event_payload.digest_id);
  });

  it('renders a feed item titled <!channel> urgent as inert text in the posted blocks', async () => {
    await h.command('', { channel: 'CINERT' });
    const [message] = await h.fake.waitFor(() => {
      const posted = h.fake.posted({ channel: 'CINERT' });
      return posted.length ? posted : null;
    });
    const blocks = JSON.stringify(message?.blocks);
    expect(blocks).toContain('&lt;!channel&gt; urgent &lt;@U123&gt; &lt;http://evil.example|iom.int&gt;');
    expect(blocks).not.toMatch(/<!channel>|<@U123>|<http:\/\/evil/);
    expect(message?.text).not.toMatch(/<!channel>|<@U123>/);
    expect(
      validateSlackPayload(h.fake.calls('chat.postMessage').find((r) => r.body.channel === 'CINERT')?.body),
    ).toEqual([]);
  });

  it('limits `latest N` to N stories', async () => {
    await h.command('latest 1', { channel: 'CONE' });
    const [message] = await h.fake.waitFor(() => {
      const posted = h.fake.posted({ channel: 'CONE' });
      return posted.length ? posted : null;
    });
    expect(String(message?.metadata?.event_payload.story_ids).split(',')).toHaveLength(1);
  });

  it('answers help ephemerally through response_url', async () => {
    const { responseUrl } = await h.command('help');
    const text = await h.replyTo(responseUrl);
    expect(text).toContain('Commands:');
    expect(text).toContain('subscribe weekdays 08:30 tz Africa/Cairo lang en,ar');
    expect(h.responsesTo(responseUrl)[0]).toMatchObject({
      response_type: 'ephemeral',
      replace_original: false,
      ...NO_UNFURL,
    });
  });

  it('searches stories in any language and shows them only to the asker', async () => {
    const { responseUrl } = await h.command('search Bodrum');
    const text = await h.replyTo(responseUrl);
    expect(text).toContain('Stories matching');
    expect(text).toContain('<https://www.iom.int/news/boat-capsizes-bodrum|Boat capsizes off Bodrum: 12 dead>');
    // A list of article links: none of them unfurls into a preview under the reply.
    expect(h.responsesTo(responseUrl)[0]).toMatchObject(NO_UNFURL);
    const arabic = await h.command('search بودروم');
    expect(await h.replyTo(arabic.responseUrl)).toContain('Bodrum');
    const none = await h.command('search zanzibar');
    expect(await h.replyTo(none.responseUrl)).toContain('No stories of the last 30 days match');
  });

  it('subscribes, reports status, changes languages, lists sources and unsubscribes', async () => {
    const channel = 'CSUB';
    const sub = await h.command('subscribe weekdays 08:30 tz Africa/Cairo lang en,ar filter Libya, Lampedusa', {
      channel,
    });
    expect(await h.replyTo(sub.responseUrl)).toMatch(
      /Subscribed\. Subscription: cron "30 8 \* \* 1-5" \(Africa\/Cairo\), languages en \+ ar, filter: Libya, Lampedusa/,
    );
    const stored = await h.core.store.subscriptions.get('slack', channel);
    expect(stored).toMatchObject({
      cron: '30 8 * * 1-5',
      timezone: 'Africa/Cairo',
      languages: ['en', 'ar'],
      filter: ['Libya', 'Lampedusa'],
      createdBy: 'U0001',
    });

    const status = await h.command('status', { channel });
    const statusText = await h.replyTo(status.responseUrl);
    expect(statusText).toContain('Next run:');
    expect(statusText).toContain('Sources (2):');

    const lang = await h.command('lang en,fr', { channel });
    expect(await h.replyTo(lang.responseUrl)).toContain('Languages for this channel: en + fr.');
    expect((await h.core.store.subscriptions.get('slack', channel))?.languages).toEqual(['en', 'fr']);

    const sources = await h.command('sources', { channel });
    expect(await h.replyTo(sources.responseUrl)).toMatch(/IOM \(iom-en\)/);

    const unsub = await h.command('unsubscribe', { channel });
    expect(await h.replyTo(unsub.responseUrl)).toContain('Unsubscribed');
    expect(await h.core.store.subscriptions.get('slack', channel)).toBeUndefined();
    const again = await h.command('unsubscribe', { channel });
    expect(await h.replyTo(again.responseUrl)).toContain('This channel has no subscription.');
  });

  it.each([
    ['frobnicate', 'I don\'t know the command "frobnicate"'],
    ['latest 999', '`latest` takes an optional number of stories from 1 to 50'],
    ['subscribe daily 25:00', '"25:00" is not a time'],
    ['subscribe cron "0 8 * *"', 'is not a valid cron expression'],
    ['subscribe tz Mars/Olympus', 'is not an IANA time zone'],
    ['lang english', 'is not a language list'],
    ['status now', '`status` takes no arguments.'],
    // Slack sends an @channel typed in a command as <!channel>, and a literal "<" as &lt;.
    ['<!channel> hello', 'I don\'t know the command "@channel"'],
    ['&lt;!channel&gt; hello', 'I don\'t know the command "&lt;!channel&gt;"'],
    ['x'.repeat(1500), 'That command is too long'],
  ])('answers bad input %j with the error and the help text, ephemerally', async (text, expected) => {
    const ack = await h.command(text, { channel: 'CBAD' });
    expect(ack.status).toBe(200);
    const reply = await h.replyTo(ack.responseUrl);
    expect(reply).toContain(expected);
    expect(reply).toContain('Commands:');
    expect(reply.startsWith(':warning:')).toBe(true);
    for (const body of h.responsesTo(ack.responseUrl))
      expect(validateSlackPayload({ ...body, unfurl_links: false, unfurl_media: false })).toEqual([]);
    expect(h.fake.posted({ channel: 'CBAD' })).toEqual([]);
  });

  it('tells the user how to invite the bot when it is not in the channel', async () => {
    h.fake.notInChannel.add('CNOTIN');
    const ack = await h.command('latest', { channel: 'CNOTIN' });
    expect(ack.status).toBe(200);
    const reply = await h.replyTo(ack.responseUrl);
    expect(reply).toContain('/invite @Migration News');
    expect(h.fake.posted({ channel: 'CNOTIN' })).toEqual([]);
    // The digest stays recorded as failed (it will be retried), not lost.
    const [delivery] = await eventually(async () => {
      const recent = await h.core.store.deliveryLog.recent({ platform: 'slack', channelId: 'CNOTIN', limit: 1 });
      return recent[0]?.status === 'failed' ? recent : null;
    });
    expect(delivery).toMatchObject({ status: 'failed' });
    expect(delivery?.error).toContain('NOT_IN_CHANNEL');
  });

  it('keeps `subscribe ...` and `lang` in a channel the bot is not in, and says at once how to invite it', async () => {
    h.fake.notInChannel.add('CNOSUB');
    const ack = await h.command('subscribe daily 08:00 tz Europe/Rome', { channel: 'CNOSUB' });
    const reply = await h.replyTo(ack.responseUrl);
    expect(reply).toMatch(/^Subscribed/);
    expect(reply).toContain('not in this channel yet');
    expect(reply).toContain('/invite @Migration News');
    expect(await h.core.store.subscriptions.get('slack', 'CNOSUB')).toMatchObject({ timezone: 'Europe/Rome' });
    const lang = await h.replyTo((await h.command('lang en,fr', { channel: 'CNOSUB' })).responseUrl);
    expect(lang).toContain('/invite @Migration News');
  });

  it('adds no invite hint where the bot is a member', async () => {
    const reply = await h.replyTo((await h.command('subscribe weekdays 07:30', { channel: 'CMEMBER' })).responseUrl);
    expect(reply).toMatch(/^Subscribed/);
    expect(reply).not.toContain('/invite');
    expect(h.fake.calls('conversations.info').some((c) => c.body.channel === 'CMEMBER')).toBe(true);
  });

  it('in a DM between two people (which the bot cannot see) says so, instead of "invite me" there', async () => {
    // Slack sends the command from any DM with channel_name "directmessage"; the bot is in none but its own.
    h.fake.notInChannel.add('DALICEBOB');
    const latest = await h.command('latest', { channel: 'DALICEBOB', channelName: 'directmessage' });
    expect(latest.status).toBe(200);
    const reply = await h.replyTo(latest.responseUrl);
    expect(reply).toContain('direct message');
    expect(reply).not.toContain('/invite');
    expect(h.fake.posted({ channel: 'DALICEBOB' })).toEqual([]);

    const sub = await h.command('subscribe daily 08:00', { channel: 'DALICEBOB', channelName: 'directmessage' });
    const subReply = await h.replyTo(sub.responseUrl);
    expect(subReply).toContain('direct message');
    expect(subReply).not.toContain('/invite');
  });

  it('in its own DM with the user posts the digest there, with no warning', async () => {
    const sub = await h.command('subscribe daily 09:00', { channel: 'DBOTALICE', channelName: 'directmessage' });
    const reply = await h.replyTo(sub.responseUrl);
    expect(reply).toMatch(/^Subscribed/);
    expect(reply).not.toContain('direct message');
    await h.command('latest', { channel: 'DBOTALICE', channelName: 'directmessage' });
    await h.fake.waitFor(() => h.fake.posted({ channel: 'DBOTALICE' })[0], 15_000, 'the digest in the DM');
  });

  it('keeps serving after all of the above', async () => {
    const health = await fetch(h.eventsUrl.replace('/slack/events', '/healthz'));
    expect(health.status).toBe(200);
    expect(h.fake.posted({ channel: CHANNEL })).toEqual([]);
  });
});
