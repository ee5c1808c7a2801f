import { readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/domain/errors.js';
import { decodeBody } from '../../../src/http/decode-body.js';
import { parseFeed } from '../../../src/feeds/parse-feed.js';
import { corpusDir, filesUnder } from '../../helpers/ingest-fixtures.js';

const corpus = filesUnder(corpusDir).filter((path) => basename(path) !== 'README.md');
const parse = (name: string) => parseFeed(decodeBody(readFileSync(join(corpusDir, name))).text);

describe('parseFeed on the third-party robustness corpus (rss-parser, gofeed test inputs)', () => {
  it('never throws anything but a SourceError, and reads most files as feeds', () => {
    expect(corpus.length).toBeGreaterThan(450);
    const unexpected: string[] = [];
    const refused: string[] = [];
    for (const path of corpus) {
      try {
        const feed = parseFeed(decodeBody(readFileSync(path)).text);
        for (const item of feed.items) {
          expect(typeof item.title).toBe('string');
          expect(item.url === null || /^https?:\/\//.test(item.url)).toBe(true);
        }
      } catch (error) {
        if (error instanceof SourceError) refused.push(`${relative(corpusDir, path)} ${error.code}`);
        else unexpected.push(`${relative(corpusDir, path)}: ${String(error)}`);
      }
    }
    expect(unexpected).toEqual([]);
    // Empty, unknown-root, invalid JSON and a few deliberately broken test inputs.
    expect(refused.length).toBeLessThan(15);
    expect(refused.every((r) => r.endsWith('FEED_MALFORMED'))).toBe(true);
  });

  it('decodes legacy encodings declared in the XML declaration or not at all', () => {
    expect(parse('rss-parser/latin2.rss').items[0]?.title).toBe('ZAŻÓŁĆ GĘSLĄ JAŹŃ');
    expect(parse('rss-parser/encoding-gb2312.xml').items[0]?.title).toBe(
      '拟298亿元重组盛大游戏后 世纪华通发20亿回购预案',
    );
    // ISO-8859-1 bytes with no declaration at all.
    expect(parse('rss-parser/uolNoticias.rss').items[0]?.title).toBe(
      'Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno',
    );
  });

  it('reads RSS 1.0, Atom 0.3, JSON Feed and a feed with a byte-order mark', () => {
    expect(parse('rss-parser/rss-1.rss').items.length).toBeGreaterThan(0);
    expect(parse('gofeed/universal/atom03_feed.xml').type).toBe('atom');
    expect(parse('gofeed/universal/json11_feed.json').type).toBe('jsonfeed');
    expect(parse('gofeed/universal/rss_feed_bom.xml').type).toBe('rss');
  });

  it('turns entity-escaped HTML descriptions into text', () => {
    const [item] = parse('rss-parser/reddit.rss').items;
    expect(item?.teaser).toContain('submitted by cakebeerandmorebeer to funny');
    expect(item?.teaser).not.toMatch(/<|&lt;|&#34;/);
  });
});
