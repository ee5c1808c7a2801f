import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderDigest } from '../../adapters/slack/blocks/render-digest.js';
import { renderDigestActivities } from '../../adapters/teams/cards/render-digest-card.js';
import { composeDigest } from '../../src/digest/compose-digest.js';
import { digestSchema } from '../../src/domain/digest.js';
import type { StorySummary } from '../../src/domain/types.js';
import { createLlmClient } from '../../src/llm/create-llm-client.js';
import type { LlmClient } from '../../src/ports/llm.js';
import { offlineSummary } from '../../src/summarise/offline-summary.js';
import { summariseStory } from '../../src/summarise/summarise-story.js';
import { type FakeOpenAi, type FakeReply, startFakeOpenAi } from '../fakes/fake-openai.js';
import { fixtures } from '../helpers/summarise-fixtures.js';

/** One English edition whose casualty figure is 62. */
const story = () =>
  fixtures.story(['dev-en-thebadely-libya-boats-capsized'], {
    storyId: 'story-62',
    edition: {
      title: '62 migrants missing after boat capsizes off Lampedusa',
      text: 'A boat carrying 62 migrants capsized off Lampedusa on Saturday, the coast guard said.\nRescuers searched the area through the night and brought survivors to the island.\nAid groups called for more search and rescue ships in the central Mediterranean.',
      publishedAt: '2025-11-16T01:58:03Z',
    },
  });

const EN = {
  title: '62 migrants missing off Lampedusa',
  summary: 'A boat carrying 62 migrants capsized off Lampedusa on Saturday, the coast guard said.',
};
const AR = {
  title: 'فقدان 62 مهاجرا قبالة لامبيدوسا',
  summary: 'انقلب قارب يقل ٦٢ مهاجرا قبالة لامبيدوسا يوم السبت بحسب خفر السواحل.',
};

let fake: FakeOpenAi;
let llm: LlmClient;
beforeEach(async () => {
  fake = await startFakeOpenAi();
  llm = createLlmClient({
    apiKey: 'sk-test',
    baseURL: fake.baseURL,
    model: 'test-model',
    timeoutMs: 5_000,
    maxRetries: 0,
    concurrency: 1,
  });
});
afterEach(async () => {
  await fake.close();
});

function answer(en: typeof EN, ar: typeof AR): FakeReply {
  return fake.completion({
    items: [
      { language: 'en', ...en },
      { language: 'ar', ...ar },
    ],
  });
}

/** The digest as JSON, as Slack blocks and as Teams activities, from one summary. */
function rendered(summary: StorySummary): { json: string; slack: string; teams: string } {
  const s = story();
  const digest = composeDigest({
    stories: [s],
    summaries: new Map([[s.id, summary]]),
    sourceNames: new Map(),
    languages: ['en', 'ar'],
    maxItems: 10,
  });
  const json = JSON.stringify(digestSchema.parse(JSON.parse(JSON.stringify(digest))));
  return { json, slack: JSON.stringify(renderDigest(digest)), teams: JSON.stringify(renderDigestActivities(digest)) };
}
const inJson = (text: string) => JSON.stringify(text).slice(1, -1);

describe('a wrong figure is regenerated once, then gone or shown with a warning naming it', { timeout: 30_000 }, () => {
  // The ways a model writes a 62 wrongly, in the English source-language summary: after one regeneration the
  // English text is the article's own extract (the figure is gone) and the warning says what the source says.
  it.each(['62,000', '62 million', 'seventy-two', '62.000'])('English summary writing %s for 62', async (wrong) => {
    const bad = { ...EN, summary: EN.summary.replace('62 migrants', `${wrong} migrants`) };
    fake.respond(() => answer(bad, AR));
    const summary = await summariseStory({ llm }, { story: story(), languages: ['en', 'ar'] });

    expect(fake.requests).toHaveLength(2);
    expect(fake.textOf(fake.requests[1] as never, 'user')).toContain(`figure "${wrong}" (the source says 62)`);
    expect(summary.text.en).toEqual(offlineSummary(story(), ['en']).text.en);
    expect(summary.text.en?.summary).not.toContain(wrong);
    const warning = `en: LLM summary replaced by an extract of the article: "${wrong}" is not in the source (the source says 62)`;
    expect(summary.warnings).toEqual([warning]);
    const { json, slack, teams } = rendered(summary);
    for (const out of [json, slack, teams])
      expect(out).toContain(inJson(`"${wrong}" is not in the source (the source says 62)`));
  });

  // In a translation (no Arabic edition to extract from) the text is kept and the figure is named in a warning.
  it.each(['اثنان وسبعون', '٦٢٠٠٠', '٦٢٬٠٠٠', '٦٢ مليون'])('Arabic translation writing %s for 62', async (wrong) => {
    const bad = { ...AR, summary: AR.summary.replace('٦٢ مهاجرا', `${wrong} مهاجرا`) };
    fake.respond(() => answer(EN, bad));
    const summary = await summariseStory({ llm }, { story: story(), languages: ['en', 'ar'] });

    expect(fake.requests).toHaveLength(2);
    expect(summary.text.en).toEqual({ ...EN, origin: 'source' });
    expect(summary.text.ar?.summary).toContain(wrong);
    const warning = `ar: "${wrong}" is not in the source (the source says 62)`;
    expect(summary.warnings).toEqual([warning]);
    const { json, slack, teams } = rendered(summary);
    for (const out of [json, slack, teams]) expect(out).toContain(inJson(warning.slice(4)));
  });

  it('keeps a regenerated summary that passes, with no warning and no trace of the wrong figure', async () => {
    fake.enqueue(
      answer({ ...EN, summary: EN.summary.replace('62 migrants', 'sixty-two thousand migrants') }, AR),
      answer(EN, AR),
    );
    const summary = await summariseStory({ llm }, { story: story(), languages: ['en', 'ar'] });
    expect(fake.requests).toHaveLength(2);
    expect(summary.text.en).toEqual({ ...EN, origin: 'source' });
    expect(summary.warnings).toEqual([]);
  });

  it('does not let the publication timestamp support a figure', async () => {
    // 58 and 16 appear only in publishedAt (2025-11-16T01:58:03Z).
    const bad = { ...AR, summary: `${AR.summary} وأنقذ خفر السواحل ٥٨ شخصا.` };
    fake.respond(() => answer(EN, bad));
    const summary = await summariseStory({ llm }, { story: story(), languages: ['en', 'ar'] });
    expect(summary.warnings).toEqual(['ar: "٥٨" is not in the source (the source says 62)']);
  });
});
