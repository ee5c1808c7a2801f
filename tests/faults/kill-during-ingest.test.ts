import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/create-store.js';
import { ROOT, runCli } from '../e2e/run-cli.js';

/**
 * SPEC 8, row 4: the real CLI (`migration-news ingest`, SQLite) is SIGKILLed in the middle of an ingest, then run
 * again. Whatever instant the kill lands on, the store must be consistent: a source's items are written in one
 * transaction, so there is never a story without its edition, an edition without its story, or half a feed.
 * The delivery half of this row (killed mid-post, before and after Slack accepted) is
 * tests/e2e/crash-delivery.test.ts; it is not repeated here.
 */

const BIG_ITEMS = 3_000;

/** One report a day (reports of one source published close together with the same words would be updates of one story). */
function feed(prefix: string, count: number): string {
  const items = Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    return `<item><title>${prefix} report ${n}: ${n * 7} people reached the coast of Sicily</title><link>https://news.example.org/${prefix}/${n}</link><guid>${prefix}-${n}</guid><description>Report ${n} from ${prefix}: the coast guard counted ${n * 7} arrivals near Pozzallo, station ${n % 97}, on day ${n}.</description><pubDate>${new Date(Date.UTC(2018, 0, 1) + n * 86_400_000).toUTCString()}</pubDate></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${prefix}</title><language>en</language>${items.join('')}</channel></rss>`;
}

let dir: string;
let server: Server;
let origin: string;
let slowAnswers = false;
const arrived = new Set<string>();
let bigSent: () => void = () => undefined;
const hanging = new Set<ServerResponse>();
const waiters = new Set<() => void>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mnb-faults-kill-'));
  const big = feed('big', BIG_ITEMS);
  const small = feed('slow', 5);
  server = createServer((req, res) => {
    arrived.add(req.url ?? '');
    for (const w of [...waiters]) w();
    if (req.url === '/big.xml') {
      res.once('finish', () => bigSent());
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(big);
    } else if (req.url === '/slow.xml' && !slowAnswers) {
      hanging.add(res); // the ingest is still waiting for this source when it is killed
    } else if (req.url === '/slow.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(small);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await writeFile(
    join(dir, 'sources.yaml'),
    [
      'sources:',
      `  - { id: big, name: Big, url: "${origin}/big.xml", language: en, fullText: never }`,
      `  - { id: slow, name: Slow, url: "${origin}/slow.xml", language: en, fullText: never }`,
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const timer = setTimeout(() => {
      waiters.delete(poll);
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const poll = () => {
      if (!check()) return;
      clearTimeout(timer);
      waiters.delete(poll);
      resolve();
    };
    waiters.add(poll);
  });
}

function startIngest(databaseUrl: string): {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
} {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/cli.ts'), 'ingest', '--sources', join(dir, 'sources.yaml'), '--json'],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        NO_COLOR: '1',
        LOG_LEVEL: 'warn',
        DATABASE_URL: databaseUrl,
      },
      stdio: ['ignore', 'ignore', 'ignore'],
    },
  );
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited };
}

/** Consistency of the story tables, read straight from the file the killed process wrote. */
async function inspect(databaseUrl: string) {
  const store = await createStore(databaseUrl);
  try {
    const one = async <T>(query: RawBuilder<T>) => (await query.execute(store.db)).rows;
    return {
      integrity: (await one(sql<{ integrity_check: string }>`PRAGMA integrity_check`)).map((r) => r.integrity_check),
      storiesWithoutEdition: (
        await one(
          sql<{
            n: number;
          }>`SELECT count(*) AS n FROM stories s WHERE NOT EXISTS (SELECT 1 FROM editions e WHERE e.story_id = s.id)`,
        )
      )[0]?.n,
      storiesWithoutPrimary: (
        await one(
          sql<{
            n: number;
          }>`SELECT count(*) AS n FROM stories s WHERE NOT EXISTS (SELECT 1 FROM editions e WHERE e.id = s.primary_edition_id)`,
        )
      )[0]?.n,
      editionsWithoutStory: (
        await one(
          sql<{
            n: number;
          }>`SELECT count(*) AS n FROM editions e WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = e.story_id)`,
        )
      )[0]?.n,
      duplicateGuids: (
        await one(
          sql<{
            n: number;
          }>`SELECT count(*) AS n FROM (SELECT source_id, guid FROM editions GROUP BY source_id, guid HAVING count(*) > 1)`,
        )
      )[0]?.n,
      editionsBySource: Object.fromEntries(
        (
          await one(
            sql<{ source_id: string; n: number }>`SELECT source_id, count(*) AS n FROM editions GROUP BY source_id`,
          )
        ).map((r) => [r.source_id, Number(r.n)]),
      ),
      stories: await store.stories.count(),
    };
  } finally {
    await store.close();
  }
}

describe('SPEC 8 · the process is killed during an ingest (SIGKILL, then restart): the store is consistent, no partial story, nothing lost or doubled', () => {
  it('killed while one source is still downloading and the other is being parsed and written', {
    timeout: 180_000,
  }, async () => {
    const killedDb = `sqlite:${join(dir, 'killed.db')}`;
    const sent = new Promise<void>((resolve) => {
      bigSent = resolve;
    });
    const run = startIngest(killedDb);
    // The big feed has gone out (the child is parsing or writing its 3,000 items) and the slow one is still pending.
    await Promise.all([sent, until(() => arrived.has('/slow.xml'), 'the slow feed request')]);
    run.child.kill('SIGKILL');
    expect(await run.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const afterKill = await inspect(killedDb);
    expect(afterKill.integrity).toEqual(['ok']);
    expect(afterKill).toMatchObject({
      storiesWithoutEdition: 0,
      storiesWithoutPrimary: 0,
      editionsWithoutStory: 0,
      duplicateGuids: 0,
    });
    // All of a source's items, or none of them: never half a feed.
    expect([0, BIG_ITEMS]).toContain(afterKill.editionsBySource.big ?? 0);
    expect(afterKill.editionsBySource.slow ?? 0).toBe(0);

    // Restart with the slow feed answering: everything arrives once.
    slowAnswers = true;
    const again = await runCli(
      ['ingest', '--sources', join(dir, 'sources.yaml'), '--json'],
      { DATABASE_URL: killedDb },
      { timeoutMs: 120_000 },
    );
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout) as Array<{
      sourceId: string;
      status: string;
      new: number;
      duplicate: number;
    }>;
    const big = report.find((r) => r.sourceId === 'big');
    expect(big?.status).toBe('ok');
    expect((big?.new ?? 0) + (big?.duplicate ?? 0)).toBe(BIG_ITEMS);
    expect(big?.new).toBe(BIG_ITEMS - (afterKill.editionsBySource.big ?? 0));

    // The same as a run that was never interrupted.
    const cleanDb = `sqlite:${join(dir, 'clean.db')}`;
    expect(
      (
        await runCli(
          ['ingest', '--sources', join(dir, 'sources.yaml')],
          { DATABASE_URL: cleanDb },
          { timeoutMs: 120_000 },
        )
      ).code,
    ).toBe(0);
    const [restarted, clean] = [await inspect(killedDb), await inspect(cleanDb)];
    expect(restarted).toEqual(clean);
    expect(restarted.editionsBySource).toEqual({ big: BIG_ITEMS, slow: 5 });
  });
});
