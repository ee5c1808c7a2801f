import type { Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adaptiveCardProblems } from '../../helpers/adaptive-card-sdk.js';
import type { Story } from '../../../src/domain/types.js';
import { createPreviewRouter, PREVIEW_CSP } from '../../../src/preview/create-preview-router.js';
import { previewRenderers } from '../../../src/app/preview-renderers.js';
import { createStore } from '../../../src/store/create-store.js';
import { silentLogger } from '../../../src/util/create-logger.js';
import { makeEdition, makeSubscription } from '../../helpers/factories.js';

const HOSTILE_TITLE =
  '</script><script>window.__x=1</script> <img src=x onerror=alert(1)> <!channel> Boats arrive in Lampedusa';

function story(
  id: string,
  editions: Array<{ language: string; title: string; text: string; sourceId: string }>,
  hoursAgo: number,
): Story {
  const at = new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
  const built = editions.map((e, i) =>
    makeEdition({
      id: `${id}-${i}`,
      storyId: id,
      sourceId: e.sourceId,
      url: `https://news.example/${id}/${e.language}`,
      language: e.language,
      title: e.title,
      text: e.text,
      publishedAt: at,
      contentHash: `h-${id}-${i}`,
      firstSeenAt: at,
    }),
  );
  return { id, primaryEditionId: built[0]?.id ?? '', firstSeenAt: at, updatedAt: at, publishedAt: at, editions: built };
}

let dir = '';
let store: Awaited<ReturnType<typeof createStore>>;
let server: Server;
let base = '';
let subscriptionId = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mnb-preview-unit-'));
  store = await createStore(`sqlite:${join(dir, 'db.sqlite')}`);
  await store.stories.write({
    newStories: [
      story(
        'bodrum',
        [
          {
            language: 'en',
            sourceId: 'iom-en',
            title: 'Boat capsizes off Bodrum: 12 dead',
            text: 'A boat carrying 43 migrants capsized off Bodrum on Monday. Twelve people died. Thirty-one were rescued.',
          },
          {
            language: 'ar',
            sourceId: 'iom-ar',
            title: 'غرق قارب قبالة بودروم: 12 قتيلا',
            text: 'انقلب قارب يقل 43 مهاجرا قبالة بودروم يوم الاثنين. توفي اثنا عشر شخصا. وتم إنقاذ واحد وثلاثين شخصا.',
          },
        ],
        2,
      ),
      story(
        'hostile',
        [
          {
            language: 'en',
            sourceId: 'iom-en',
            title: HOSTILE_TITLE,
            text: `${HOSTILE_TITLE}. More than 2,000 people arrived in Lampedusa over the weekend, the Red Cross said.`,
          },
        ],
        1,
      ),
    ],
    addedEditions: [],
    updatedEditions: [],
  });
  const sub = await store.subscriptions.upsert(
    makeSubscription({
      id: 'sub-1',
      channelId: 'C0BODRUM',
      timezone: 'Africa/Cairo',
      languages: ['fr', 'ar'],
      filter: ['Bodrum'],
      lastSlotAt: null,
    }),
  );
  subscriptionId = sub.id;
  const app = express();
  app.use(
    createPreviewRouter({
      store,
      llm: null,
      log: silentLogger(),
      promptVersion: 'offline',
      sources: [
        { id: 'iom-en', name: 'IOM', url: 'https://iom.int/feed', fullText: 'never', allowPrivateAddress: false },
      ],
      maxItems: 10,
      defaultLanguages: ['en', 'ar'],
      renderers: previewRenderers,
    }),
  );
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

const page = async (query = '') => {
  const response = await fetch(`${base}/${query}`);
  return { response, html: await response.text() };
};

/** Every start tag the server wrote (text is escaped, so a raw `<` followed by a letter is markup). */
const tags = (html: string) => html.match(/<[a-z][^>]*>/gi) ?? [];

