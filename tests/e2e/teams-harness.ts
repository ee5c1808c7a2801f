import { rm } from 'node:fs/promises';
import { buildDigest } from '../../src/digest/build-digest.js';
import type { Digest } from '../../src/domain/digest.js';
import type { Story } from '../../src/domain/types.js';
import { type DeliverOutcome, deliverDigest } from '../../src/schedule/deliver-digest.js';
import type { Core } from '../../src/app/create-core.js';
import { type RunningBot, startBot } from '../../src/app/start-bot.js';
import {
  type ConnectorRequest,
  type FakeBotConnector,
  isAccepted,
  startFakeBotConnector,
} from '../fakes/fake-bot-connector.js';
import { sampleStories, startTestCore } from '../helpers/test-core.js';

export { sampleStories };

export const BOT = { id: '28:migration-news-bot', name: 'Migration News' };
export const USER = { id: '29:alice', name: 'Alice', aadObjectId: '00000000-0000-0000-0000-0000000a11ce' };
export const TENANT = 'tenant-1';
export const TEAM_CHANNEL = '19:general@thread.tacv2';
export const PERSONAL_CHAT = 'a:1personal-chat-with-alice';

export type Activity = Record<string, unknown>;

export interface ScheduledDelivery {
  digest: Digest;
  outcome: DeliverOutcome;
  /** The first message the connector accepted for it (when posted). */
  posted?: ConnectorRequest;
}

export interface TeamsHarness {
  connector: FakeBotConnector;
  core: Core;
  bot: RunningBot;
  /** POSTs an activity to /api/messages; resolves with the HTTP status once the bot has answered the request. */
  send(activity: Activity, headers?: Record<string, string>): Promise<number>;
  /** POSTs an invoke (Action.Execute) and returns the HTTP answer with its JSON body (the invoke response). */
  invoke(activity: Activity): Promise<{ status: number; body: Record<string, unknown> | null }>;
  /** A personal-chat message from Alice. */
  personal(text: string, overrides?: Activity): Activity;
  /** A channel message from Alice that @mentions the bot, at the top of the channel or in a thread. */
  channel(text: string, options?: { conversationId?: string; mention?: boolean; overrides?: Activity }): Activity;
  /** The bot added to a team (conversationUpdate with the bot in membersAdded). */
  installedInTeam(): Activity;
  /** The app installed ('add', 'add-upgrade') in or removed ('remove') from a conversation: an installationUpdate. */
  installation(action: string, conversation: Activity): Activity;
  /**
   * What the scheduler does at a slot: builds a digest and delivers it through the outbox with the reference stored
   * for `channelId` only.
   */
  deliverScheduled(channelId: string): Promise<ScheduledDelivery>;
  /** Messages (cards) the connector accepted after `since` requests, waiting until `count` arrived. */
  messagesAfter(since: number, count: number): Promise<ConnectorRequest[]>;
  stop(): Promise<void>;
}

let nextActivityId = 1_600_000_000_000;
export const newActivityId = () => String(nextActivityId++);

