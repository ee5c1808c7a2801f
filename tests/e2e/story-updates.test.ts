import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardTextOf, PERSONAL_CHAT, TEAM_CHANNEL, type TeamsHarness, startTeamsHarness } from './teams-harness.js';
import { makeSubscription } from '../helpers/factories.js';
import { eventually, type SlackHarness, startSlackHarness } from './slack-harness.js';

const GUID = 'iom-2026-libya-shipwreck';
const TITLE = 'Boat capsizes off Libya';

/** An RSS feed with one story; `dead` is the figure a revision changes. */
function feed(dead: number, extra = ''): string {
  const text = `At least ${dead} migrants died when their boat capsized off Zuwara, IOM said. The boat had left with 80 people on board.${extra}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>IOM</title><link>https://www.iom.int/</link><description>IOM news</description>
<item><title>${TITLE}</title><link>https://www.iom.int/news/libya-shipwreck</link><guid>${GUID}</guid>
<pubDate>${new Date(Date.now() - 600_000).toUTCString()}</pubDate><description>${text}</description></item>
</channel></rss>`;
}

async function writeSources(dir: string): Promise<{ sourcesFile: string; feedFile: string }> {
  const feedFile = join(dir, 'iom.xml');
  await writeFile(feedFile, feed(41));
  const sourcesFile = join(dir, 'sources.yaml');
  await writeFile(
    sourcesFile,
    ['sources:', '  - { id: iom-en, name: IOM, url: iom.xml, language: en, fullText: never }', ''].join('\n'),
  );
  return { sourcesFile, feedFile };
}

/** Resolves after the poller has fetched the source `n` more times (the poll runs every second here). */
async function polls(lastFetch: () => Promise<string | null | undefined>, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const before = (await lastFetch()) ?? '';
    await eventually(async () => ((await lastFetch()) ?? '') > before, 15_000, 'the next poll');
  }
}

/**
 * SPEC 7.4: a delivered story re-published with a revised figure gets exactly one short threaded update under the
 * original digest message, in each channel that received it (none where `updates off`), and none on later polls.
 * The real bot ingesting a feed file every second, real Bolt against the fake Slack, real botbuilder against the
 * fake Bot Connector.
 */
describe('threaded update of a revised story on Slack', () => {
  let dir: string;
  let h: SlackHarness;
  let feedFile: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mnb-updates-slack-'));
    const files = await writeSources(dir);
    feedFile = files.feedFile;
    h = await startSlackHarness({ stories: [], env: { SOURCES_FILE: files.sourcesFile, POLL_CRON: '* * * * * *' } });
    await h.bot.ready;
    await eventually(async () => (await h.core.store.stories.count()) === 1, 15_000, 'the first ingest');
  });
  afterAll(async () => {
    await h?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('posts one update in the digest thread of each channel that has updates on, and none after another poll', async () => {
    const lastFetch = async () => (await h.core.store.sources.get('iom-en'))?.lastFetchAt;
    // CON gets updates (the default); COFF turned them off; CGONE is subscribed, but the bot was removed from it.
    const off = await h.command('updates off', { channel: 'COFF' });
    expect(await h.replyTo(off.responseUrl)).toMatch(/Updates off/);
    for (const channel of ['CON', 'COFF', 'CGONE']) {
      await h.command('latest', { channel });
      await h.fake.waitFor(
        () => h.fake.posted({ channel, thread_ts: null }).length > 0 || null,
        15_000,
        `the digest in ${channel}`,
      );
      await eventually(
        async () => (await h.core.store.deliveryLog.recent({ channelId: channel, limit: 1 }))[0]?.status === 'posted',
        15_000,
        'the delivery record',
      );
    }
    const digestTs = h.fake.posted({ channel: 'CON', thread_ts: null })[0]?.ts as string;
    const offTs = h.fake.posted({ channel: 'COFF', thread_ts: null })[0]?.ts as string;
    const goneTs = h.fake.posted({ channel: 'CGONE', thread_ts: null })[0]?.ts as string;
    await h.core.store.subscriptions.upsert(makeSubscription({ channelId: 'CGONE', cron: '0 8 1 1 *' }));
    await h.core.store.subscriptions.pause('slack', 'CGONE', 'the bot was removed from the channel (channel_left)');

    // The source revises the death toll.
    await writeFile(feedFile, feed(62));
    const update = await h.fake.waitFor(
      () => h.fake.posted({ channel: 'CON', thread_ts: digestTs })[0],
      15_000,
      'the threaded update',
    );
    const text = JSON.stringify(update.blocks ?? update.text);
    expect(text).toContain('Update (IOM, ');
    expect(text).toContain('revised from 41 to 62');
    await polls(lastFetch, 2);
    expect(h.fake.posted({ channel: 'CON', thread_ts: digestTs })).toHaveLength(1);
    expect(h.fake.posted({ channel: 'COFF', thread_ts: offTs })).toHaveLength(0);
    expect(h.fake.posted({ channel: 'CGONE', thread_ts: goneTs })).toHaveLength(0);
    // Threaded only: no new top-level message anywhere.
    expect(h.fake.posted({ channel: 'CON', thread_ts: null })).toHaveLength(1);
    expect(h.fake.posted({ channel: 'COFF', thread_ts: null })).toHaveLength(1);
    // No update delivery at all for the channel the bot left (not even a cancelled one in the log).
    const updates = (await h.core.store.deliveryLog.recent({ limit: 10 })).filter((d) => d.kind === 'update');
    expect(updates.map((d) => [d.channelId, d.status])).toEqual([['CON', 'posted']]);

    // A second revision within 6 hours: no second update (the cooldown), however many polls.
    await writeFile(feedFile, feed(70));
    await polls(lastFetch, 3);
    expect(h.fake.posted({ channel: 'CON', thread_ts: digestTs })).toHaveLength(1);
  });

  it('`updates` takes on or off only, and help lists it', async () => {
    const bad = await h.command('updates maybe', { channel: 'CON' });
    expect(await h.replyTo(bad.responseUrl)).toMatch(/`updates` takes `on` or `off`/);
    const help = await h.command('help', { channel: 'CON' });
    expect(await h.replyTo(help.responseUrl)).toMatch(/updates on\|off/);
  });
});

