import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerSchema } from '../../src/domain/answer.js';
import { digestSchema } from '../../src/domain/digest.js';
import { createStore } from '../../src/store/create-store.js';
import { ROOT, runCli } from './run-cli.js';

// A folder with no config/sources.yaml: where an operator runs `ask` or `status` against the bot's database.
const cwd = mkdtempSync(join(tmpdir(), 'mnb-no-sources-'));
const elsewhere = mkdtempSync(join(tmpdir(), 'mnb-sources-'));
const database = `sqlite:${join(elsewhere, 'bot.db')}`;
const run = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, { DATABASE_URL: database, ...env }, { cwd });

let storyId = '';

beforeAll(async () => {
  // Two bundled sample feeds, stored through a sources file that the commands below are not given.
  const sources = join(elsewhere, 'sources.yaml');
  writeFileSync(
    sources,
    [
      'sources:',
      `  - { id: ays-en, name: "Are You Syrious?", url: ${join(ROOT, 'examples/feeds/ays-en.xml')}, language: en, fullText: never }`,
      `  - { id: iom-mena-ar, name: IOM, url: ${join(ROOT, 'examples/feeds/iom-mena-ar.xml')}, language: ar, fullText: never }`,
      '',
    ].join('\n'),
  );
  const ingest = await run(['ingest', '--sources', sources]);
  expect(ingest.code, ingest.stderr).toBe(0);
  const store = await createStore(database);
  try {
    const [story] = await store.stories.latest({ since: null, limit: 1 });
    storyId = story?.id ?? '';
  } finally {
    await store.close();
  }
  expect(existsSync(join(cwd, 'config'))).toBe(false);
}, 60_000);

describe('commands that read only the store run without a sources file', () => {
  it('`ask` answers about a stored story', async () => {
    const result = await run(['ask', storyId, 'How many people arrived?', '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(answerSchema.parse(JSON.parse(result.stdout)).story?.id).toBe(storyId);
  });

  it('`status` lists the sources the store has fetched, under the names stored with them', async () => {
    const result = await run(['status', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { sources: { ok: number; list: Array<{ id: string; name: string }> } };
    expect(report.sources.list.map((s) => [s.id, s.name])).toEqual([
      ['ays-en', 'Are You Syrious?'],
      ['iom-mena-ar', 'IOM'],
    ]);
    expect(report.sources.ok).toBe(2);
  });

  it('`subscriptions add`, `list` and `remove` work', async () => {
    expect((await run(['subscriptions', 'add', 'slack', 'C0123ABCD', 'daily', '08:00'])).code).toBe(0);
    const list = await run(['subscriptions', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('slack C0123ABCD');
    expect((await run(['subscriptions', 'remove', 'slack', 'C0123ABCD'])).code).toBe(0);
  });

  it('`digest --no-ingest` names each story by its stored source name', async () => {
    const result = await run(['digest', '--no-ingest', '--since', 'all', '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const digest = digestSchema.parse(JSON.parse(result.stdout));
    expect(new Set(digest.items.map((i) => i.sourceName))).toEqual(new Set(['Are You Syrious?', 'IOM']));
  });
});

describe('a sources file that is needed, or named, and cannot be read', () => {
  it('`ingest` still needs one, and its hint may name --sources, which it takes', async () => {
    const result = await run(['ingest']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SOURCES_FILE: cannot read config/sources.yaml');
    expect(result.stderr).toMatch(/hint: .*--sources FILE/);
  });

  it('`status` with SOURCES_FILE naming a missing file says so, naming SOURCES_FILE', async () => {
    const result = await run(['status'], { SOURCES_FILE: 'nowhere.yaml' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SOURCES_FILE: cannot read nowhere.yaml');
  });

  it('`status --sources` naming a missing file says so, naming --sources', async () => {
    const result = await run(['status', '--sources', 'nowhere.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--sources: cannot read nowhere.yaml');
  });

  it('`ask` and `subscriptions` never read one, and never suggest --sources, which they do not take', async () => {
    const ask = await run(['ask', storyId, 'How many people arrived?'], { SOURCES_FILE: 'nowhere.yaml' });
    expect(ask.code, ask.stderr).toBe(0);
    // A configuration error of these commands has a hint, but not one naming an option they refuse.
    for (const args of [
      ['ask', storyId, 'How many?'],
      ['subscriptions', 'list'],
    ]) {
      const result = await run(args, { DIGEST_CRON: '0 25 * * *' });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('DIGEST_CRON');
      expect(result.stderr).toContain('hint:');
      expect(result.stderr).not.toContain('--sources');
    }
    const refused = await run(['ask', storyId, 'How many?', '--sources', 'x.yaml']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("unknown option '--sources'");
  });
});
