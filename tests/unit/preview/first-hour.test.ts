import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPreview } from '../../../src/preview/build-preview.js';
import { renderPreviewPage } from '../../../src/preview/render-preview-page.js';
import { previewRenderers } from '../../../src/app/preview-renderers.js';
import { createStore } from '../../../src/store/create-store.js';
import { silentLogger } from '../../../src/util/create-logger.js';
import { makeEdition, makeSubscription } from '../../helpers/factories.js';

let store: Awaited<ReturnType<typeof createStore>>;

beforeAll(async () => {
  store = await createStore('sqlite::memory:');
  const at = new Date(Date.now() - 3_600_000).toISOString();
  const edition = makeEdition({
    id: 'lamp-en',
    storyId: 'lamp',
    sourceId: 'iom-en',
    url: 'https://news.example/lamp',
    language: 'en',
    title: 'Arrivals rise in Lampedusa',
    text: 'More than 2,000 people arrived in Lampedusa over the weekend. The centre is full.',
    publishedAt: at,
    firstSeenAt: at,
  });
  await store.stories.write({
    newStories: [
      { id: 'lamp', primaryEditionId: 'lamp-en', firstSeenAt: at, updatedAt: at, publishedAt: at, editions: [edition] },
    ],
    addedEditions: [],
    updatedEditions: [],
  });
});
afterAll(async () => {
  await store.close();
});

/** The preview's dependencies over this file's store: offline, ten stories, en + ar. */
function previewDeps() {
  return {
    store,
    llm: null,
    log: silentLogger(),
    promptVersion: 'v1',
    sources: [],
    maxItems: 10,
    defaultLanguages: ['en', 'ar'],
    renderers: previewRenderers,
  };
}

describe('preview header and Slack pane (issue 13, item 8)', () => {
  it('says what the page shows without literal backticks and without claiming `latest` would post it', async () => {
    const model = await buildPreview(previewDeps(), {});
    const page = renderPreviewPage(model);
    const header = page.slice(page.indexOf('<p class="scope">'), page.indexOf('<main'));
    expect(header).toContain('The latest 10 stored stories, of any age.');
    expect(header).not.toContain('`');
    expect(header).not.toMatch(/would post/);
    // A missing language has no line of its own: the notice says once that translations need an LLM.
    expect(model.slack.html).not.toContain('not available');
    expect(model.slack.html.split('Translations need an LLM').length - 1).toBe(1);
  });
});

describe("the preview of a channel's next scheduled digest", () => {
  it('leaves out the sources muted in that channel, as the scheduler does', async () => {
    const deps = previewDeps();
    await store.subscriptions.upsert(makeSubscription({ id: 'sub-muted', platform: 'slack', channelId: 'CMUTE' }));
    const before = await buildPreview(deps, { subscription: 'sub-muted' });
    expect(before.slack.html).toContain('Arrivals rise in Lampedusa');
    await store.mutes.add('slack', 'CMUTE', 'iom-en', 'U1');
    const after = await buildPreview(deps, { subscription: 'sub-muted' });
    expect(after.slack.html).not.toContain('Arrivals rise in Lampedusa');
  });
});
