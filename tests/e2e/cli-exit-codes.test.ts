import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestSchema } from '../../src/domain/digest.js';
import { createStore } from '../../src/store/create-store.js';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { freshRss } from '../helpers/fresh-rss.js';
import { freePort } from '../helpers/serve-process.js';
import { sampleStories } from '../helpers/test-core.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'mnb-exit-'));
const sources = join(dir, 'sources.yaml');
writeFileSync(sources, 'sources:\n  - { id: iom-en, name: IOM, url: iom-en.xml, language: en }\n');

/** Every command, with the arguments it needs to reach the database. */
const COMMANDS: Array<[string, string[]]> = [
  ['ingest', ['ingest', '--sources', sources]],
  ['digest', ['digest', '--sources', sources, '--no-ingest']],
  ['ask', ['ask', 'some-id', 'how many?']],
  ['status', ['status', '--sources', sources]],
  ['preview', ['preview', '--port', '0', '--sources', sources]],
  ['serve', ['serve', '--sources', sources]],
  ['subscriptions list', ['subscriptions', 'list']],
  ['subscriptions add', ['subscriptions', 'add', 'slack', 'C0123ABCD', 'daily', '08:00']],
  ['subscriptions remove', ['subscriptions', 'remove', 'slack', 'C0123ABCD']],
];

