import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { latestSlot } from '../../src/schedule/cron-slots.js';
import { createStore } from '../../src/store/create-store.js';
import { type FakeSlackApi, startFakeSlackApi } from '../fakes/fake-slack-api.js';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { postToSlackEndpoint, slashCommandBody } from '../fakes/slack-signing.js';
import { makeSubscription } from '../helpers/factories.js';
import { freshRss } from '../helpers/fresh-rss.js';
import { waitFor } from '../helpers/schedule-harness.js';
import { type ServeProcess, startServe } from '../helpers/serve-process.js';
import { digestMessages, storiesPosted } from '../helpers/serve-setup.js';

const SECRET = 'test-signing-secret';
const CHANNEL = 'C0FIRST01';

describe('first start of serve on a fresh database (SPEC 7 "First start")', () => {
  let dir: string;
  let feeds: FeedServer;
  let fake: FakeSlackApi;
  let serve: ServeProcess | undefined;
  let env: Record<string, string>;

  afterEach(async () => {
    await serve?.stop();
    await feeds?.close();
    await fake?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function setUp(routes: Parameters<typeof startFeedServer>[0]): Promise<void> {
    dir = await mkdtemp(join(tmpdir(), 'mnb-first-'));
    feeds = await startFeedServer(routes);
    fake = await startFakeSlackApi();
    const sources = join(dir, 'sources.yaml');
    await writeFile(
      sources,
      [
        'sources:',
        `  - { id: agency-en, name: Agency, url: "${feeds.url('/en.xml')}", language: en, fullText: never }`,
        `  - { id: agency-fr, name: Agence, url: "${feeds.url('/fr.xml')}", language: fr, fullText: never }`,
        '',
      ].join('\n'),
    );
    env = {
      DATABASE_URL: `sqlite:${join(dir, 'fresh.db')}`,
      SOURCES_FILE: sources,
      SLACK_BOT_TOKEN: fake.token,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      DIGEST_LANGUAGES: 'en,ar',
      // The first cron slot is months away: only the start-up fetch can bring the stories in.
      POLL_CRON: '0 0 1 1 *',
    };
    serve = await startServe('first', env);
  }

  const latest = async (channel = CHANNEL) => {
    const responseUrl = fake.responseUrl();
    const response = await postToSlackEndpoint(
      `http://127.0.0.1:${serve?.port}/slack/events`,
      slashCommandBody({ text: 'latest', channel_id: channel, response_url: responseUrl }),
      { secret: SECRET },
    );
    expect(response.status).toBe(200);
    return responseUrl;
  };

  it('answers a `latest` sent right after start with the fetched stories, not "No migration stories"', async () => {
    // Slow feeds: the command certainly arrives while the start-up fetch is still running.
    await setUp({
      '/en.xml': {
        body: freshRss('/en', ['Boat rescued off Lampedusa', 'New reception centre opens in Sicily']),
        behaviour: { kind: 'slow', delayMs: 1_500 },
      },
      '/fr.xml': {
        body: freshRss('/fr', ['Sauvetage au large de Lampedusa']),
        behaviour: { kind: 'slow', delayMs: 1_500 },
      },
    });
    await latest();
    const ids = await fake.waitFor(
      () => (storiesPosted(fake, CHANNEL).length ? storiesPosted(fake, CHANNEL) : null),
      30_000,
      'the digest',
    );
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(
      fake
        .responses()
        .map((r) => JSON.stringify(r))
        .join('\n'),
    ).not.toContain('No migration stories');
    await serve?.waitForLog((l) => l.msg === 'start-up fetch done', 'the start-up fetch log', 10_000);
    // The fetch happened once at start-up, before any cron slot.
    expect(
      feeds.requests.filter((r) => r.path === '/en.xml'),
      JSON.stringify(feeds.requests.map((r) => [r.method, r.path])),
    ).toHaveLength(1);
  }, 60_000);

  it('says which sources failed and when the next try is, when the start-up fetch fails', async () => {
    await setUp({
      '/en.xml': { behaviour: { kind: 'status', status: 503 } },
      '/fr.xml': { behaviour: { kind: 'status', status: 404 } },
    });
    const responseUrl = await latest();
    const [reply] = await fake.waitFor(
      () => {
        const found = fake.calls('response_url').filter((r) => r.path === new URL(responseUrl).pathname);
        return found.length ? found : null;
      },
      30_000,
      'the reply',
    );
    const text = JSON.stringify(reply?.body);
    expect(text).toContain('start-up fetch failed for 2 of 2 source(s)');
    expect(text).toContain('Agency (agency-en)');
    expect(text).toContain('Agence (agency-fr)');
    expect(text).toMatch(/next try \d{4}-01-01 00:00 UTC/);
    const warn = await serve?.waitForLog(
      (l) => l.msg.startsWith('start-up fetch: some sources failed'),
      'the warning',
      10_000,
    );
    expect(warn?.level).toBe(40);
  }, 60_000);

  it('fetches again when restarted within the same poll slot: `latest` and the catch-up digest carry a story published while it was stopped', async () => {
    await setUp({
      '/en.xml': { body: freshRss('/en', ['Boat rescued off Lampedusa']) },
      '/fr.xml': { body: freshRss('/fr', ['Sauvetage au large de Lampedusa']) },
    });
    const store = await createStore(env.DATABASE_URL ?? '');
    const cron = '*/2 * * * * *';
    try {
      await store.subscriptions.upsert(makeSubscription({ channelId: 'C0SUBBED', cron }));
      await serve?.waitForLog((l) => l.msg === 'start-up fetch done', 'the first start-up fetch', 30_000);
      await serve?.stop();
      const stoppedAt = Date.now();

      // Published while the bot is down; POLL_CRON ('0 0 1 1 *') has no slot before the restart.
      const published = `<item><title>Athens court rules on family reunification</title><link>https://news.example.org/en/athens</link><guid>/en/athens</guid><pubDate>${new Date().toUTCString()}</pubDate><description>A court in Athens ruled that families of recognised refugees may join them within six months, their lawyers said.</description></item>`;
      feeds.route('/en.xml', {
        body: freshRss('/en', ['Boat rescued off Lampedusa']).replace('</channel>', `${published}</channel>`),
      });
      await waitFor(
        () => (latestSlot(cron, 'UTC')?.getTime() ?? 0) > stoppedAt,
        'a subscription slot missed while down',
      );
      serve = await startServe('restarted', env);
      await latest('C0LATEST');
      const [digest] = await fake.waitFor(
        () => (digestMessages(fake, 'C0LATEST').length ? digestMessages(fake, 'C0LATEST') : null),
        30_000,
        'the digest of `latest`',
      );
      expect(JSON.stringify(digest?.blocks)).toContain('Athens court rules on family reunification');
      await serve.waitForLog((l) => l.msg === 'start-up fetch done', 'the start-up fetch of the restarted bot', 30_000);

      // The catch-up digest (the first after the restart, for the slot missed while down) was built after that fetch.
      const catchUp = await serve.waitForLog((l) => l.msg === 'catching up a missed slot', 'the catch-up', 30_000);
      const catchUpDelivery = async () =>
        (await store.deliveryLog.recent({ platform: 'slack', channelId: 'C0SUBBED', limit: 20 })).find(
          (d) => d.slotAt === catchUp.slot,
        );
      await waitFor(async () => (await catchUpDelivery()) !== undefined, 'the catch-up delivery');
      const delivery = await catchUpDelivery();
      const titles = await Promise.all((delivery?.storyIds ?? []).map((id) => store.stories.get(id)));
      expect(JSON.stringify(titles)).toContain('Athens court rules on family reunification');
    } finally {
      await store.close();
    }
  }, 90_000);
});
