import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FakeOpenAi } from '../tests/fakes/fake-openai.js';
import type { FakeSlackApi } from '../tests/fakes/fake-slack-api.js';
import { type FeedServer, startFeedServer } from '../tests/fakes/feed-server.js';

const FEEDS = join(dirname(fileURLToPath(import.meta.url)), '..', 'tests', 'fixtures', 'feeds');
export const SIGNING_SECRET = 'bench-signing-secret';

/** The bundled sample feeds (real articles, en/ar/fa/fr) served over loopback, and a sources file naming them. */
export async function sampleSources(dir: string): Promise<{ server: FeedServer; sourcesFile: string; count: number }> {
  const feeds: Array<[string, string, string]> = [
    ['iom-mena-ar', 'IOM', 'iom-mena-ar.xml'],
    ['ays-en', 'Are You Syrious?', 'ays-en.xml'],
    ['ays-ar', 'Are You Syrious?', 'ays-ar.xml'],
    ['ays-fa', 'Are You Syrious?', 'ays-fa.xml'],
    ['newarab-en', 'The New Arab', 'newarab-en.xml'],
    ['courrierinternational-fr', 'Courrier international', 'courrierinternational-fr.xml'],
    ['thebadely-en', 'thebadely', 'thebadely-en.xml'],
  ];
  const server = await startFeedServer(
    Object.fromEntries(feeds.map(([, , file]) => [`/${file}`, { body: readFileSync(join(FEEDS, file)) }])),
  );
  const sourcesFile = join(dir, 'sources.json');
  // No declared languages: the first poll detects them, as for feeds whose language the operator did not set.
  await writeFile(
    sourcesFile,
    JSON.stringify({
      sources: feeds.map(([id, name, file]) => ({
        id,
        name,
        url: server.url(`/${file}`),
        type: 'rss',
        fullText: 'never',
      })),
    }),
  );
  return { server, sourcesFile, count: feeds.length };
}

/** Environment of a `serve` with Slack (HTTP) and Teams enabled and the LLM configured, all against loopback fakes. */
export function serveEnv(options: {
  dir: string;
  sourcesFile: string;
  slack: FakeSlackApi;
  openai: FakeOpenAi;
  extra?: Record<string, string>;
}): Record<string, string> {
  return {
    DATABASE_URL: `sqlite:${join(options.dir, 'bot.db')}`,
    SOURCES_FILE: options.sourcesFile,
    SLACK_BOT_TOKEN: options.slack.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: options.slack.apiUrl,
    TEAMS_ENABLED: 'true',
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: options.openai.baseURL,
    OPENAI_MODEL: 'fake-model',
    DIGEST_LANGUAGES: 'en,ar',
    // No poll during the measurement unless asked.
    POLL_CRON: '0 0 1 1 *',
    ...options.extra,
  };
}
