import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/server/create-http-app.js';
import { createStore } from '../../src/store/create-store.js';
import { eventually, type SlackHarness, startSlackHarness, storyTitled } from './slack-harness.js';

const TOKEN = 'preview-3f9a1c7e5b2d';
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

// The real bot with an LLM (the fake OpenAI server) and PREVIEW_TOKEN set; one on-demand digest has summarised its
// stories in en+ar, so the store holds summaries for that pair only.
let h: SlackHarness;
let base = '';
let callsAfterDigest = 0;

beforeAll(async () => {
  const stories = Array.from({ length: 6 }, (_, i) =>
    storyTitled(`preview-${i + 1}`, `Story ${i + 1}: arrivals on Lesbos rise`),
  );
  h = await startSlackHarness({
    llm: (request, fake) => fake.autoAnswer(request),
    stories,
    env: { PREVIEW_TOKEN: TOKEN },
  });
  base = `http://127.0.0.1:${h.bot.port}`;
  await h.command('latest', { channel: 'C-PREVIEW' });
  await eventually(
    async () => (await h.core.store.deliveryLog.recent({ channelId: 'C-PREVIEW', limit: 1 }))[0]?.status === 'posted',
    20_000,
    'the digest',
  );
  callsAfterDigest = h.openai?.requests.length ?? 0;
});

afterAll(async () => {
  await h?.stop();
});

describe('GET / (the preview) never calls the LLM', () => {
  it('renders other language pairs from stored text only, marking what is not summarised yet', async () => {
    expect(callsAfterDigest).toBeGreaterThan(0);
    const loads = [`${base}/?langs=fr,es`, `${base}/?langs=de,it&limit=50`, `${base}/?langs=ar,fa&limit=20`];
    for (const url of loads) {
      const response = await fetch(url, bearer(TOKEN));
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('not summarised yet');
    }
    const calls = (h.openai?.requests.length ?? 0) - callsAfterDigest;
    console.info(`[preview] LLM calls made by ${loads.length} page loads with new language pairs: ${calls}`);
    expect(calls).toBe(0);
  });

  it('shows the cached summaries of a pair that was summarised, unmarked', async () => {
    const html = await (await fetch(`${base}/?langs=en,ar&token=${TOKEN}`)).text();
    expect(html).toContain('Sample text from the fake model.');
    expect(html).not.toContain('not summarised yet');
    expect(h.openai?.requests.length).toBe(callsAfterDigest);
  });
});

describe('PREVIEW_TOKEN', () => {
  it('answers 401 to GET / without the token or with a wrong one, and 200 with a bearer header or ?token=', async () => {
    for (const [url, init] of [
      [`${base}/`, {}],
      [`${base}/?langs=fr,es`, {}],
      [`${base}/`, bearer('preview-3f9a1c7e5b2X')], // same length, one character off
      [`${base}/`, bearer('short')],
      [`${base}/?token=preview-3f9a1c7e5b2`, {}],
      [`${base}/`, { headers: { authorization: `Basic ${TOKEN}` } }],
    ] as const) {
      const response = await fetch(url, init);
      expect(response.status, `${url} ${JSON.stringify(init)}`).toBe(401);
      const text = await response.text();
      expect(text).not.toContain('C-PREVIEW');
      expect(text).not.toContain('Lesbos');
    }
    expect(h.openai?.requests.length).toBe(callsAfterDigest);
    expect((await fetch(`${base}/`, bearer(TOKEN))).status).toBe(200);
    expect((await fetch(`${base}/`, { headers: { authorization: `bearer ${TOKEN}` } })).status).toBe(200);
    const viaQuery = await fetch(`${base}/?token=${TOKEN}`);
    expect(viaQuery.status).toBe(200);
    // The page's selectors keep the token, so changing a language does not lock the reader out.
    expect(await viaQuery.text()).toContain(`<input type="hidden" name="token" value="${TOKEN}">`);
  });

  it('guards /metrics the same way', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, bearer('wrong-token-value-xx'))).status).toBe(401);
    const withBearer = await fetch(`${base}/metrics`, bearer(TOKEN));
    expect(withBearer.status).toBe(200);
    expect(await withBearer.text()).toContain('migration_news_llm_budget_limit_tokens 2000000');
    expect((await fetch(`${base}/metrics?token=${TOKEN}`)).status).toBe(200);
  });

  it('keeps /healthz minimal without the token and detailed with it', async () => {
    const open = await fetch(`${base}/healthz`);
    expect(open.status).toBe(200);
    expect(await open.json()).toEqual({ status: 'ok' });
    const detailed = (await (await fetch(`${base}/healthz`, bearer(TOKEN))).json()) as Record<string, unknown>;
    expect(detailed).toMatchObject({
      status: 'ok',
      store: { status: 'ok' },
      llm: { budget: { limit: 2_000_000, spent: false } },
    });
    // With the token, the lists too (issue 8): the last deliveries with their channel and status, each source's health.
    const lists = detailed as {
      deliveries: { recent: Array<{ channelId: string; status: string; kind: string }> };
      sources: { list: Array<{ id: string; health: string }> };
      subscriptions: { list: unknown[] };
      llm: { calls: number; promptTokens: number };
    };
    expect(lists.deliveries.recent).toContainEqual(
      expect.objectContaining({ channelId: 'C-PREVIEW', status: 'posted', kind: 'on_demand' }),
    );
    expect(Array.isArray(lists.sources.list)).toBe(true);
    expect(Array.isArray(lists.subscriptions.list)).toBe(true);
    expect(lists.llm.calls).toBeGreaterThan(0);
    expect(lists.llm.promptTokens).toBeGreaterThan(0);
  });

  it('leaves the static page assets public (no data in them)', async () => {
    expect((await fetch(`${base}/preview/assets/preview.js`)).status).toBe(200);
  });
});

describe('/healthz with an unreachable store', () => {
  it('answers 503 {"status":"error"} without the token, and the details with it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mnb-healthz-'));
    const store = await createStore(`sqlite:${join(dir, 'gone.db')}`);
    const app = createHttpApp({ store, previewToken: TOKEN });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const address = server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/healthz`;
      expect((await fetch(url)).status).toBe(200);
      // The database file is removed under the running process: the store can no longer be trusted.
      await rm(dir, { recursive: true, force: true });
      const down = await fetch(url);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: 'error' });
      const details = await fetch(url, bearer(TOKEN));
      expect(details.status).toBe(503);
      expect(JSON.stringify(await details.json())).toContain('removed or replaced');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    }
  });
});