describe('threaded update of a revised story on Teams', () => {
  let dir: string;
  let h: TeamsHarness;
  let feedFile: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mnb-updates-teams-'));
    const files = await writeSources(dir);
    feedFile = files.feedFile;
    h = await startTeamsHarness({ stories: [], env: { SOURCES_FILE: files.sourcesFile, POLL_CRON: '* * * * * *' } });
    await h.bot.ready;
    await eventually(async () => (await h.core.store.stories.count()) === 1, 15_000, 'the first ingest');
  });
  afterAll(async () => {
    await h?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('replies once in the digest thread of the channel, and not again after another poll', async () => {
    const lastFetch = async () => (await h.core.store.sources.get('iom-en'))?.lastFetchAt;
    const since = h.connector.requests.length;
    expect(await h.send(h.channel('latest'))).toBe(200);
    const [digest] = await h
      .messagesAfter(since, 1)
      .then((ms) => ms.filter((m) => m.operation === 'createConversation'));
    const thread = digest?.createdId as string;
    expect(thread).toContain(TEAM_CHANNEL);
    await eventually(
      async () =>
        (await h.core.store.deliveryLog.recent({ channelId: TEAM_CHANNEL, limit: 1 }))[0]?.status === 'posted',
      15_000,
      'the delivery record',
    );

    const before = h.connector.requests.length;
    await writeFile(feedFile, feed(62));
    await h.connector.waitFor((rs) =>
      rs
        .slice(before)
        .some((r) => r.status >= 200 && r.status < 300 && cardTextOf(r).includes('revised from 41 to 62')),
    );
    await polls(lastFetch, 2);
    const updates = h.connector.requests
      .slice(before)
      .filter((r) => r.status >= 200 && r.status < 300 && cardTextOf(r).includes('Update (IOM, '));
    expect(updates).toHaveLength(1);
    // In the digest's thread: the channel thread conversation that the digest created.
    expect(updates[0]?.conversationId).toBe(thread);
    expect(updates[0]?.operation).toBe('sendToConversation');
  });

  it('understands `updates off` as a command in a chat (no prefix needed) and stores it for the conversation', async () => {
    const since = h.connector.requests.length;
    expect(await h.send(h.personal('updates off'))).toBe(200);
    const [reply] = await h.messagesAfter(since, 1);
    expect(cardTextOf(reply!)).toMatch(/Updates off/);
    expect((await h.core.store.channels.get('teams', PERSONAL_CHAT))?.updates).toBe(false);
  });
});
