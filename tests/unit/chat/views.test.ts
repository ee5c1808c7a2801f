import type { HomeView, KnownBlock, ModalView, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { MAX_VIEW_BLOCKS, renderHome } from '../../../adapters/slack/blocks/render-home.js';
import { renderDigest } from '../../../adapters/slack/blocks/render-digest.js';
import { renderSubscribeModal, zoneOptions } from '../../../adapters/slack/blocks/render-subscribe-modal.js';
import { MAX_ACTIVITY_BYTES, cardActivity, jsonBytes } from '../../../adapters/teams/cards/adaptive-card.js';
import { renderDigestActivities } from '../../../adapters/teams/cards/render-digest-card.js';
import { renderOriginalActivity } from '../../../adapters/teams/cards/render-original-card.js';
import { renderStatusActivity } from '../../../adapters/teams/cards/render-status-card.js';
import { renderSubscribeCard } from '../../../adapters/teams/cards/render-subscribe-card.js';
import { zonesStartingWith } from '../../../src/chat/handle-interaction.js';
import type { StatusView, SubscriptionFormModel } from '../../../src/domain/interactions.js';
import { adaptiveCardProblems } from '../../helpers/adaptive-card-sdk.js';
import { makeLargeDigest } from '../../helpers/digest-items.js';
import { makeDigest, makeDigestItem } from '../../helpers/factories.js';
import { validateSlackPayload } from '../../helpers/validate-slack-payload.js';
import { validateSlackView } from '../../helpers/validate-slack-view.js';

const view = (channelId: string, overrides: Partial<StatusView> = {}): StatusView => ({
  platform: 'slack',
  channelId,
  subscription: {
    schedule: 'weekdays at 08:30',
    cron: '30 8 * * 1-5',
    timezone: 'Africa/Cairo',
    languages: ['en', 'ar'],
    filter: ['Libya'],
    nextRunAt: '2026-01-05T06:30:00.000Z',
  },
  muted: [{ id: 'iom-en', name: 'IOM' }],
  lastDelivery: {
    at: '2026-01-02T06:30:05.000Z',
    kind: 'scheduled',
    status: 'failed',
    stories: 3,
    error: 'NOT_IN_CHANNEL: not_in_channel',
    waiting: null,
  },
  updates: true,
  sourcesLine: '3 sources: 2 ok, 1 failing (UN News un-ar)',
  ...overrides,
});

const form = (overrides: Partial<SubscriptionFormModel> = {}): SubscriptionFormModel => ({
  platform: 'slack',
  channelId: 'C0001',
  schedule: 'weekly',
  day: 'mon',
  time: '09:00',
  timezone: 'Europe/Paris',
  languages: ['fr', 'ar'],
  filter: 'Libya, Lampedusa',
  languageOptions: ['fr', 'ar', 'en', 'es', 'fa'],
  zones: zonesStartingWith('Europe/Paris'),
  existing: true,
  customCron: null,
  ...overrides,
});

describe('Slack views within Block Kit limits', () => {
  it('Home: how to start with no subscription; every state and button with some; never over 100 blocks', () => {
    const empty: HomeView = renderHome([], '2 sources: 2 ok');
    expect(validateSlackView(empty)).toEqual([]);
    expect(JSON.stringify(empty)).toContain('/invite @Migration News');
    expect(JSON.stringify(renderHome([], '2 sources', { partial: true }))).toContain('could not read which channels');
    const one = renderHome([view('C0001')], view('C0001').sourcesLine);
    expect(validateSlackView(one)).toEqual([]);
    const text = JSON.stringify(one);
    for (const part of [
      '<#C0001>',
      'weekdays at 08:30',
      'Africa/Cairo',
      'English + Arabic',
      'filter: Libya',
      'next run 2026-01-05 06:30 UTC',
      'failed: NOT_IN_CHANNEL',
      'Muted here: IOM (iom-en)',
      '1 failing (UN News un-ar)',
    ])
      expect(text).toContain(part);
    const many = renderHome(
      Array.from({ length: 40 }, (_, i) => view(`C${String(i).padStart(4, '0')}`)),
      '3 sources',
    );
    expect(many.blocks.length).toBeLessThanOrEqual(MAX_VIEW_BLOCKS);
    expect(validateSlackView(many)).toEqual([]);
    expect(JSON.stringify(many)).toContain('more subscribed channels are not listed here');
  });

  it('Home and the Teams status card: a paused subscription says since when and why instead of the next run', () => {
    const paused = view('C0001', {
      subscription: {
        ...(view('C0001').subscription as NonNullable<StatusView['subscription']>),
        paused: { at: '2026-01-03T10:15:00.000Z', reason: 'the bot was removed from the channel (channel_left)' },
      },
    });
    const home = renderHome([paused], paused.sourcesLine);
    expect(validateSlackView(home)).toEqual([]);
    const text = JSON.stringify(home);
    expect(text).toContain('*paused* since 2026-01-03 10:15 UTC: the bot was removed from the channel (channel_left)');
    expect(text).not.toContain('next run');
    // The settings are still shown: they apply again when the bot is back.
    expect(text).toContain('weekdays at 08:30');
    const card = JSON.stringify(renderStatusActivity({ ...paused, platform: 'teams' }).activity);
    // Card text is markdown: the underscore comes escaped.
    expect(card).toContain('"title":"Paused","value":"since {{DATE(2026-01-03T10:15:00Z, SHORT)}}');
    expect(card).toContain('the bot was removed from the channel (channel\\\\_left)');
    expect(card).not.toContain('Next run');
  });

  it('Home: feed-controlled text (filter words, errors, source names) never becomes a mention', () => {
    const home = renderHome(
      [
        view('C0001', {
          muted: [{ id: 'x', name: '<!channel>' }],
          subscription: {
            ...(view('C0001').subscription as NonNullable<StatusView['subscription']>),
            filter: ['<@U123>'],
          },
        }),
      ],
      '<!here> 1 source',
    );
    expect(validateSlackView(home)).toEqual([]);
    expect(JSON.stringify(home)).not.toMatch(/<!channel>|<@U123>|<!here>/);
  });

  it('Subscribe modal: preset fields, a cron it cannot show said aloud, menus within 100 options', () => {
    const modal: ModalView = renderSubscribeModal(
      form({
        schedule: null,
        customCron: '0 8 1 * *',
        languageOptions: Array.from({ length: 150 }, (_, i) => `l${i}`),
      }),
      { userTz: 'Asia/Beirut' },
    );
    expect(validateSlackView(modal)).toEqual([]);
    expect(JSON.stringify(modal)).toContain('the cron `0 8 1 * *`; saving this form replaces it');
    const options = zoneOptions(zonesStartingWith(), '', 'Asia/Beirut');
    expect(options[0]?.value).toBe('Asia/Beirut');
    expect(options.length).toBe(100);
    expect(zoneOptions(zonesStartingWith(), 'new york', null).map((o) => o.value)).toEqual(['America/New_York']);
  });

  it('each digest story carries its menu as an accessory: a typed Block Kit fixture, and 100 stories stay within 50 blocks per message', () => {
    const [message] = renderDigest(makeDigest({ items: [makeDigestItem()] }));
    // Compile-time check: this literal is a valid Block Kit section for @slack/types.
    const expected = {
      type: 'overflow',
      action_id: 'mn_story',
      options: [
        { text: { type: 'plain_text', text: 'Ask about this story' }, value: 'ask:story-1' },
        { text: { type: 'plain_text', text: 'Show the original text' }, value: 'orig:story-1' },
        { text: { type: 'plain_text', text: 'Mute IOM here' }, value: 'mute:iom-en' },
      ],
    } satisfies SectionBlock['accessory'];
    const first = message?.payload.blocks.find((b) => b.type === 'section');
    expect(first?.type === 'section' ? first.accessory : null).toEqual(expected);
    const blocks: KnownBlock[] = (message?.payload.blocks ?? []) as KnownBlock[];
    expect(blocks.length).toBeGreaterThan(0);
    const parts = renderDigest(makeLargeDigest(100));
    for (const part of parts) expect(validateSlackPayload(part.payload)).toEqual([]);
    const menus = parts.flatMap((p) => p.payload.blocks.filter((b) => b.type === 'section' && b.accessory));
    expect(menus).toHaveLength(100);
  });
});

describe("Teams cards pass Microsoft's Adaptive Cards 1.5 parser and the size limit", () => {
  it('subscribe card, with every zone and with errors under their fields', () => {
    const card = renderSubscribeCard(form({ platform: 'teams' }), {
      errors: { timezone: '"Mars/Olympus" is not an IANA time zone', time: 'Pick a time.' },
      typed: { timezone: 'Mars/Olympus' },
      userTz: 'Asia/Beirut',
    });
    expect(adaptiveCardProblems(card)).toEqual([]);
    expect(jsonBytes(cardActivity(card, 'form'))).toBeLessThanOrEqual(MAX_ACTIVITY_BYTES);
    const json = JSON.stringify(card);
    expect(json).toContain('is not an IANA time zone');
    expect(json).toContain('"style":"filtered"');
  });

  it('status card for a subscribed and an unsubscribed conversation; original text right to left', () => {
    for (const v of [
      view('19:c@thread.tacv2', { platform: 'teams' }),
      view('a:chat', { platform: 'teams', subscription: null, lastDelivery: null, muted: [] }),
    ]) {
      const { activity } = renderStatusActivity(v);
      expect(adaptiveCardProblems(activity.attachments[0]?.content)).toEqual([]);
    }
    const { activity } = renderOriginalActivity({
      storyId: 's',
      editions: [
        { language: 'ar', sourceName: 'IOM', title: 'عنوان', url: null, extract: 'نص' },
        { language: 'en', sourceName: 'IOM', title: 'Title *bold*', url: null, extract: 'Text' },
      ],
    });
    const card = activity.attachments[0]?.content;
    expect(adaptiveCardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('"rtl":true');
    expect(JSON.stringify(card)).toContain('Title \\\\*bold\\\\*');
  });

  it('digest cards keep Ask and Show-the-original on every story, with unique question ids, under 28 KB', () => {
    const parts = renderDigestActivities(makeLargeDigest(100));
    const json = parts.map((p) => JSON.stringify(p.activity));
    for (const [i, part] of parts.entries()) {
      expect(jsonBytes(part.activity)).toBeLessThanOrEqual(MAX_ACTIVITY_BYTES);
      expect(adaptiveCardProblems(part.activity.attachments[0]?.content)).toEqual([]);
      const ids = [...(json[i] ?? '').matchAll(/"id":"(q\d+)"/g)].map((m) => m[1]);
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(json.join('').match(/"verb":"original","storyId"/g)).toHaveLength(100);
  });
});
