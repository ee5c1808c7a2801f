import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerSchema } from '../../src/domain/answer.js';
import { type FakeOpenAi, type FakeOpenAiRequest, startFakeOpenAi } from '../fakes/fake-openai.js';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { ROOT, runCli } from './run-cli.js';

const ARABIC_QUESTION = 'كم عدد الأشخاص الذين ماتوا؟';
const isTranslation = (r: FakeOpenAiRequest) => r.body.response_format?.json_schema?.name === 'question_translation';

describe('`ask` on an English-only story in another language (issue 12)', { timeout: 120_000 }, () => {
  let feeds: FeedServer;
  let llm: FakeOpenAi;
  let dir: string;
  let storyId: string;
  const offline = () => ({ DATABASE_URL: `sqlite:${join(dir, 'bot.db')}` });

  beforeAll(async () => {
    feeds = await startFeedServer({
      '/thebadely-en.xml': { body: readFileSync(join(ROOT, 'examples/feeds/thebadely-en.xml')) },
    });
    llm = await startFakeOpenAi({
      responder: (request, fake) =>
        isTranslation(request)
          ? fake.completion({ translation: 'How many people died?' })
          : fake.completion({
              answer: 'لقي أربعة أشخاص على الأقل حتفهم (المقال 1).',
              covered: true,
              storyIndex: 1,
              quotes: [1],
            }),
    });
    dir = mkdtempSync(join(tmpdir(), 'mnb-ask-'));
    const sources = join(dir, 'sources.yaml');
    writeFileSync(
      sources,
      `sources:\n  - { id: thebadely-en, name: thebadely, url: ${feeds.url('/thebadely-en.xml')}, language: en, fullText: never }\n`,
    );
    expect((await runCli(['ingest', '--sources', sources], offline())).code).toBe(0);
    const digest = await runCli(
      ['digest', '--sources', sources, '--no-ingest', '--since', 'all', '--format', 'json'],
      offline(),
    );
    storyId = JSON.parse(digest.stdout).items[0].id;
  });
  afterAll(async () => {
    await feeds.close();
    await llm.close();
  });

  it('offline, prints the English passage labelled "English original" and the story, never nothing', async () => {
    const result = await runCli(['ask', storyId, ARABIC_QUESTION], offline());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('At least four people have died');
    expect(result.stdout).toContain('(English original,');
    expect(result.stdout).toMatch(/Story: .*New: At least four dead/);
  });

  it('offline, `--format json` names the story and carries the quotes in their own language', async () => {
    const result = await runCli(['ask', storyId, ARABIC_QUESTION, '--format', 'json'], offline());
    expect(result.code).toBe(0);
    const answer = answerSchema.parse(JSON.parse(result.stdout));
    expect(answer.language).toBe('ar');
    expect(answer.story?.id).toBe(storyId);
    expect(answer.story?.title).toContain('At least four dead');
    expect(answer.quotes.length).toBeGreaterThan(0);
    expect(answer.quotes.every((q) => q.language === 'en')).toBe(true);
  });

  it('with a model, translates the question once: a second `ask` in another process takes it from the store', async () => {
    const env = { ...offline(), OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: llm.baseURL, OPENAI_MODEL: 'fake-model' };
    for (const round of [1, 2]) {
      const result = await runCli(['ask', storyId, ARABIC_QUESTION, '--format', 'json'], env);
      expect(result.code, result.stderr).toBe(0);
      const answer = answerSchema.parse(JSON.parse(result.stdout));
      expect(answer.answer).toContain('لقي أربعة أشخاص');
      expect(answer.quotes[0]?.language).toBe('en');
      expect(llm.requests.filter(isTranslation), `round ${round}`).toHaveLength(1);
    }
  });
});
