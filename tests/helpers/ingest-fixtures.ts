import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeText } from '../../src/http/decode-text.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The project's copy of the development fixtures (provenance in tests/fixtures/README.md). */
export const fixturesDir = join(root, 'tests/fixtures');
if (!existsSync(join(fixturesDir, 'feeds-corpus'))) throw new Error(`fixtures not found in ${fixturesDir}`);

export interface FixtureArticle {
  id: string;
  lang: string;
  title: string;
  text: string;
  url: string | null;
  published: string | null;
  item_type: 'full_article' | 'feed_item';
  migration_related: boolean | 'borderline';
}

export const feedFile = (name: string) => join(fixturesDir, 'feeds', name);
export const readFeed = (name: string) => readFileSync(feedFile(name), 'utf8');
export const feedNames = readdirSync(join(fixturesDir, 'feeds')).filter((f) => f.endsWith('.xml'));
export const articles: FixtureArticle[] = readdirSync(join(fixturesDir, 'articles'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(fixturesDir, 'articles', f), 'utf8')) as FixtureArticle);
export const corpusDir = join(fixturesDir, 'feeds-corpus');

/** Every file under `dir`, at any depth. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}
/** Paragraph lines of an article text (the fixtures separate paragraphs with blank lines). */
export const paragraphs = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .join('\n');

/**
 * Encodes text in a single-byte legacy encoding (windows-1256, iso-8859-2...) by inverting the
 * platform's TextDecoder (windows-1252 as decodeText reads it); characters the encoding lacks become "?". Returns the bytes and the text
 * they stand for.
 */
export function encodeSingleByte(text: string, encoding: string): { bytes: Buffer; text: string } {
  const charset = new TextDecoder(encoding).encoding;
  const table = new Map<string, number>();
  for (let byte = 0; byte < 256; byte++) table.set(decodeText(Uint8Array.of(byte), charset), byte);
  const bytes: number[] = [];
  let representable = '';
  for (const char of text) {
    const byte = table.get(char);
    bytes.push(byte ?? 0x3f);
    representable += byte === undefined ? '?' : char;
  }
  return { bytes: Buffer.from(bytes), text: representable };
}