describe('GET / (the preview page)', () => {
  it('sends a strict Content-Security-Policy, nosniff and no framing', async () => {
    const { response } = await page();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toBe(PREVIEW_CSP);
    for (const directive of [
      "default-src 'none'",
      "script-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(PREVIEW_CSP).toContain(directive);
    }
    expect(PREVIEW_CSP).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('has no inline script, no inline style and no event-handler attribute: feed text only appears escaped', async () => {
    const { html } = await page();
    const scripts = tags(html).filter((t) => /^<script\b/i.test(t));
    expect(scripts).toEqual([
      '<script src="/preview/assets/adaptivecards.min.js" defer>',
      '<script src="/preview/assets/preview.js" defer>',
      '<script type="application/json" id="teams-cards">',
    ]);
    for (const tag of tags(html)) {
      expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
      expect(tag).not.toMatch(/\sstyle\s*=/i);
      expect(tag).not.toMatch(/^<img\b/i);
    }
    expect(html).toContain(
      '&lt;/script&gt;&lt;script&gt;window.__x=1&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; &lt;!channel&gt;',
    );
  });

  it('embeds the Teams cards as JSON data with < escaped, which parses back to the cards', async () => {
    const { html } = await page();
    const data = /<script type="application\/json" id="teams-cards">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(data).not.toContain('<');
    const cards = JSON.parse(data) as Array<{ type: string; version: string }>;
    expect(cards.length).toBeGreaterThan(0);
    expect(cards[0]).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    // The card text carries the title as Teams-escaped Markdown (backslashes before markup characters).
    expect(JSON.stringify(cards).replace(/\\\\/g, '')).toContain(
      '</script><script>window.__x=1</script> <img src=x onerror=alert(1)> <!channel>',
    );
    expect(html.match(/data-teams-card="/g)).toHaveLength(cards.length);
  });

  it('shows the Slack Home tab and the Teams subscribe card, so a person can see them', async () => {
    const { html } = await page();
    const home = /<section class="pane slack-pane" id="slack-home"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    for (const part of [
      'New subscription',
      'daily at 08:00',
      'Africa/Cairo',
      'Edit',
      'Post latest now',
      'Unsubscribe',
      '1 source: 0 ok, 1 not fetched yet',
    ])
      expect(home).toContain(part);
    const cards = JSON.parse(
      /<script type="application\/json" id="teams-cards">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '[]',
    ) as Array<{ body: Array<{ id?: string }> }>;
    const form = cards.at(-1);
    expect(form?.body.map((e) => e.id).filter(Boolean)).toEqual([
      'schedule',
      'day',
      'time',
      'timezone',
      'language_1',
      'language_2',
      'filter',
    ]);
    expect(adaptiveCardProblems(form)).toEqual([]);
    expect(html).toContain(`data-teams-card="${cards.length - 1}"`);
  });

  it('shows the latest stories in the default languages, with Slack and Teams side by side and the source health', async () => {
    const { html } = await page();
    expect(html).toContain('id="slack-preview"');
    expect(html).toContain('id="teams-preview"');
    expect(html).toContain('Boat capsizes off Bodrum: 12 dead');
    expect(html).toContain('غرق قارب قبالة بودروم: 12 قتيلا');
    expect(html).toContain('<option value="en,ar" selected>');
    expect(html).toContain('id="source-health"');
    expect(html).toContain('not fetched yet');
    expect(html).toContain('C0BODRUM');
  });

  it('re-renders for the language pair in the query', async () => {
    const { html } = await page('?langs=fr,ar');
    expect(html).toContain('<option value="fr,ar" selected>');
    expect(html).toContain('fr + ar');
  });

  it("shows a subscription's next digest: its languages and filter", async () => {
    const { html } = await page(`?subscription=${subscriptionId}`);
    expect(html).toContain('The next scheduled digest of slack C0BODRUM');
    expect(html).toContain('<option value="fr,ar" selected>');
    expect(html).toContain('غرق قارب قبالة بودروم');
    expect(html).not.toContain('Lampedusa');
  });

  it('ignores invalid, unknown or repeated parameters with a notice, and never reflects them raw', async () => {
    const bad = await page(
      `?langs=${encodeURIComponent('<script>alert(1)</script>')}&subscription=${encodeURIComponent('"><img src=x>')}&limit=500`,
    );
    expect(bad.response.status).toBe(200);
    expect(bad.html).toContain('Languages must be 1 to 4 codes such as en,ar');
    expect(bad.html).toContain('That subscription does not exist');
    expect(bad.html).toContain('The number of stories must be a whole number from 1 to 50.');
    expect(bad.html).not.toContain('<script>alert(1)');
    expect(bad.html).not.toContain('"><img');
    const repeated = await page('?langs=fr,ar&langs=en,fr');
    expect(repeated.html).toContain('<option value="en,ar" selected>');
  });
});

describe('the preview assets', () => {
  it('serves the page script and the Adaptive Cards renderer from the installed package, as JavaScript', async () => {
    for (const file of ['preview.js', 'adaptivecards.min.js']) {
      const response = await fetch(`${base}/preview/assets/${file}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/javascript/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect((await fetch(`${base}/preview/assets/adaptivecards.min.js`).then((r) => r.text())).length).toBeGreaterThan(
      100_000,
    );
    expect((await fetch(`${base}/preview/assets/preview.css`)).headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('serves nothing else', async () => {
    for (const path of [
      '/preview/assets/package.json',
      '/preview/assets/..%2F..%2Fpackage.json',
      '/preview/assets/adaptivecards.js',
    ]) {
      expect((await fetch(`${base}${path}`)).status).toBe(404);
    }
  });
});
