import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDigestText } from '../../../src/cli/render-text.js';
import { renderDigest } from '../../../adapters/slack/blocks/render-digest.js';
import { renderDigestActivities } from '../../../adapters/teams/cards/render-digest-card.js';
import { buildDigest } from '../../../src/digest/build-digest.js';
import { type Digest, digestSchema } from '../../../src/domain/digest.js';
import type { Story } from '../../../src/domain/types.js';
import { createStore } from '../../../src/store/create-store.js';
import { offlineSummary } from '../../../src/summarise/offline-summary.js';
import { storyContentHash } from '../../../src/summarise/story-content-hash.js';
import { summaryCacheKey } from '../../../src/summarise/summary-cache-key.js';
import { silentLogger } from '../../../src/util/create-logger.js';
import { makeEdition } from '../../helpers/factories.js';

const now = new Date(Date.now() - 3_600_000).toISOString();

function story(id: string, editions: Array<{ language: string; title: string; text: string }>): Story {
  const made = editions.map((e, i) =>
    makeEdition({
      id: `${id}-${e.language}`,
      storyId: id,
      sourceId: `src-${e.language}`,
      url: `https://news.example/${e.language}/${id}`,
      language: e.language,
      title: e.title,
      text: e.text,
      publishedAt: now,
      firstSeenAt: now,
      updatedAt: now,
      contentHash: `h-${id}-${i}`,
    }),
  );
  return {
    id,
    primaryEditionId: made[0]?.id ?? '',
    firstSeenAt: now,
    updatedAt: now,
    publishedAt: now,
    editions: made,
  };
}

const FRENCH_ONLY = story('fr-only', [
  {
    language: 'fr',
    title: 'Sauvetage au large de Lampedusa',
    text: 'Quarante-trois personnes ont été secourues au large de Lampedusa mardi. Les garde-côtes italiens ont conduit les rescapés au port. Le centre d’accueil est saturé depuis le week-end. Les ONG demandent des voies légales de migration.',
  },
]);
const ENGLISH_ONLY = story('en-only', [
  {
    language: 'en',
    title: 'Arrivals rise in Sicily',
    text: 'More than 2,000 people arrived in Sicily over the weekend. The reception centre is full, the Red Cross said.',
  },
]);
const BILINGUAL = story('en-ar', [
  {
    language: 'en',
    title: 'Boat capsizes off Bodrum',
    text: 'A boat carrying 43 migrants capsized off Bodrum on Monday. Twelve people died.',
  },
  {
    language: 'ar',
    title: 'غرق قارب قبالة بودروم',
    text: 'انقلب قارب يقل 43 مهاجرا قبالة بودروم يوم الاثنين. توفي اثنا عشر شخصا.',
  },
]);

let store: Awaited<ReturnType<typeof createStore>>;
const deps = () => ({ store, llm: null, log: silentLogger(), promptVersion: 'v1', sources: [], maxItems: 10 });

beforeAll(async () => {
  store = await createStore('sqlite::memory:');
  await store.stories.write({
    newStories: [FRENCH_ONLY, ENGLISH_ONLY, BILINGUAL],
    addedEditions: [],
    updatedEditions: [],
  });
});
afterAll(async () => {
  await store.close();
});

const itemOf = (digest: Digest, id: string) => {
  const item = digest.items.find((i) => i.id === id);
  if (!item) throw new Error(`no ${id} in the digest`);
  return item;
};

