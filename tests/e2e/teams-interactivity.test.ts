import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorRequest } from '../fakes/fake-bot-connector.js';
import { adaptiveCardProblems } from '../helpers/adaptive-card-sdk.js';
import {
  type Activity,
  BOT,
  cardOf,
  cardTextOf,
  newActivityId,
  PERSONAL_CHAT,
  startTeamsHarness,
  TEAM_CHANNEL,
  TENANT,
  type TeamsHarness,
  USER,
} from './teams-harness.js';

// biome-ignore lint/suspicious/noExplicitAny: reads card JSON as the connector received it
type Json = Record<string, any>;

let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeamsHarness();
});
afterAll(async () => {
  await h?.stop();
});

/** An Action.Execute invoke as Teams sends it for a card the bot posted (replyToId: the card's activity id). */
function invoke(conversation: Json, replyToId: string, verb: string, data: Json, overrides: Activity = {}): Activity {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: newActivityId(),
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    localTimezone: 'Asia/Beirut',
    channelId: 'msteams',
    serviceUrl: h.connector.url,
    from: USER,
    recipient: BOT,
    conversation,
    replyToId,
    locale: 'en-US',
    value: { action: { type: 'Action.Execute', id: 'a1', verb, data: { mn: 1, verb, ...data } }, trigger: 'manual' },
    channelData: { tenant: { id: TENANT }, source: { name: 'message' }, legacy: { replyToId } },
    ...overrides,
  };
}
const personalConversation = { id: PERSONAL_CHAT, conversationType: 'personal', tenantId: TENANT };

const inputs = (card: Json): Json[] => {
  const out: Json[] = [];
  const walk = (els: Json[]) => {
    for (const e of els) {
      if (String(e.type).startsWith('Input.')) out.push(e);
      if (Array.isArray(e.items)) walk(e.items);
    }
  };
  walk(card.body);
  return out;
};

async function openForm(): Promise<ConnectorRequest> {
  const since = h.connector.requests.length;
  expect(await h.send(h.personal('subscribe', { localTimezone: 'Asia/Beirut' }))).toBe(200);
  const [form] = await h.messagesAfter(since, 1);
  if (!form) throw new Error('no form');
  return form;
}

