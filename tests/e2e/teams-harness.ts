import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import type { Story } from '../../src/domain/types.js';
import { type Core, createCore } from '../../src/main.js';
import { type RunningBot, startBot } from '../../src/serve/start-bot.js';
import { silentLogger } from '../../src/util/create-logger.js';
import { type ConnectorRequest, type FakeBotConnector, isAccepted, startFakeBotConnector } from '../fakes/fake-bot-connector.js';
import { makeEdition } from '../fixtures/factories.js';

export const BOT = { id: '28:migration-news-bot', name: 'Migration News' };
export const USER = { id: '29:alice', name: 'Alice', aadObjectId: '00000000-0000-0000-0000-0000000a11ce' };
export const TENANT = 'tenant-1';
export const TEAM_CHANNEL = '19:general@thread.tacv2';
export const PERSONAL_CHAT = 'a:1personal-chat-with-alice';

export type Activity = Record<string, unknown>;

export interface TeamsHarness {
  connector: FakeBotConnector;
  core: Core;
  bot: RunningBot;
  /** POSTs an activity to /api/messages; resolves with the HTTP status once the bot has answered the request. */
  send(activity: Activity, headers?: Record<string, string>): Promise<number>;
  /** A personal-chat message from Alice. */
  personal(text: string, overrides?: Activity): Activity;
  /** A channel message from Alice that @mentions the bot, at the top of the channel or in a thread. */
  channel(text: string, options?: { conversationId?: string; mention?: boolean; overrides?: Activity }): Activity;
  /** The bot added to a team (conversationUpdate with the bot in membersAdded). */
  installedInTeam(): Activity;
  /** Messages (cards) the connector accepted after `since` requests, waiting until `count` arrived. */
  messagesAfter(since: number, count: number): Promise<ConnectorRequest[]>;
  stop(): Promise<void>;
}

let nextActivityId = 1_600_000_000_000;
export const newActivityId = () => String(nextActivityId++);

/** Starts the real bot (startBot, botbuilder CloudAdapter over HTTP, SQLite in a temp dir) against a fake Bot Connector. */
export async function startTeamsHarness(options: { env?: Record<string, string>; stories?: Story[] } = {}): Promise<TeamsHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'mnb-teams-'));
  const sourcesFile = join(dir, 'sources.yaml');
  await writeFile(
    sourcesFile,
    ['sources:', '  - { id: iom-en, name: IOM, url: iom-en.xml, language: en }', '  - { id: iom-ar, name: IOM, url: iom-ar.xml, language: ar }', ''].join('\n'),
  );
  const connector = await startFakeBotConnector();
  const config = loadConfig({
    TEAMS_ENABLED: 'true',
    DATABASE_URL: `sqlite:${join(dir, 'bot.db')}`,
    SOURCES_FILE: sourcesFile,
    DIGEST_LANGUAGES: 'en,ar',
    LOG_LEVEL: 'silent',
    PORT: '0',
    ...options.env,
  });
  const core = await createCore(config, { log: silentLogger() });
  const stories = options.stories ?? sampleStories();
  if (stories.length) await core.store.stories.write({ newStories: stories, addedEditions: [], updatedEditions: [] });
  const bot = await startBot(core, { port: 0, host: '127.0.0.1' });
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

  return {
    connector,
    core,
    bot,
    async send(activity, headers = {}) {
      const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
      await res.arrayBuffer();
      return res.status;
    },
    personal: (text, overrides = {}) => base({ id: PERSONAL_CHAT, conversationType: 'personal', tenantId: TENANT }, text, overrides),
    channel(text, o = {}) {
      const mention = o.mention ?? true;
      const id = newActivityId();
      const mentionText = `<at>${BOT.name}</at>`;
      return base(
        { id: o.conversationId ?? `${TEAM_CHANNEL};messageid=${id}`, conversationType: 'channel', isGroup: true, tenantId: TENANT },
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
    async messagesAfter(since, count) {
      const accepted = (rs: ConnectorRequest[]) => rs.slice(since).filter((r) => isAccepted(r) && r.activity?.type === 'message');
      await connector.waitFor((rs) => accepted(rs).length >= count);
      return accepted(connector.requests);
    },
    async stop() {
      await bot.stop();
      await connector.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Two recent stories: one in English and Arabic (two editions), one in English only. */
export function sampleStories(): Story[] {
  const now = new Date(Date.now() - 3_600_000).toISOString();
  const edition = (o: Parameters<typeof makeEdition>[0]) => makeEdition({ publishedAt: now, firstSeenAt: now, updatedAt: now, ...o });
  const bodrumEn = edition({
    id: 'bodrum-en',
    storyId: 'bodrum',
    sourceId: 'iom-en',
    url: 'https://www.iom.int/news/boat-capsizes-bodrum',
    language: 'en',
    title: 'Boat capsizes off Bodrum: 12 dead',
    text: [
      'A boat carrying 43 migrants capsized off Bodrum on Monday, the Turkish coast guard said.',
      'Twelve people died, including three children. Thirty-one people were rescued and taken to a hospital in Bodrum.',
      'IOM called for safe and regular pathways for people on the move.',
    ].join('\n'),
    contentHash: 'h-bodrum-en',
  });
  const bodrumAr = edition({
    id: 'bodrum-ar',
    storyId: 'bodrum',
    sourceId: 'iom-ar',
    url: 'https://www.iom.int/ar/news/boat-capsizes-bodrum',
    language: 'ar',
    title: 'غرق قارب قبالة بودروم: 12 قتيلا',
    text: 'انقلب قارب يقل 43 مهاجرا قبالة بودروم يوم الاثنين. توفي اثنا عشر شخصا بينهم ثلاثة أطفال. وتم إنقاذ واحد وثلاثين شخصا.',
    contentHash: 'h-bodrum-ar',
  });
  const lampedusa = edition({
    id: 'lampedusa-en',
    storyId: 'lampedusa',
    sourceId: 'iom-en',
    url: 'https://www.iom.int/news/lampedusa-arrivals',
    language: 'en',
    title: 'Arrivals rise in Lampedusa',
    text: 'More than 2,000 people arrived in Lampedusa over the weekend. The reception centre is over capacity, the Italian Red Cross said.',
    contentHash: 'h-lampedusa-en',
  });
  return [
    { id: 'bodrum', primaryEditionId: 'bodrum-en', firstSeenAt: now, updatedAt: now, publishedAt: now, editions: [bodrumEn, bodrumAr] },
    { id: 'lampedusa', primaryEditionId: 'lampedusa-en', firstSeenAt: now, updatedAt: now, publishedAt: now, editions: [lampedusa] },
  ];
}

/** The Adaptive Card of a recorded message. */
export function cardOf(request: ConnectorRequest): { version: string; body: Array<Record<string, unknown>> } & Record<string, unknown> {
  const attachments = (request.activity?.attachments ?? []) as Array<{ contentType: string; content: { version: string; body: Array<Record<string, unknown>> } }>;
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
      if (Array.isArray(e.items)) walk(e.items);
    }
  };
  walk(cardOf(request).body);
  return out.join('\n');
}
