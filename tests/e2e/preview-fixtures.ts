import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEMO_SOURCES = join(ROOT, 'examples', 'sources.yaml');

/** What a hostile feed puts in its title and text: markup that would run, and Slack broadcast mentions. */
export const HOSTILE = {
  sourceId: 'hostile-en',
  sourceName: 'Hostile <b>Wire</b> <!channel>',
  titleStart: 'Migrants rescued off Lampedusa',
  title: 'Migrants rescued off Lampedusa <img src=x onerror="window.__previewXss=1;alert(1)"> <!channel>',
  text: [
    'The Italian coast guard rescued 48 migrants off Lampedusa on Monday, the agency said.',
    '<script>window.__previewXss=2</script> <!here> <@U0123ABC> The boat had left Libya two days earlier.',
    'All 48 migrants were taken to the reception centre on the island, which is over capacity.',
  ].join(' '),
};

/**
 * A sources file with the demo sources of examples/sources.yaml (their feeds, by absolute path) plus a JSON Feed
 * whose title and text carry HOSTILE's payloads (JSON Feed titles are plain text, so the markup reaches the store
 * as text, as it would from a real feed). The hostile story is recent, so it is the first of the digest.
 */
export async function writePreviewSources(dir: string): Promise<string> {
  const demo = parseYaml(await readFile(DEMO_SOURCES, 'utf8')) as { sources: Array<Record<string, unknown>> };
  const sources: Array<Record<string, unknown>> = demo.sources.map((s) => ({
    ...s,
    url: resolve(dirname(DEMO_SOURCES), String(s.url)),
  }));
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: 'Hostile wire (test fixture)',
    language: 'en',
    items: [
      {
        id: 'hostile-lampedusa-1',
        url: 'https://hostile.example/news/lampedusa-rescue',
        title: HOSTILE.title,
        content_text: HOSTILE.text,
        date_published: new Date(Date.now() - 3_600_000).toISOString(),
      },
    ],
  };
  await writeFile(join(dir, 'hostile.json'), JSON.stringify(feed, null, 2));
  sources.push({
    id: HOSTILE.sourceId,
    name: HOSTILE.sourceName,
    url: join(dir, 'hostile.json'),
    language: 'en',
    type: 'jsonfeed',
    fullText: 'never',
  });
  const file = join(dir, 'sources.yaml');
  await writeFile(file, stringifyYaml({ sources }));
  return file;
}
