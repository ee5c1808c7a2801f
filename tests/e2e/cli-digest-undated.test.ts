import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Digest, digestSchema } from '../../src/domain/digest.js';
import { runCli } from './run-cli.js';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toUTCString();

/** An RSS feed of `items`; an item without `date` has no pubDate (feeds that carry none, or drop it). */
function rss(items: Array<{ id: string; title: string; date?: string }>): string {
  const body = items
    .map(
      (i) =>
        `<item><title>${i.title}</title><link>https://news.example/${i.id}</link><guid>${i.id}</guid>` +
        `${i.date ? `<pubDate>${i.date}</pubDate>` : ''}<description>${i.title}. Migrants and refugees crossed the ` +
        `sea, the agency said in a statement about ${i.id}.</description></item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title><link>https://news.example/</link><description>d</description>${body}</channel></rss>`;
}

describe('digest ranking of items without a date (SPEC 5.4: ranked by recency)', () => {
  it("ranks a feed's undated backlog from its first fetch after the dated stories, and an undated item that appears later as new", {
    timeout: 120_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mnb-undated-'));
    const feed = join(dir, 'feed.xml');
    writeFileSync(
      join(dir, 'sources.yaml'),
      'sources:\n  - id: wire\n    name: Wire\n    url: feed.xml\n    language: en\n',
    );
    const env = { DATABASE_URL: `sqlite:${join(dir, 'bot.db')}` };
    const digest = async () => {
      const run = await runCli(
        ['digest', '--sources', join(dir, 'sources.yaml'), '--since', 'all', '--format', 'json', '--no-ingest'],
        env,
      );
      expect(run.code, run.stderr).toBe(0);
      return digestSchema.parse(JSON.parse(run.stdout)) as Digest;
    };
    const ingest = async () =>
      expect((await runCli(['ingest', '--sources', join(dir, 'sources.yaml')], env)).code).toBe(0);
    const titles = (d: Digest) => d.items.map((i) => i.text.en?.title);

    // A new install: the feed's first fetch holds an undated item of unknown age beside dated ones of days ago.
    writeFileSync(
      feed,
      rss([
        { id: 'old-undated', title: 'Undated backlog item' },
        { id: 'dated-2d', title: 'Boat rescued two days ago', date: hoursAgo(48) },
        { id: 'dated-3d', title: 'Arrivals report three days ago', date: hoursAgo(72) },
      ]),
    );
    await ingest();
    expect(titles(await digest())).toEqual([
      'Boat rescued two days ago',
      'Arrivals report three days ago',
      'Undated backlog item',
    ]);

    // A later fetch finds a new undated item: it appeared since the last fetch, so it is news of now.
    writeFileSync(
      feed,
      rss([
        { id: 'new-undated', title: 'Undated item that just appeared' },
        { id: 'old-undated', title: 'Undated backlog item' },
        { id: 'dated-2d', title: 'Boat rescued two days ago', date: hoursAgo(48) },
        { id: 'dated-3d', title: 'Arrivals report three days ago', date: hoursAgo(72) },
      ]),
    );
    await ingest();
    const after = await digest();
    expect(titles(after)).toEqual([
      'Undated item that just appeared',
      'Boat rescued two days ago',
      'Arrivals report three days ago',
      'Undated backlog item',
    ]);
    // Nothing lost, and the JSON still says the dates are unknown.
    expect(after.items.filter((i) => i.publishedAt === null)).toHaveLength(2);
  });
});
