import type { Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatStatus } from '../../../src/cli/status-command.js';
import { palette } from '../../../src/cli/use-color.js';
import { collectStatus } from '../../../src/chat/collect-status.js';
import { describeSources, describeStatus } from '../../../src/chat/describe-status.js';
import { buildStatusView, buildStatusViews } from '../../../src/chat/build-status-view.js';
import { renderStatusActivity } from '../../../adapters/teams/cards/render-status-card.js';
import { renderHome } from '../../../adapters/slack/blocks/render-home.js';
import { createLlmBudget } from '../../../src/llm/create-llm-budget.js';
import { silentLogger } from '../../../src/util/create-logger.js';
import type { Platform } from '../../../src/domain/types.js';
import type { SourceState, Store } from '../../../src/ports/store.js';
import { newSourceState } from '../../../src/ingest/ingest-sources.js';
import { createHttpApp } from '../../../src/server/create-http-app.js';
import { createStore } from '../../../src/store/create-store.js';
import { makeDigest, makeNewDelivery, makeSubscription } from '../../helpers/factories.js';
import { makeDigestItem } from '../../helpers/digest-items.js';

const SOURCES = [
  { id: 'iom-en', name: 'IOM' },
  { id: 'iom-ar', name: 'IOM' },
  { id: 'unhcr-en', name: 'UNHCR' },
];

let dir = '';
let store: Awaited<ReturnType<typeof createStore>>;
let n = 0;

function sourceState(overrides: Partial<SourceState> & { id: string }): SourceState {
  return { ...newSourceState({ id: overrides.id, name: 'IOM', url: 'https://iom.int/feed' }), ...overrides };
}

async function delivery(
  platform: Platform,
  channelId: string,
  outcome: 'posted' | 'failed' | 'pending' | 'unconfirmed',
  storyIds: string[],
  kind: 'on_demand' | 'update' = 'on_demand',
  target: Store = store,
) {
  const id = `delivery-${++n}`;
  const digest = makeDigest({ id: `digest-${n}`, items: storyIds.map((s) => makeDigestItem({ id: s })) });
  await target.deliveries.create(makeNewDelivery({ id, platform, channelId, digest, kind }));
  const lease = { owner: 'w', token: String((await target.deliveries.claim(id, 'w', 60_000))?.token) };
  if (outcome === 'posted')
    await target.deliveries.markPosted(id, lease, [{ messageId: `m${n}`, threadId: `m${n}`, storyIds }]);
  if (outcome === 'failed') await target.deliveries.markFailed(id, lease, 'RATE_LIMITED: slow down <!channel>');
  if (outcome === 'unconfirmed')
    await target.deliveries.markFailed(id, lease, 'UNCONFIRMED: cannot confirm an earlier post (history timed out)');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mnb-status-'));
  store = await createStore(`sqlite:${join(dir, 'db.sqlite')}`);
  const now = new Date().toISOString();
  await store.sources.save(
    sourceState({
      id: 'iom-en',
      lastFetchAt: now,
      lastSuccessAt: now,
      lastStatus: 'ok',
      itemsNew: 4,
      itemsDuplicate: 2,
    }),
  );
  await store.sources.save(
    sourceState({
      id: 'iom-ar',
      lastFetchAt: now,
      lastSuccessAt: '2026-01-01T00:00:00.000Z',
      lastStatus: 'failed',
      lastError: 'FEED_TIMEOUT: no answer in 15 s',
      consecutiveFailures: 3,
    }),
  );
  await store.subscriptions.upsert(
    makeSubscription({
      id: 'sub-c1',
      channelId: 'C1',
      cron: '30 7 * * 1-5',
      timezone: 'Africa/Cairo',
      filter: ['Libya'],
      lastSlotAt: null,
    }),
  );
  await delivery('slack', 'C1', 'posted', ['s1', 's2']);
  await delivery('slack', 'C1', 'failed', ['s3']);
  await delivery('teams', 'T1', 'posted', ['s1']);
  await store.llmCalls.record({
    purpose: 'summarise',
    model: 'gpt-test',
    storyId: null,
    promptTokens: 1_200,
    completionTokens: 300,
    ok: true,
  });
  await store.llmCalls.record({
    purpose: 'answer',
    model: 'gpt-test',
    storyId: null,
    promptTokens: 800,
    completionTokens: 100,
    ok: true,
  });
});

