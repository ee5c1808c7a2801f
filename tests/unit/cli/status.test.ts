import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHint } from '../../../src/cli/error-hint.js';
import { createProgress } from '../../../src/cli/progress.js';
import { useColor } from '../../../src/cli/use-color.js';
import { ConfigError } from '../../../src/domain/errors.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const FEED = resolve(ROOT, 'examples', 'feeds', 'ays-en.xml');

/** Runs the CLI as a script would: stdout and stderr are pipes. */
function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.once('exit', (code) => resolveRun({ code, stdout, stderr }));
  });
}

let dir = '';
let env: Record<string, string> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mnb-status-cli-'));
  const sources = join(dir, 'sources.yaml');
  await writeFile(
    sources,
    `sources:\n  - { id: ays-en, name: Are You Syrious?, url: ${FEED}, language: en, fullText: never }\n  - { id: gone-en, name: Gone, url: ${join(dir, 'gone.xml')}, fullText: never }\n`,
  );
  env = { DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`, SOURCES_FILE: sources };
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('migration-news status and the CLI around it', () => {
  it('ingest in a pipe prints its summary and no progress bar', async () => {
    const run = await cli(['ingest'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ingest: 2 new, 0 duplicate, 1 failed source(s) of 2');
    expect(run.stderr).not.toMatch(/[█░]/);
    expect(run.stderr).not.toContain('\u001b[');
  });

  it('status --json gives a script the whole report', async () => {
    const run = await cli(['status', '--json'], env);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      store: { status: 'ok', dialect: 'sqlite' },
      sources: { ok: 1, failing: 1, neverFetched: 0 },
      subscriptions: [],
      deliveries: { last24h: { posted: 0, failed: 0, pending: 0 }, recent: [] },
      llm: { calls: 0, tokens: 0 },
    });
    expect(
      (report.sources as { list: Array<{ id: string; health: string; error: string | null }> }).list[1],
    ).toMatchObject({ id: 'gone-en', health: 'failing' });
  });

  it('status text has no colour in a pipe or with NO_COLOR, and colour with FORCE_COLOR', async () => {
    const piped = await cli(['status'], env);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toContain('Sources: 1 ok, 1 failing, 0 not fetched');
    expect(piped.stdout).toContain('FAILING for 1 fetch(es)');
    expect(piped.stdout).not.toContain('\u001b[');
    const forced = await cli(['status'], { ...env, FORCE_COLOR: '1' });
    expect(forced.stdout).toContain('\u001b[31m');
    const noColor = await cli(['status'], { ...env, FORCE_COLOR: '1', NO_COLOR: '1' });
    expect(noColor.stdout).not.toContain('\u001b[');
  });

  it('tells what to change when the database cannot be opened (exit 1) or a setting is invalid (exit 2)', async () => {
    const store = await cli(['status'], { ...env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(store.code).toBe(1);
    expect(store.stderr).toContain('error: cannot open the database');
    expect(store.stderr).toContain('hint: check DATABASE_URL');
    const config = await cli(['status'], { ...env, DIGEST_CRON: '0 25 * * *' });
    expect(config.code).toBe(2);
    expect(config.stderr).toContain('DIGEST_CRON: "0 25 * * *" is not a valid cron expression');
    expect(config.stderr).toContain('hint: fix the settings above');
    const usage = await cli(['preview', '--port', 'eighty'], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("option '--port <n>' argument 'eighty' is invalid");
  });
});

describe('CLI helpers', () => {
  const sink = (isTTY: boolean) => {
    const written: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written.push(chunk.toString());
        done();
      },
    }) as unknown as NodeJS.WriteStream;
    Object.assign(stream, { isTTY, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    return { stream, written };
  };

  it('draws a progress bar only on a terminal outside CI', () => {
    const tty = sink(true);
    const bar = createProgress('ingest', 2, { stream: tty.stream, env: {} });
    bar.tick('iom-en');
    bar.tick('iom-ar');
    bar.stop();
    expect(tty.written.join('')).toContain('2/2');
    for (const [isTTY, ciEnv] of [
      [false, {}],
      [true, { CI: 'true' }],
      [true, { TERM: 'dumb' }],
    ] as const) {
      const quiet = sink(isTTY);
      const silent = createProgress('ingest', 2, { stream: quiet.stream, env: ciEnv });
      silent.tick('x');
      silent.stop();
      expect(quiet.written).toEqual([]);
    }
  });

  it('ends the bar at the number done when fewer items came than expected', () => {
    const tty = sink(true);
    const bar = createProgress('summarise', 10, { stream: tty.stream, env: {} });
    bar.tick('s1');
    bar.tick('s2');
    bar.stop();
    expect(tty.written.join('')).toContain('2/2');
  });

  it('uses colour on a terminal unless NO_COLOR or TERM=dumb; FORCE_COLOR forces it', () => {
    expect(useColor({ isTTY: true }, {})).toBe(true);
    expect(useColor({ isTTY: false }, {})).toBe(false);
    expect(useColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(useColor({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(useColor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
  });

  it('hints at the setting to change for each kind of failure', () => {
    expect(errorHint(new ConfigError(['PORT: bad']))).toMatch(/\.env/);
    expect(errorHint(Object.assign(new Error('x'), { code: 'EADDRINUSE' }))).toMatch(/--port/);
    expect(errorHint(Object.assign(new Error('x'), { code: 'LLM_AUTH_FAILED' }))).toMatch(/OPENAI_API_KEY/);
    expect(errorHint(new Error('plain'))).toBeNull();
  });
});