/** Starts the real bot (startBot, botbuilder CloudAdapter over HTTP, SQLite in a temp dir) against a fake Bot Connector. */
export async function startTeamsHarness(
  options: { env?: Record<string, string>; stories?: Story[] } = {},
): Promise<TeamsHarness> {
  const connector = await startFakeBotConnector();
  const { dir, core } = await startTestCore(
    'mnb-teams-',
    { TEAMS_ENABLED: 'true', ...options.env },
    options.stories ?? sampleStories(),
  );
  // The stories are written by the test: no start-up fetch of the (absent) feed files.
  const bot = await startBot(core, { port: 0, host: '127.0.0.1', fetchAtStart: false });
  const endpoint = `http://127.0.0.1:${bot.port}/api/messages`;

  const base = (conversation: Activity, text: string, overrides: Activity = {}): Activity => ({
    type: 'message',
    id: newActivityId(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: connector.url,
    from: USER,
    recipient: BOT,
    conversation,
    text,
    locale: 'en-US',
    channelData: { tenant: { id: TENANT } },
    ...overrides,
  });

  const messagesAfter = async (since: number, count: number) => {
    const accepted = (rs: ConnectorRequest[]) =>
      rs.slice(since).filter((r) => isAccepted(r) && r.activity?.type === 'message');
    await connector.waitFor((rs) => accepted(rs).length >= count);
    return accepted(connector.requests);
  };

  return {
    connector,
    core,
    bot,
    async send(activity, headers = {}) {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(activity),
      });
      await res.arrayBuffer();
      return res.status;
    },
    async invoke(activity) {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
    },
    personal: (text, overrides = {}) =>
      base({ id: PERSONAL_CHAT, conversationType: 'personal', tenantId: TENANT }, text, overrides),
    channel(text, o = {}) {
      const mention = o.mention ?? true;
      const id = newActivityId();
      const mentionText = `<at>${BOT.name}</at>`;
      return base(
        {
          id: o.conversationId ?? `${TEAM_CHANNEL};messageid=${id}`,
          conversationType: 'channel',
          isGroup: true,
          tenantId: TENANT,
        },
        mention ? `${mentionText} ${text}` : text,
        {
          id,
          entities: mention ? [{ type: 'mention', mentioned: BOT, text: mentionText }] : [],
          channelData: { tenant: { id: TENANT }, team: { id: '19:team@thread.tacv2' }, channel: { id: TEAM_CHANNEL } },
          ...o.overrides,
        },
      );
    },
    installedInTeam: () => ({
      type: 'conversationUpdate',
      id: newActivityId(),
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: connector.url,
      from: USER,
      recipient: BOT,
      conversation: { id: TEAM_CHANNEL, conversationType: 'channel', isGroup: true, tenantId: TENANT },
      membersAdded: [{ id: BOT.id }],
      channelData: { tenant: { id: TENANT }, team: { id: '19:team@thread.tacv2' }, eventType: 'teamMemberAdded' },
    }),
    // Teams sends it without text; its ids start with "f:".
    installation: (action, conversation) =>
      base(conversation, '', { type: 'installationUpdate', action, id: `f:${newActivityId()}`, text: undefined }),
    async deliverScheduled(channelId) {
      const stored = await core.store.channels.get('teams', channelId);
      const digest = await buildDigest(bot.deps, { languages: ['en', 'ar'], since: null });
      const before = connector.requests.length;
      const outcome = await deliverDigest(bot.deps, {
        channel: { platform: 'teams', channelId, conversationRef: stored?.conversationRef ?? null },
        digest,
        kind: 'scheduled',
      });
      const [posted] = outcome.status === 'posted' ? await messagesAfter(before, 1) : [];
      return { digest, outcome, posted };
    },
    messagesAfter,
    async stop() {
      await bot.stop();
      await connector.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Two recent stories: one in English and Arabic (two editions), one in English only. */

/** The Adaptive Card of a recorded message. */
export function cardOf(
  request: ConnectorRequest,
): { version: string; body: Array<Record<string, unknown>> } & Record<string, unknown> {
  const attachments = (request.activity?.attachments ?? []) as Array<{
    contentType: string;
    content: { version: string; body: Array<Record<string, unknown>> };
  }>;
  const card = attachments.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
  if (!card) throw new Error(`no Adaptive Card in ${request.method} ${request.path}`);
  return card;
}

/** All TextBlock texts of a recorded card, joined by newlines. */
export function cardTextOf(request: ConnectorRequest): string {
  const out: string[] = [];
  const walk = (elements: unknown[]) => {
    for (const e of elements as Array<Record<string, unknown>>) {
      if (typeof e.text === 'string') out.push(e.text);
      if (Array.isArray(e.facts))
        for (const f of e.facts as Array<{ title: string; value: string }>) out.push(`${f.title}: ${f.value}`);
      if (Array.isArray(e.items)) walk(e.items);
    }
  };
  walk(cardOf(request).body);
  return out.join('\n');
}
