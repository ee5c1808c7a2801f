import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE, writePreviewSources } from './preview-fixtures.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

interface Running {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts `migration-news preview --port 0` and resolves once it prints its URL. */
async function startPreview(args: string[], env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'preview', '--port', '0', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', CI: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`preview did not start in 30 s; stderr: ${err}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /Preview: (http:\/\/localhost:\d+\/)/.exec(out);
      if (found?.[1]) {
        clearTimeout(timer);
        resolveUrl(found[1].replace('localhost', '127.0.0.1'));
      }
    });
    void exited.then((code) => reject(new Error(`preview exited with ${code}; stderr: ${err}`)));
  });
  return { child, url, stderr: () => err, exited };
}

let dir = '';
let sourcesFile = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mnb-preview-cli-'));
  sourcesFile = await writePreviewSources(dir);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('migration-news preview', () => {
  it('asks for PREVIEW_TOKEN when it is set, as `serve` does (bearer or ?token=)', async () => {
    const env = { DATABASE_URL: `sqlite:${join(dir, 'token.db')}`, PREVIEW_TOKEN: 'preview-secret-1234' };
    const preview = await startPreview(['--sources', sourcesFile], env);
    try {
      // Before: 200 without the token (the preview command did not pass PREVIEW_TOKEN on).
      expect((await fetch(preview.url)).status).toBe(401);
      expect((await fetch(`${preview.url}?token=wrong`)).status).toBe(401);
      expect((await fetch(`${preview.url}?token=preview-secret-1234`)).status).toBe(200);
      const bearer = await fetch(preview.url, { headers: { authorization: 'Bearer preview-secret-1234' } });
      expect(bearer.status).toBe(200);
    } finally {
      preview.child.kill('SIGINT');
    }
    expect(await preview.exited).toBe(0);
  });

  it('ingests the sources into an empty store, serves only the preview page, and stops on Ctrl-C', async () => {
    const env = {
      DATABASE_URL: `sqlite:${join(dir, 'first.db')}`,
      SLACK_BOT_TOKEN: 'xoxb-unused',
      SLACK_SIGNING_SECRET: 'unused',
    };
    const preview = await startPreview(['--sources', sourcesFile], env);
    try {
      expect(preview.stderr()).toContain(`The store is empty: ingesting ${sourcesFile} first.`);
      const response = await fetch(preview.url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      const html = await response.text();
      expect(html).toContain(HOSTILE.titleStart);
      // An Arabic edition (Are You Syrious?, dated): the undated IOM release of the first fetch ranks after the 10 shown.
      expect(html).toContain('شروط أكثر صرامة للواصليين حديثا');
      // Only the preview: no chat endpoints, even with Slack configured.
      expect((await fetch(new URL('/slack/events', preview.url), { method: 'POST' })).status).toBe(404);
      expect((await fetch(new URL('/healthz', preview.url))).status).toBe(404);
    } finally {
      preview.child.kill('SIGINT');
    }
    expect(await preview.exited).toBe(0);
  });

  it('uses the stored stories when there are some', async () => {
    const env = { DATABASE_URL: `sqlite:${join(dir, 'first.db')}` };
    const preview = await startPreview(['--sources', sourcesFile], env);
    try {
      expect(preview.stderr()).not.toContain('The store is empty');
      expect(await (await fetch(preview.url)).text()).toContain(HOSTILE.titleStart);
    } finally {
      preview.child.kill('SIGTERM');
    }
    expect(await preview.exited).toBe(0);
  });
});