afterAll(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('collectStatus', () => {
  it("gathers subscriptions with their next run, the day's deliveries, source health and LLM usage", async () => {
    const report = await collectStatus({ store, sources: SOURCES });
    expect(report.sources).toMatchObject({ ok: 1, failing: 1, neverFetched: 1 });
    expect(report.sources.list.map((s) => [s.id, s.health])).toEqual([
      ['iom-en', 'ok'],
      ['iom-ar', 'failing'],
      ['unhcr-en', 'never'],
    ]);
    expect(report.lastIngestAt).not.toBeNull();
    expect(report.subscriptions).toHaveLength(1);
    const next = Date.parse(report.subscriptions[0]?.nextRunAt ?? '');
    expect(next).toBeGreaterThan(Date.now());
    // 07:30 in Cairo is 04:30 or 05:30 UTC, on a weekday.
    expect(new Date(next).getUTCMinutes()).toBe(30);
    expect([1, 2, 3, 4, 5]).toContain(new Date(next).getUTCDay());
    expect(report.deliveries.last24h).toEqual({ posted: 2, failed: 1, pending: 0 });
    expect(report.deliveries.recent.map((d) => d.status).sort()).toEqual(['failed', 'posted', 'posted']);
    expect(report.llm).toMatchObject({ calls: 2, promptTokens: 2_000, completionTokens: 400, tokens: 2_400 });
  });

  it('without a sources file, lists the sources the store has fetched by their stored names, else by id', async () => {
    const own = await createStore('sqlite::memory:');
    try {
      const at = new Date().toISOString();
      await own.sources.save({
        ...sourceState({ id: 'ays-en', lastFetchAt: at, lastStatus: 'ok' }),
        name: 'Are You Syrious?',
      });
      await own.sources.save({
        ...sourceState({ id: 'nameless-ar', lastFetchAt: at, lastStatus: 'failed' }),
        name: '',
      });
      const report = await collectStatus({ store: own, sources: null });
      expect(report.sources.list.map((s) => [s.id, s.name, s.health])).toEqual([
        ['ays-en', 'Are You Syrious?', 'ok'],
        ['nameless-ar', 'nameless-ar', 'failing'],
      ]);
    } finally {
      await own.close();
    }
  });

  it('keeps to one channel when asked', async () => {
    const report = await collectStatus(
      { store, sources: SOURCES },
      { channel: { platform: 'teams', channelId: 'T1' } },
    );
    expect(report.subscriptions).toEqual([]);
    expect(report.deliveries.last24h).toEqual({ posted: 1, failed: 0, pending: 0 });
  });

  it('does not count deliveries older than a day', async () => {
    const tomorrow = new Date(Date.now() + 25 * 3_600_000);
    const report = await collectStatus({ store, sources: SOURCES, now: () => tomorrow });
    expect(report.deliveries.last24h).toEqual({ posted: 0, failed: 0, pending: 0 });
    expect(report.deliveries.recent).toHaveLength(3);
  });
});

describe('`status` and `sources` in chat', () => {
  it("shows this channel's subscription and next run, its last deliveries with the failure, LLM usage and sources", async () => {
    const text = await describeStatus({ store, sources: SOURCES }, { platform: 'slack', channelId: 'C1' });
    expect(text).toMatch(
      /^Subscription: cron "30 7 \* \* 1-5" \(Africa\/Cairo\), languages en \+ ar, filter: Libya\.\nNext run: \d{4}-\d{2}-\d{2} \d{2}:30 UTC\./,
    );
    expect(text).toMatch(
      /Last deliveries here:\n• .*: on demand digest (posted, 2 stories|FAILED after \d attempt\(s\): RATE_LIMITED: slow down <!channel>; it will be retried on the next run)\./,
    );
    expect(text).toContain('FAILED after');
    expect(text).toContain('Last 24 h here: 1 posted, 1 failed.');
    expect(text).toContain('LLM usage, last 24 h (all channels): 2 call(s), 2,400 tokens.');
    expect(text).toContain('Sources (3, 1 failing):');
    expect(text).toContain(
      '• IOM (iom-ar): FAILING for 3 fetch(es), last success 2026-01-01 00:00 UTC: FEED_TIMEOUT: no answer in 15 s',
    );
    expect(text).toContain('• UNHCR (unhcr-en): not fetched yet');
  });

  it('says so in a channel with no subscription and no delivery', async () => {
    const text = await describeStatus({ store, sources: SOURCES }, { platform: 'slack', channelId: 'CNONE' });
    expect(text).toContain('No subscription in this channel');
    expect(text).toContain('No digest delivered here yet.');
  });

  it('lists every source with its last fetch result', async () => {
    const text = await describeSources({ store, sources: SOURCES });
    expect(text.split('\n')).toHaveLength(4);
    expect(text).toMatch(/• IOM \(iom-en\): ok, last fetch .* UTC, 4 new/);
  });
});

describe('`migration-news status` text', () => {
  it('has every section, and colours only when asked', async () => {
    const report = await collectStatus({ store, sources: SOURCES });
    const plain = formatStatus(report, 'sqlite', palette(false));
    expect(plain).not.toContain('\u001b[');
    for (const part of [
      'Store: sqlite',
      'Sources: 1 ok, 1 failing, 1 not fetched',
      'Subscriptions (1)',
      'slack C1  cron "30 7 * * 1-5" Africa/Cairo  en,ar  filter Libya  next ',
      'Deliveries, last 24 h: 2 posted, 1 failed, 0 pending',
      'FAILED after',
      'LLM, last 24 h: 2 call(s), 2,400 tokens (2,000 prompt + 400 completion)',
    ]) {
      expect(plain).toContain(part);
    }
    expect(formatStatus(report, 'sqlite', palette(true))).toContain('\u001b[31m');
  });
});

describe('GET /healthz', () => {
  async function get(
    app: ReturnType<typeof createHttpApp>,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const address = server.address();
      const response = await fetch(
        `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/healthz`,
      );
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  it("answers 200 with the store, last ingest, source health, subscriptions, the day's deliveries and LLM usage", async () => {
    const { status, body } = await get(createHttpApp({ store, sources: SOURCES }));
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      store: { status: 'ok', dialect: 'sqlite' },
      sources: { ok: 1, failing: 1, neverFetched: 1 },
      subscriptions: { count: 1 },
      deliveries: { last24h: { posted: 2, failed: 1 } },
      llm: { calls: 2, tokens: 2_400 },
    });
    expect(typeof body.lastIngest).toBe('string');
    expect(JSON.stringify(body)).not.toMatch(/FEED_TIMEOUT|RATE_LIMITED|C1/);
  });

  it('answers 503 when the store is unreachable', async () => {
    const down = {
      ...store,
      dialect: 'sqlite',
      ping: async () => Promise.reject(new Error('database is locked')),
    } as Store;
    const { status, body } = await get(createHttpApp({ store: down, sources: SOURCES }));
    expect(status).toBe(503);
    expect(body).toMatchObject({
      status: 'unavailable',
      store: { status: 'unreachable', error: 'database is locked' },
    });
  });
});

