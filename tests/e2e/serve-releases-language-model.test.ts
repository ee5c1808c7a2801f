import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { detectLanguage } from '../../src/text/detect-language.js';
import { languageModelState, releaseLanguageModel } from '../../src/text/language-model.js';
import { createCore } from '../../src/app/create-core.js';
import { type RunningBot, startBot } from '../../src/app/start-bot.js';
import { silentLogger } from '../../src/util/create-logger.js';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { articles } from '../helpers/ingest-fixtures.js';

const FEEDS = join(import.meta.dirname, '..', 'fixtures', 'feeds');

let bot: RunningBot | null = null;
let feeds: FeedServer | null = null;
let dir: string | null = null;
afterEach(async () => {
  await bot?.stop();
  await feeds?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  bot = null;
  feeds = null;
  dir = null;
});

describe('the language model after a poll', { timeout: 60_000 }, () => {
  it('detects the languages of a poll of feeds without a declared language and keeps no model once the poll ends', async () => {
    releaseLanguageModel();
    const before = languageModelState().loads;
    const files = ['ays-en.xml', 'ays-fa.xml', 'courrierinternational-fr.xml'];
    feeds = await startFeedServer(
      Object.fromEntries(files.map((f) => [`/${f}`, { body: readFileSync(join(FEEDS, f)) }])),
    );
    dir = await mkdtemp(join(tmpdir(), 'mnb-release-model-'));
    const sourcesFile = join(dir, 'sources.json');
    const server = feeds;
    await writeFile(
      sourcesFile,
      JSON.stringify({
        sources: files.map((f) => ({
          id: f.replace('.xml', ''),
          name: f,
          url: server.url(`/${f}`),
          type: 'rss',
          fullText: 'never',
        })),
      }),
    );
    const config = loadConfig({
      DATABASE_URL: `sqlite:${join(dir, 'bot.db')}`,
      SOURCES_FILE: sourcesFile,
      LOG_LEVEL: 'silent',
      PORT: '0',
      POLL_CRON: '* * * * * *',
    });
    const core = await createCore(config, { log: silentLogger() });
    let polled!: () => void;
    const firstPoll = new Promise<void>((resolve) => {
      polled = resolve;
    });
    bot = await startBot(core, {
      port: 0,
      host: '127.0.0.1',
      scheduler: { onPoll: (_slot, ingested) => ingested && polled() },
    });
    await firstPoll;
    // Languages were detected (none is declared), in the poll's worker thread or, without one, here.
    const stories = await core.store.stories.latest({ since: null, limit: 500 });
    expect(new Set(stories.flatMap((s) => s.editions.map((e) => e.language)))).toEqual(new Set(['en', 'fa', 'fr']));
    // Either way this thread holds no model once the poll is over.
    expect(languageModelState().loaded).toBe(false);
    expect(languageModelState().loads - before).toBeLessThanOrEqual(1);
  });

  it('reloads lazily after a release and detects exactly as before', () => {
    const texts = articles.map((a) => `${a.title}\n${a.text}`.slice(0, 600));
    const first = texts.map((t) => detectLanguage(t));
    const loads = languageModelState().loads;
    releaseLanguageModel();
    expect(languageModelState().loaded).toBe(false);
    const again = texts.map((t) => detectLanguage(t));
    expect(again).toEqual(first);
    expect(languageModelState()).toEqual({ loaded: true, loads: loads + 1 });
  });
});
