import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ACTIVITY_BYTES } from '../../adapters/teams/cards/adaptive-card.js';
import { type Digest, type DigestItem, digestSchema } from '../../src/domain/digest.js';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { type LabelledReport, syntheticReports } from '../helpers/grouping-sets.js';
import { validateSlackPayload } from '../helpers/validate-slack-payload.js';
import { runCli } from './run-cli.js';

// SPEC 5.1 "one event, several publishers" and SPEC 6 editions[], through the real CLI over SYNTHETIC feeds
// (tests/fixtures/synthetic): one feed per publisher and language, as a sources file would list them.
const slug = (r: LabelledReport) => `${r.publisher}-${r.language}`.toLowerCase().replace(/[^a-z0-9]+/g, '-');
const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function rss(reports: LabelledReport[]): string {
  const items = reports.map(
    (r) =>
      `<item><title>${xml(r.title)}</title><link>${xml(r.url ?? '')}</link><guid isPermaLink="false">${r.id}</guid><description>${xml(r.text)}</description><pubDate>${new Date(r.publishedAt ?? 0).toUTCString()}</pubDate></item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>synthetic</title>${items.join('')}</channel></rss>`;
}

describe('one digest entry per event across publishers (CLI, offline)', () => {
  let feeds: FeedServer;
  let sources: string;
  let env: Record<string, string>;
  const reports = syntheticReports();
  const bodrum = reports.filter((r) => r.event === 'bodrum-2025-03-10');

  beforeAll(async () => {
    const bySource = new Map<string, LabelledReport[]>();
    for (const r of reports) bySource.set(slug(r), [...(bySource.get(slug(r)) ?? []), r]);
    feeds = await startFeedServer(
      Object.fromEntries([...bySource].map(([id, list]) => [`/${id}.xml`, { body: rss(list) }])),
    );
    const dir = mkdtempSync(join(tmpdir(), 'mnb-xpub-'));
    const lines = ['sources:'];
    for (const [id, list] of bySource) {
      const first = list[0] as LabelledReport;
      lines.push(
        `  - id: ${id}`,
        `    name: ${first.publisher}`,
        `    url: ${feeds.url(`/${id}.xml`)}`,
        `    language: ${first.language}`,
        '    fullText: never',
      );
    }
    sources = join(dir, 'sources.yaml');
    writeFileSync(sources, `${lines.join('\n')}\n`);
    env = { DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}` };
    const ingested = await runCli(['ingest', '--sources', sources, '--json'], env);
    expect(ingested.code).toBe(0);
  });
  afterAll(async () => {
    await feeds?.close();
  });

  const digest = async (format: string) => {
    const result = await runCli(
      ['digest', '--sources', sources, '--since', 'all', '--limit', '50', '--no-ingest', '--format', format],
      env,
    );
    expect(result.code).toBe(0);
    return result.stdout;
  };
  const findBodrum = (d: Digest) => d.items.find((i) => i.editions.some((e) => e.url === bodrum[0]?.url)) as DigestItem;

  it("JSON: one item with every publisher's edition (source, sourceName, language), primary first", async () => {
    const d = digestSchema.parse(JSON.parse(await digest('json')));
    const item = findBodrum(d);
    expect(item.editions.map((e) => e.url).sort()).toEqual(bodrum.map((r) => r.url).sort());
    expect(item.editions[0]).toMatchObject({
      url: item.url,
      source: item.source,
      sourceName: item.sourceName,
      language: item.language,
    });
    expect(item.editions.map((e) => e.sourceName).sort()).toEqual(['Al Jazeera', 'BBC', 'InfoMigrants']);
    expect(new Set(item.editions.map((e) => e.source)).size).toBe(3);
    // No other item holds a Bodrum edition; the other Bodrum shipwreck, four days later, is its own item.
    expect(d.items.filter((i) => i.editions.some((e) => bodrum.some((r) => r.url === e.url)))).toHaveLength(1);
    const later = d.items.find((i) => i.editions.some((e) => e.url?.includes('bodrum2-bbc-en')));
    expect(later?.id).not.toBe(item.id);
    // 20 reports, 9 events of two or three reports: every event is one item, no report is lost.
    expect(d.items.flatMap((i) => i.editions)).toHaveLength(reports.length);
  });

  it('text: the console names the other publishers', async () => {
    const text = await digest('text');
    expect(text).toMatch(/Also reported by: [^\n]*(Al Jazeera|BBC|InfoMigrants)/);
  });

  it('Slack: the item links every edition and says "Also reported by", within Block Kit limits', async () => {
    const d = digestSchema.parse(JSON.parse(await digest('json')));
    const item = findBodrum(d);
    const payloads = JSON.parse(await digest('slack')) as unknown[];
    for (const p of payloads) expect(validateSlackPayload(p)).toEqual([]);
    const all = JSON.stringify(payloads);
    for (const e of item.editions) expect(all).toContain(e.url as string);
    const others = item.editions.filter((e) => e.sourceName !== item.sourceName).map((e) => e.sourceName as string);
    // The item's context block: its edition links and, beside them, the other publishers.
    type Block = { type: string; elements?: Array<{ text?: string }> };
    const blocks = payloads.flatMap((p) => (p as { blocks: Block[] }).blocks);
    const context = blocks.find(
      (b) => b.type === 'context' && b.elements?.some((e) => e.text?.includes(item.editions[1]?.url as string)),
    );
    const line = context?.elements?.map((e) => e.text ?? '').find((t) => t.startsWith('Also reported by: ')) ?? '';
    for (const name of others) expect(line).toContain(name);
    expect(line).not.toContain(item.sourceName);
  });

  it('Teams: the card links every edition and says "Also reported by", within the activity size limit', async () => {
    const d = digestSchema.parse(JSON.parse(await digest('json')));
    const item = findBodrum(d);
    const activities = JSON.parse(await digest('teams')) as unknown[];
    for (const a of activities) expect(Buffer.byteLength(JSON.stringify(a))).toBeLessThanOrEqual(MAX_ACTIVITY_BYTES);
    const all = JSON.stringify(activities);
    for (const e of item.editions) expect(all).toContain(e.url as string);
    const others = item.editions.filter((e) => e.sourceName !== item.sourceName).map((e) => e.sourceName as string);
    expect(all).toMatch(new RegExp(`Also reported by: [^"]*${others[0]}`));
  });
});