describe('offline digests: a story with no text in the digest languages shows a short extract in its own language (SPEC 5.3)', () => {
  it('keeps the languages null in the Digest JSON and adds `original` and one digest-level notice', async () => {
    const digest = await buildDigest(deps(), { languages: ['en', 'ar'], since: null });
    expect(digestSchema.safeParse(digest).success).toBe(true);
    const fr = itemOf(digest, 'fr-only');
    expect(fr.text).toEqual({ en: null, ar: null });
    expect(fr.original?.language).toBe('fr');
    expect(fr.original?.title).toBe('Sauvetage au large de Lampedusa');
    expect(fr.original?.summary).toContain('Lampedusa');
    expect(fr.original?.summary.length).toBeLessThanOrEqual(400);
    // A story with one of the languages gets no extract: it has its own text.
    expect(itemOf(digest, 'en-only').original ?? null).toBeNull();
    expect(itemOf(digest, 'en-ar').original ?? null).toBeNull();
    expect(digest.notices?.filter((n) => n.includes('Translations need an LLM'))).toHaveLength(1);
  });

  it('adds no notice when every story has text in every language', async () => {
    const digest = await buildDigest(deps(), { languages: ['en'], since: null, languagesOnly: true });
    expect(digest.notices ?? []).toEqual([]);
  });

  it('renders the extract labelled "Français · original" with its link on Slack, Teams and the terminal, instead of two "not available" lines', async () => {
    const digest = await buildDigest(deps(), { languages: ['en', 'ar'], since: null });
    const only = { ...digest, items: [itemOf(digest, 'fr-only')] };

    const slack = JSON.stringify(renderDigest(only).map((m) => m.payload.blocks));
    expect(slack).toContain('*<https://news.example/fr/fr-only|Sauvetage au large de Lampedusa>*');
    expect(slack).toContain('\u2068Français\u2069 · original');
    expect(slack).not.toContain('not available');
    expect(slack).toContain('Translations need an LLM');

    const teams = JSON.stringify(renderDigestActivities(only).map((a) => a.activity));
    expect(teams).toContain('Français · original');
    expect(teams).toContain('Sauvetage au large de Lampedusa');
    expect(teams).not.toContain('not available');
    expect(teams).toContain('Translations need an LLM');

    const text = renderDigestText(only);
    expect(text).toContain('FR Français · original: Sauvetage au large de Lampedusa');
    expect(text).toContain('https://news.example/fr/fr-only');
    expect(text).not.toContain('not available');
    expect(text.split('Translations need an LLM').length - 1).toBe(1);
  });

  it('gives a story with one of the two languages no "not available" slot for the other: the notice says it once per digest', async () => {
    const digest = await buildDigest(deps(), { languages: ['en', 'ar'], since: null });
    expect(itemOf(digest, 'en-only').text.ar).toBeNull(); // the JSON keeps the missing language as null

    const slack = renderDigest(digest).map((m) => JSON.stringify(m.payload.blocks));
    expect(slack.join('\n')).not.toContain('not available');
    expect(slack.join('\n').split('Translations need an LLM').length - 1).toBe(1);
    expect(slack.join('\n')).not.toContain('translation needs an LLM'); // no per-story warning repeats it

    const teams = renderDigestActivities(digest).map((a) => JSON.stringify(a.activity));
    expect(teams.join('\n')).not.toContain('not available');
    expect(teams.join('\n').split('Translations need an LLM').length - 1).toBe(1);
    expect(teams.join('\n')).not.toContain('translation needs an LLM');
    // Split into several cards, the notice heads the first one only.
    const parts = renderDigestActivities(digest, 4_000).map((a) => JSON.stringify(a.activity));
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.split('Translations need an LLM').length - 1)).toEqual([
      1,
      ...parts.slice(1).map(() => 0),
    ]);

    const text = renderDigestText(digest);
    expect(text).not.toContain('not available');
    expect(text.split(/needs? an LLM/i).length - 1).toBe(1);
    // The story's own language is still shown, labelled.
    expect(text).toMatch(/EN English: /);
  });

  it('says in the Digest JSON once, in `notices`, that translations need an LLM, and on no story', async () => {
    const digest = await buildDigest(deps(), { languages: ['en', 'ar'], since: null });
    const json = JSON.stringify(digest);
    expect(json.split(/translations? needs? an LLM/i).length - 1).toBe(1);
    expect(digest.notices?.some((n) => n.startsWith('Translations need an LLM'))).toBe(true);
    for (const item of digest.items) expect(item.warnings).toEqual([]);
  });

  it('does not reuse an offline summary cached before, which repeated the notice on the story', async () => {
    const own = await createStore('sqlite::memory:');
    try {
      await own.stories.write({ newStories: [ENGLISH_ONLY], addedEditions: [], updatedEditions: [] });
      // What the first offline version cached: its key, and the per-language line every story used to carry.
      const before = offlineSummary(ENGLISH_ONLY, ['en', 'ar']);
      await own.summaries.save({
        ...before,
        cacheKey: summaryCacheKey(storyContentHash(ENGLISH_ONLY), ['en', 'ar'], 'offline', 'offline'),
        promptVersion: 'offline/v1',
        warnings: ['ar: translation needs an LLM (set OPENAI_API_KEY)'],
      });
      const digest = await buildDigest({ ...deps(), store: own }, { languages: ['en', 'ar'], since: null });
      expect(itemOf(digest, 'en-only').warnings).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it('`only` leaves out the stories with no text in the digest languages', async () => {
    const all = await buildDigest(deps(), { languages: ['en', 'ar'], since: null });
    const only = await buildDigest(deps(), { languages: ['en', 'ar'], since: null, languagesOnly: true });
    expect(all.items.map((i) => i.id).sort()).toEqual(['en-ar', 'en-only', 'fr-only']);
    expect(only.items.map((i) => i.id).sort()).toEqual(['en-ar', 'en-only']);
    const arabicOnly = await buildDigest(deps(), { languages: ['ar'], since: null, languagesOnly: true });
    expect(arabicOnly.items.map((i) => i.id)).toEqual(['en-ar']);
  });
});