describe('Teams subscribe card (Action.Execute)', () => {
  it('answers `subscribe` with no arguments with a form card: schedule, day, time, searchable zone, languages, filter', async () => {
    const form = await openForm();
    const card = cardOf(form);
    expect(adaptiveCardProblems(card)).toEqual([]);
    expect(form.bytes).toBeLessThan(26_000);
    const byId = Object.fromEntries(inputs(card).map((i) => [i.id, i]));
    expect(Object.keys(byId)).toEqual(['schedule', 'day', 'time', 'timezone', 'language_1', 'language_2', 'filter']);
    expect(byId.schedule?.type).toBe('Input.ChoiceSet');
    expect(byId.time?.type).toBe('Input.Time');
    expect(byId.timezone).toMatchObject({ type: 'Input.ChoiceSet', style: 'filtered', value: 'Asia/Beirut' });
    expect(byId.timezone?.choices.length).toBeGreaterThan(300);
    expect(byId.filter?.type).toBe('Input.Text');
    expect(card.actions).toEqual([expect.objectContaining({ type: 'Action.Execute', verb: 'subscribe' })]);
    expect(await h.core.store.subscriptions.get('teams', PERSONAL_CHAT)).toBeUndefined();
  });

  it('shows validation errors on the card and stores nothing', async () => {
    const form = await openForm();
    const res = await h.invoke(
      invoke(personalConversation, String(form.createdId), 'subscribe', {
        schedule: 'weekly',
        day: '',
        time: '',
        timezone: 'Mars/Olympus',
        language_1: 'english',
        language_2: '',
        filter: '',
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    const card = (res.body as Json).value as Json;
    expect(adaptiveCardProblems(card)).toEqual([]);
    const text = JSON.stringify(card);
    for (const message of ['is not an IANA time zone', 'is not a language list', 'Pick a time', 'Pick the day'])
      expect(text).toContain(message);
    // What the user typed stays on the card.
    expect(inputs(card).find((i) => i.id === 'timezone')?.value).toBe('Mars/Olympus');
    expect(await h.core.store.subscriptions.get('teams', PERSONAL_CHAT)).toBeUndefined();
  });

  it('stores a valid form through the same subscribe handler and replaces the card with a confirmation', async () => {
    const form = await openForm();
    const since = h.connector.requests.length;
    const res = await h.invoke(
      invoke(personalConversation, String(form.createdId), 'subscribe', {
        schedule: 'weekdays',
        day: 'mon',
        time: '07:45',
        timezone: 'Asia/Beirut',
        language_1: 'ar',
        language_2: 'en',
        filter: 'Lebanon',
      }),
    );
    expect((res.body as Json).type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify((res.body as Json).value)).toContain('Scheduled digest saved');
    expect(await h.core.store.subscriptions.get('teams', PERSONAL_CHAT)).toMatchObject({
      cron: '45 7 * * 1-5',
      timezone: 'Asia/Beirut',
      languages: ['ar', 'en'],
      filter: ['Lebanon'],
    });
    await h.connector.waitFor((rs) => rs.slice(since).some((r) => r.operation === 'updateActivity'));
    const update = h.connector.requests.slice(since).find((r) => r.operation === 'updateActivity');
    expect(update?.activityId).toBe(form.createdId);
    expect(cardTextOf(update as ConnectorRequest)).toContain(
      'weekdays at 07:45 (Asia/Beirut), ar + en, filter: Lebanon',
    );
  });

  it('takes an Action.Submit (a message with a value and no text) the same way, never as `latest`', async () => {
    const chat = 'a:1submit-chat';
    const since = h.connector.requests.length;
    const activity = h.personal('', {
      conversation: { id: chat, conversationType: 'personal', tenantId: TENANT },
      replyToId: '1700000000999',
      value: {
        mn: 1,
        verb: 'subscribe',
        schedule: 'daily',
        time: '06:00',
        timezone: 'UTC',
        language_1: 'en',
        language_2: 'fr',
      },
    });
    delete (activity as Json).text;
    expect(await h.send(activity)).toBe(200);
    await h.connector.waitFor((rs) => rs.slice(since).some((r) => r.operation === 'updateActivity'));
    expect(await h.core.store.subscriptions.get('teams', chat)).toMatchObject({
      cron: '0 6 * * *',
      languages: ['en', 'fr'],
    });
    expect(
      h.connector.requests
        .slice(since)
        .filter((r) => r.activity?.type === 'message' && r.operation !== 'updateActivity'),
    ).toEqual([]);
  });
});

describe('Teams status card and per-story actions', () => {
  it('answers `status` with a card showing what the Slack Home tab shows, with buttons', async () => {
    const since = h.connector.requests.length;
    await h.send(h.personal('status'));
    const [status] = await h.messagesAfter(since, 1);
    const card = cardOf(status as ConnectorRequest);
    expect(adaptiveCardProblems(card)).toEqual([]);
    const text = cardTextOf(status as ConnectorRequest);
    for (const part of [
      'Schedule: weekdays at 07:45',
      'Time zone: Asia/Beirut',
      'Languages: Arabic + English',
      'Filter: Lebanon',
      'Next run:',
      'Last delivery: none yet',
      'Sources: 2 sources',
    ])
      expect(text).toContain(part);
    expect((card.actions as Json[]).map((a) => a.verb)).toEqual(['open_form', 'post_latest', 'unsubscribe']);
  });

  it('unsubscribes from the status card button', async () => {
    const res = await h.invoke(invoke(personalConversation, '1700000000123', 'unsubscribe', {}));
    expect(res.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message' });
    await expect.poll(() => h.core.store.subscriptions.get('teams', PERSONAL_CHAT)).toBeUndefined();
    // The grammar's own reply follows in the chat.
    await h.connector.waitFor((rs) =>
      rs.some((r) => r.activity?.type === 'message' && JSON.stringify(r.activity).includes('Unsubscribed')),
    );
  });

  it('puts Ask and Show-the-original actions on each story; the answer goes in the digest thread', async () => {
    const since = h.connector.requests.length;
    await h.send(h.channel('latest'));
    await h.connector.waitFor((rs) => rs.slice(since).some((r) => r.operation === 'createConversation'));
    const digest = h.connector.requests.slice(since).find((r) => r.operation === 'createConversation');
    const card = cardOf(digest as ConnectorRequest);
    expect(adaptiveCardProblems(card)).toEqual([]);
    const json = JSON.stringify(card);
    expect(json).toContain('"Action.ShowCard"');
    expect(json).toContain('"verb":"original","storyId":"bodrum"');
    const threadId = String(digest?.createdId);
    const threadConversation = { id: threadId, conversationType: 'channel', isGroup: true, tenantId: TENANT };
    const rootId = threadId.split(';messageid=')[1] ?? '';
    await expect.poll(() => h.core.store.threads.stories('teams', TEAM_CHANNEL, threadId)).toBeTruthy();

    const askedAt = h.connector.requests.length;
    const lampedusa = /"verb":"ask","storyId":"lampedusa","input":"(q\d+)"/.exec(json);
    expect(lampedusa).not.toBeNull();
    const input = lampedusa?.[1] ?? '';
    const res = await h.invoke(
      invoke(threadConversation, rootId, 'ask', { storyId: 'lampedusa', input, [input]: 'How many people arrived?' }),
    );
    expect(res.body).toMatchObject({ value: 'Answering in the thread…' });
    const replies = await h.messagesAfter(askedAt, 2);
    expect(replies.every((r) => r.conversationId === threadId)).toBe(true);
    expect(cardTextOf(replies[0] as ConnectorRequest)).toContain('How many people arrived?');
    expect(cardTextOf(replies[1] as ConnectorRequest)).toContain('More than 2,000 people arrived in Lampedusa');

    const originalAt = h.connector.requests.length;
    await h.invoke(invoke(threadConversation, rootId, 'original', { storyId: 'bodrum' }));
    const [original] = await h.messagesAfter(originalAt, 1);
    const originalCard = cardOf(original as ConnectorRequest);
    expect(adaptiveCardProblems(originalCard)).toEqual([]);
    expect(JSON.stringify(originalCard)).toContain('انقلب قارب يقل 43 مهاجرا');
    expect(JSON.stringify(originalCard)).toContain('"rtl":true');
  });

  it('acts once on an invoke Teams delivers twice, and answers both deliveries', async () => {
    const since = h.connector.requests.length;
    const activity = invoke(personalConversation, '1700000000125', 'original', { storyId: 'bodrum' });
    const first = await h.invoke(activity);
    expect(first).toMatchObject({ status: 200, body: { value: 'The original text is in the thread.' } });
    expect(await h.invoke(activity)).toEqual(first);
    await h.messagesAfter(since, 1);
    await new Promise((r) => setTimeout(r, 500));
    const requests = h.connector.requests.slice(since);
    expect(requests.map((r) => `${r.operation} ${r.activityId}`)).toEqual(['replyToActivity 1700000000125']);
    expect(JSON.stringify(cardOf(requests[0] as ConnectorRequest))).toContain('انقلب قارب يقل 43 مهاجرا');
  });

  it('refuses card data that is not an id, and posts nothing', async () => {
    const since = h.connector.requests.length;
    const res = await h.invoke(
      invoke(personalConversation, '1700000000124', 'original', { storyId: '<at>everyone</at> ../../' }),
    );
    expect(res.body).toMatchObject({ value: 'That card is out of date: send the command again.' });
    await new Promise((r) => setTimeout(r, 300));
    expect(
      h.connector.requests
        .slice(since)
        .filter((r) => r.activity?.type === 'message' && r.conversationId === PERSONAL_CHAT),
    ).toEqual([]);
  });
});
