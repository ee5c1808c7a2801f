import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeDigest } from '../../src/digest/compose-digest.js';
import { visibleWarnings } from '../../src/digest/visible-warnings.js';
import { createLlmClient } from '../../src/llm/create-llm-client.js';
import type { LlmClient } from '../../src/ports/llm.js';
import { answerQuestion } from '../../src/qa/answer-question.js';
import { summariseStory } from '../../src/summarise/summarise-story.js';
import { type FakeOpenAi, startFakeOpenAi } from '../fakes/fake-openai.js';
import { fixtures } from '../helpers/summarise-fixtures.js';

const libya = () => fixtures.story(['dev-en-thebadely-libya-boats-capsized']);
const LIBYA_AR = {
  title: 'مقتل أربعة على الأقل بعد غرق قاربي مهاجرين قبالة ليبيا',
  summary: 'لقي ٤ أشخاص على الأقل حتفهم بعد غرق قاربين يحملان نحو ١٠٠ مهاجر قبالة سواحل ليبيا.',
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
    maxRetries: 1,
    concurrency: 2,
  });
});
afterEach(async () => {
  await fake.close();
});

const textOf = (role: 'system' | 'user', i = 0) => {
  const request = fake.requests[i];
  if (!request) throw new Error(`no request ${i}`);
  return fake.textOf(request, role);
};

describe('the migration glossary in the LLM requests and on the output (issue 12 item 3)', { timeout: 30_000 }, () => {
  it('gives the summarise request the glossary concepts found in the article, with the preferred term in each digest language, in the user message', async () => {
    fake.enqueue(
      fake.completion({
        items: [
          {
            language: 'en',
            title: 'At least four dead off Libya',
            summary: 'At least four people died after two boats carrying nearly 100 migrants capsized off Libya.',
          },
          { language: 'ar', ...LIBYA_AR },
        ],
      }),
    );
    await summariseStory({ llm }, { story: libya(), languages: ['en', 'ar'] });
    const user = textOf('user');
    expect(user).toContain('Terminology (migration glossary');
    // The article says "migrants", "Red Crescent", "central Mediterranean route": each comes with its en and ar term.
    expect(user).toContain('- migrant: en "migrant" (not "alien", "aliens"); ar "مهاجر"');
    expect(user).toContain('- red-crescent: en "Red Crescent"; ar "الهلال الأحمر"');
    expect(user).toContain(
      '- central-mediterranean-route: en "central Mediterranean route"; ar "طريق وسط البحر الأبيض المتوسط"',
    );
    // Only concepts of this article, at most 8 of them, and no retrieval-only entries (places, everyday words).
    expect(user).not.toContain('asylum-seeker:');
    expect(user).not.toContain('- libya:');
    expect(user.match(/^- [a-z-]+: en "/gm)?.length ?? 0).toBeLessThanOrEqual(12);
    // The glossary stays out of the static system prompt (providers cache that prefix).
    expect(textOf('system')).not.toContain('- migrant:');
    expect(textOf('system')).toContain('Terminology');
  });

  it('warns on output that uses a term the glossary marks as not preferred, and the digest item carries the warning', async () => {
    fake.enqueue(
      fake.completion({
        items: [
          {
            language: 'en',
            title: 'At least four illegal migrants dead off Libya',
            summary:
              'At least four illegal migrants died after two boats carrying nearly 100 migrants capsized off Libya.',
          },
          {
            language: 'ar',
            title: LIBYA_AR.title,
            summary: 'لقي ٤ مهاجرين غير شرعيين على الأقل حتفهم بعد غرق قاربين قبالة سواحل ليبيا.',
          },
        ],
      }),
    );
    const story = libya();
    const summary = await summariseStory({ llm }, { story, languages: ['en', 'ar'] });
    expect(summary.warnings).toContain(
      'en: terminology: "illegal migrants" is not the preferred term; use "irregular migrants"',
    );
    expect(summary.warnings.some((w) => w.startsWith('ar: terminology: "مهاجرين غير شرعيين"'))).toBe(true);
    const digest = composeDigest({
      stories: [story],
      summaries: new Map([[story.id, summary]]),
      sourceNames: new Map(),
      languages: ['en', 'ar'],
      maxItems: 5,
    });
    const item = digest.items[0];
    if (!item) throw new Error('no item');
    expect(visibleWarnings(item, ['en', 'ar'])).toContain(
      'en: terminology: "illegal migrants" is not the preferred term; use "irregular migrants"',
    );
  });

  it('does not warn on the preferred terms', async () => {
    fake.enqueue(
      fake.completion({
        items: [
          {
            language: 'en',
            title: 'Four irregular migrants dead off Libya',
            summary:
              'At least four irregular migrants died after two boats carrying nearly 100 migrants capsized off Libya.',
          },
          {
            language: 'ar',
            title: LIBYA_AR.title,
            summary: 'لقي ٤ مهاجرين غير نظاميين على الأقل حتفهم بعد غرق قاربين قبالة سواحل ليبيا.',
          },
        ],
      }),
    );
    const summary = await summariseStory({ llm }, { story: libya(), languages: ['en', 'ar'] });
    expect(summary.warnings.filter((w) => w.includes('terminology'))).toEqual([]);
  });

  it('gives the answer request the glossary terms of the passages, in the answer language, in the user message', async () => {
    fake.respond((request, f) =>
      request.body.response_format?.json_schema?.name === 'question_translation'
        ? f.completion({ translation: 'How many migrants were on the boats?' })
        : f.completion({ answer: 'Près de 100 migrants.', covered: true, storyIndex: 1, quotes: [1] }),
    );
    await answerQuestion(
      { llm, detectLanguage: () => 'fr' },
      { question: 'Combien de migrants étaient à bord ?', stories: [libya()], history: [] },
    );
    const answerRequest = fake.requests.find((r) => r.body.response_format?.json_schema?.name === 'answer');
    if (!answerRequest) throw new Error('no answer request');
    const user = fake.textOf(answerRequest, 'user');
    expect(user).toContain('Terminology (migration glossary');
    expect(user).toContain('- migrant: fr "migrant"');
    expect(fake.textOf(answerRequest, 'system')).not.toContain('- migrant:');
  });
});