describe('the status views (Slack Home tab, Teams `status` card)', () => {
  // A store of their own: the other tests count this file's subscriptions.
  let views: Store;
  beforeAll(async () => {
    views = await createStore(`sqlite:${join(dir, 'views.sqlite')}`);
  });
  afterAll(async () => {
    await views?.close();
  });

  it('say what the text `status` says: a waiting delivery, a story update, threaded updates and the spent budget', async () => {
    await views.subscriptions.upsert(makeSubscription({ id: 'sub-t9', platform: 'teams', channelId: 'T9' }));
    await delivery('teams', 'T9', 'unconfirmed', ['s1'], 'on_demand', views);
    await views.channels.setUpdates('teams', 'T9', false);
    const budget = createLlmBudget({ store: views, limit: 1_000, log: silentLogger() });
    await budget.spend(2_000);
    const view = await buildStatusView(
      { store: views, sources: SOURCES, budget },
      { platform: 'teams', channelId: 'T9' },
    );
    expect(view).toMatchObject({ updates: false, lastDelivery: { waiting: 'history timed out' } });
    expect(view.budgetLine).toMatch(/^LLM budget for today \(UTC\) SPENT: 2,000 of 1,000 tokens/);
    const card = JSON.stringify(renderStatusActivity(view).activity);
    expect(card).toContain('waiting: cannot confirm an earlier post (history timed out); retried with back-off');
    expect(card).not.toContain('FAILED');
    expect(card).toContain('Threaded updates');
    expect(card).toContain('SPENT: 2,000 of 1,000 tokens');

    await delivery('teams', 'T9', 'posted', ['s1'], 'update', views);
    const update = await buildStatusView({ store: views, sources: SOURCES }, { platform: 'teams', channelId: 'T9' });
    expect(JSON.stringify(renderStatusActivity(update).activity)).toContain('story update · posted, 1 story');
    expect(update.budgetLine).toBeUndefined();
  });

  it('list at most 20 channels on the Home tab, and say how many more are subscribed', async () => {
    for (let i = 0; i < 23; i++)
      await views.subscriptions.upsert(makeSubscription({ id: `sub-many-${i}`, channelId: `CMANY${i}` }));
    const { views: shown, more } = await buildStatusViews({ store: views, sources: SOURCES }, 'slack', (id) =>
      id.startsWith('CMANY'),
    );
    expect([shown.length, more]).toEqual([20, 3]);
    expect(JSON.stringify(renderHome(shown, '3 sources', { more }))).toContain(
      '3 more subscribed channels are not listed here',
    );
    expect(JSON.stringify(renderHome(shown.slice(0, 2), '3 sources'))).not.toContain('more subscribed');
  });
});