describe('one exit-code rule for every command (SPEC 3): 2 usage or configuration, 1 runtime failure', () => {
  it.each(COMMANDS)(
    '%s exits 2 at once on DATABASE_URL=sqlite:/proc/x/y.db (no hang)',
    async (_name, args) => {
      const result = await runCli(
        args,
        { DATABASE_URL: 'sqlite:/proc/x/y.db', SOURCES_FILE: sources, PORT: String(await freePort()) },
        { timeoutMs: 20_000 },
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('cannot open SQLite database /proc/x/y.db');
      expect(result.stderr).toContain('hint: check DATABASE_URL');
    },
    30_000,
  );

  it('a database in a directory that cannot be created (under a file) is configuration: exit 2', async () => {
    const result = await runCli(['status', '--sources', sources], {
      DATABASE_URL: `sqlite:${join(sources, 'data', 'bot.db')}`,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/ENOTDIR/);
  });

  it('an unknown story id is usage (2); an unknown subscription to remove too', async () => {
    const db = `sqlite:${join(dir, 'empty.db')}`;
    const ask = await runCli(['ask', 'no-such-story', 'how many?'], { DATABASE_URL: db, SOURCES_FILE: sources });
    expect(ask.code).toBe(2);
    expect(ask.stderr).toContain('no stored story "no-such-story"');
    const remove = await runCli(['subscriptions', 'remove', 'slack', 'C0NOSUCH1'], {
      DATABASE_URL: db,
      SOURCES_FILE: sources,
    });
    expect(remove.code).toBe(2);
  });

  it('masks only the password of a rejected DATABASE_URL', async () => {
    const result = await runCli(['status'], { DATABASE_URL: 'mysql://news:hunter2@db.example:3306/news' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DATABASE_URL: "mysql://news:***@db.example:3306/news"');
    expect(result.stderr).not.toContain('hunter2');
  });

  it('names every bad option of one command line in one run, and runs nothing (SPEC 3)', async () => {
    const db = join(dir, 'bad-options.db');
    const result = await runCli(
      ['digest', '--format', 'xml', '--limit', '0', '--since', 'bogus', '--langs', 'english'],
      {
        DATABASE_URL: `sqlite:${db}`,
        SOURCES_FILE: sources,
      },
    );
    expect(result.code).toBe(2);
    for (const flag of ['--format <format>', '--limit <n>', '--since <when>', '--langs <list>'])
      expect(result.stderr).toContain(`option '${flag}' argument`);
    expect(result.stdout).toBe('');
    expect(existsSync(db)).toBe(false); // the command never started: no store was opened
    // A code of the right shape that names no language is refused like DIGEST_LANGUAGES=en,xx.
    const unknownLanguage = await runCli(['digest', '--langs', 'en,xx', '--no-ingest'], {
      DATABASE_URL: `sqlite:${db}`,
      SOURCES_FILE: sources,
    });
    expect(unknownLanguage.code).toBe(2);
    expect(unknownLanguage.stderr).toContain('"xx": not a language code');
    // With an error Commander stops at (an unknown option), the bad values are still named.
    const both = await runCli(['ask', 'id', 'q', '--format', 'yaml', '--bogus'], { DATABASE_URL: `sqlite:${db}` });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("unknown option '--bogus'");
    expect(both.stderr).toContain("option '--format <format>' argument 'yaml' is invalid");
    // A good command line reports nothing of the kind; the terminal may list more stories than chat's `latest` (1-50).
    const good = await runCli(['digest', '--format', 'json', '--limit', '200', '--since', '7d', '--no-ingest'], {
      DATABASE_URL: `sqlite:${db}`,
      SOURCES_FILE: sources,
    });
    expect(good.code).toBe(0);
    expect(good.stderr).not.toContain('is invalid');
  });

  it('`digest --help` shows the --since default as 24h', async () => {
    const result = await runCli(['digest', '--help'], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/--since <when>.*\(default: 24h\)/);
  });
});

describe('sources file: every problem at once, naming the file, the source and the key', () => {
  it('lists a bad id, a duplicate id, an ftp: URL, language: english, an empty filter and an unknown key in one run', async () => {
    const bad = join(dir, 'bad-sources.yaml');
    writeFileSync(
      bad,
      [
        'sources:',
        '  - { id: Bad_Id, name: A, url: https://a.example/feed }',
        '  - { id: dup, name: B, url: https://b.example/feed }',
        '  - { id: dup, name: C, url: https://c.example/feed }',
        '  - { id: ftp-one, name: D, url: "ftp://d.example/feed" }',
        '  - { id: eng, name: E, url: https://e.example/feed, language: english }',
        '  - { id: filt, name: F, url: https://f.example/feed, filter: "" }',
        '  - { id: extra, name: G, url: https://g.example/feed, lang: en }',
        '',
      ].join('\n'),
    );
    const result = await runCli(['ingest', '--sources', bad], { DATABASE_URL: `sqlite:${join(dir, 'bad.db')}` });
    expect(result.code).toBe(2);
    const lines = result.stderr.split('\n');
    const expectLine = (index: number, key: string, id: string, text: RegExp) =>
      expect(
        lines.some((l) => l.includes(`${bad}: sources.${index}.${key} (source "${id}"): `) && text.test(l)),
        `${id} ${key}`,
      ).toBe(true);
    expectLine(0, 'id', 'Bad_Id', /must match \[a-z0-9-\]/);
    expectLine(2, 'id', 'dup', /duplicate id "dup"/);
    expectLine(3, 'url', 'ftp-one', /only http\(s\) URLs/);
    expectLine(4, 'language', 'eng', /BCP-47/);
    expectLine(5, 'filter', 'filt', /must not be empty/);
    expectLine(6, 'lang', 'extra', /unknown key/);
    expect(result.stderr).not.toContain('.env');
  });

  it('names a top-level "source:" (did you mean "sources"?) with the problems of the list under it, exit 2', async () => {
    const misspelt = join(dir, 'misspelt-sources.yaml');
    writeFileSync(misspelt, 'source:\n  - { id: a, name: A, url: https://a.example/feed, language: english }\n');
    const result = await runCli(['ingest', '--sources', misspelt], {
      DATABASE_URL: `sqlite:${join(dir, 'misspelt.db')}`,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${misspelt}: (top level): unknown key "source" (did you mean "sources"?)`);
    expect(result.stderr).toMatch(new RegExp(`${misspelt}: source\\.0\\.language \\(source "a"\\): .*BCP-47`));
  });

  it('an unreadable --sources path gets a hint naming --sources, not .env', async () => {
    const result = await runCli(['ingest', '--sources', join(dir, 'missing.yaml')], {
      DATABASE_URL: `sqlite:${join(dir, 'm.db')}`,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--sources: cannot read');
    expect(result.stderr).toMatch(/hint: .*--sources/);
    expect(result.stderr).not.toContain('.env');
  });
});

describe('digest when every source failed to fetch', () => {
  let feeds: FeedServer;
  let failing: string;
  beforeAll(async () => {
    feeds = await startFeedServer({
      '/a.xml': { behaviour: { kind: 'status', status: 404 } },
      '/b.xml': { behaviour: { kind: 'status', status: 404 } },
    });
    failing = join(dir, 'failing.yaml');
    writeFileSync(
      failing,
      `sources:\n  - { id: a, name: A, url: "${feeds.url('/a.xml')}", language: en }\n  - { id: b, name: B, url: "${feeds.url('/b.xml')}", language: en }\n`,
    );
  });
  afterAll(async () => {
    await feeds.close();
  });

  it('still prints the stored stories, with a digest-level warning also on stderr, and exits 0', async () => {
    const url = `sqlite:${join(dir, 'stored.db')}`;
    const store = await createStore(url);
    await store.stories.write({ newStories: sampleStories(), addedEditions: [], updatedEditions: [] });
    await store.close();
    const result = await runCli(['digest', '--sources', failing, '--format', 'json'], { DATABASE_URL: url });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('all 2 sources failed to fetch');
    const digest = digestSchema.parse(JSON.parse(result.stdout));
    expect(digest.items.map((i) => i.id).sort()).toEqual(['bodrum', 'lampedusa']);
    expect(digest.notices?.join('\n')).toContain('all 2 sources failed to fetch');
    const text = await runCli(['digest', '--sources', failing, '--no-ingest'], { DATABASE_URL: url });
    expect(text.stdout).not.toContain('failed to fetch');
  }, 60_000);

  it('exits 1 when nothing is stored either', async () => {
    const result = await runCli(['digest', '--sources', failing], {
      DATABASE_URL: `sqlite:${join(dir, 'nothing.db')}`,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('all 2 sources failed to fetch');
  }, 60_000);
});

describe('digest --no-ingest without --sources (issue 13, item 7)', () => {
  it('shows the source names stored with the source rows, not their ids', async () => {
    const feeds = await startFeedServer({ '/named.xml': { body: freshRss('/named', ['Boat rescued off Lampedusa']) } });
    try {
      const named = join(dir, 'named.yaml');
      writeFileSync(
        named,
        `sources:\n  - { id: agency-x, name: The Agency Name, url: "${feeds.url('/named.xml')}", language: en, fullText: never }\n`,
      );
      const db = `sqlite:${join(dir, 'named.db')}`;
      expect((await runCli(['ingest', '--sources', named], { DATABASE_URL: db })).code).toBe(0);
      // SOURCES_FILE names another file, without this source: the name comes from the store.
      const result = await runCli(['digest', '--no-ingest', '--format', 'json'], {
        DATABASE_URL: db,
        SOURCES_FILE: sources,
      });
      expect(result.code).toBe(0);
      const digest = digestSchema.parse(JSON.parse(result.stdout));
      expect(digest.items.map((i) => i.sourceName)).toContain('The Agency Name');
    } finally {
      await feeds.close();
    }
  }, 60_000);
});
