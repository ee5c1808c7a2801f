import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlackApi, startFakeSlackApi } from '../fakes/fake-slack-api.js';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { postToSlackEndpoint, slashCommandBody } from '../fakes/slack-signing.js';
import { freshRss } from '../helpers/fresh-rss.js';
import { type ServeProcess, startServe } from '../helpers/serve-process.js';
import { storiesPosted } from '../helpers/serve-setup.js';

const SECRET = 'test-signing-secret';
const CHANNEL = 'C0FIRST01';

describe('first start of serve on a fresh database (SPEC 7 "First start")', () => {
  let dir: string;
  let feeds: FeedServer;
  let fake: FakeSlackApi;
  let serve: ServeProcess | undefined;

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
    serve = await startServe('first', {
      DATABASE_URL: `sqlite:${join(dir, 'fresh.db')}`,
      SOURCES_FILE: sources,
      SLACK_BOT_TOKEN: fake.token,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      DIGEST_LANGUAGES: 'en,ar',
      // The first cron slot is months away: only the start-up fetch can bring the stories in.
      POLL_CRON: '0 0 1 1 *',
    });
  }

  const latest = async () => {
    const responseUrl = fake.responseUrl();
    const response = await postToSlackEndpoint(
      `http://127.0.0.1:${serve?.port}/slack/events`,
      slashCommandBody({ text: 'latest', channel_id: CHANNEL, response_url: responseUrl }),
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
});
