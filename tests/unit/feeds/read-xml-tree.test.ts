import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { readXmlTree, type XmlTreeOptions } from '../../../src/feeds/read-xml-tree.js';
import { filesUnder, fixturesDir } from '../../helpers/ingest-fixtures.js';
import { prng } from '../../helpers/prng.js';

/**
 * The feed readers walked fast-xml-parser's tree until htmlparser2's tokenizer replaced it (6x faster). The reference
 * stays here: on well-formed XML the new tree must be the same object, so every reader sees what it saw before.
 */
const TREE: XmlTreeOptions = {
  arrays: new Set(['item', 'entry', 'link', 'atom:link']),
  raw: new Set(['title', 'description', 'content:encoded', 'summary', 'content', 'dc:description']),
};
const reference = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => TREE.arrays.has(name),
  stopNodes: [...TREE.raw].map((name) => `..${name}`),
});
const read = (xml: string) => readXmlTree(xml, TREE);

/** Every XML fixture: the published feeds and the third-party robustness corpus (rss-parser, gofeed inputs). */
const documents = [...filesUnder(join(fixturesDir, 'feeds')), ...filesUnder(join(fixturesDir, 'feeds-corpus'))]
  .filter((path) => /\.(xml|rss|atom)$/.test(path))
  .map((path) => ({
    path,
    xml: readFileSync(path, 'utf8').replace(/^[\ufeff\s]+/, ''),
  }));

/**
 * Four gofeed inputs close a <title> with </subtitle>. fast-xml-parser refuses them; the title here ends where the
 * element around it does (a text element never closed does not swallow what follows), as gofeed reads them.
 */
const misclosedTitle = (xml: string) => xml.includes('</subtitle>') && !xml.includes('<subtitle');

/** The document's root element (what parse-feed.ts reads), as `[name, node]`. */
function rootOf(doc: Record<string, unknown>): [string, unknown] | null {
  for (const [name, node] of Object.entries(doc))
    if (!name.startsWith('?') && !name.startsWith('#')) return [name, node];
  return null;
}

/** Both parsers on one document: the same root, or the same refusal. */
function compare(xml: string): 'same' | 'both refused' | 'different' | 'only the reference refused' {
  let expected: Record<string, unknown> | undefined;
  let actual: Record<string, unknown> | undefined;
  try {
    expected = reference.parse(xml) as Record<string, unknown>;
  } catch {}
  try {
    actual = read(xml);
  } catch {}
  if (!expected && !actual) return 'both refused';
  if (!expected) return 'only the reference refused';
  if (!actual) return 'different';
  return isDeepStrictEqual(rootOf(expected), rootOf(actual)) ? 'same' : 'different';
}

/** What may come before the root element: declaration, processing instructions, comments, doctype. */
const PROLOG = /^(?:\s*(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>))*\s*(?=<[A-Za-z])/;

/** Well-formed pieces of XML the way feeds carry them, inserted between tags by the mutation test. */
const PIECES = [
  '<!-- a comment -->',
  '<![CDATA[ x & y <b>not a tag</b> ]]>',
  '<![CDATA[]]>',
  '\r\n',
  '\r',
  '  \n\t ',
  ' &amp; ',
  '&#x627;&#1604;',
  '<b>bold</b>',
  '<br/>',
  '<x a="1" b=\'2\' c d=e>t</x>',
  '<link href=" http://example.org/a "/>',
  '<link rel="alternate" hreflang="ar" href="http://example.org/ar"/>',
  '<atom:link rel="self" href="http://example.org/feed"/>',
  '<item/>',
  '<item><title>t</title><guid isPermaLink="false">g</guid></item>',
  '<entry><title type="html">&lt;b&gt;t&lt;/b&gt;</title><id>urn:x</id></entry>',
  '<?processing instruction?>',
  '<a:b xml:lang="fr">z</a:b>',
  '<description><p>never closed</description>',
  '<title> a <b>b</b> &lt; c </title>',
  'loose text',
  ' text and <![CDATA[cdata]]> mixed ',
  '<summary type="html">&lt;p&gt;x&lt;/p&gt;</summary>',
  '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>x</p></div></content>',
  '<content:encoded><![CDATA[<p>body </content:encoded> still body</p>]]></content:encoded>',
  '<dc:date>2025-11-16T01:58:03Z</dc:date>',
  'مهاجرون',
];

describe('readXmlTree (the XML tree the feed readers walk)', () => {
  it('gives exactly the tree fast-xml-parser gave, on every XML fixture', () => {
    expect(documents.length).toBeGreaterThan(450);
    const outcomes = documents.map(({ path, xml }) => ({ path, outcome: compare(xml) }));
    const lenient = (o: (typeof outcomes)[number]) =>
      o.outcome === 'only the reference refused' && misclosedTitle(documents.find((d) => d.path === o.path)?.xml ?? '');
    expect(outcomes.filter((o) => o.outcome !== 'same' && o.outcome !== 'both refused' && !lenient(o))).toEqual([]);
    expect(outcomes.filter(lenient)).toHaveLength(4);
    expect(outcomes.filter((o) => o.outcome === 'same').length).toBeGreaterThan(450);
  });

  it('gives the same tree on 6,000 fixtures changed the way feeds vary (comments, CDATA, CRLF, markup, nesting)', () => {
    const random = prng(7);
    const small = documents.filter((d) => d.xml.length < 20_000);
    const counts = { same: 0, 'both refused': 0, different: 0, 'only the reference refused': 0 };
    const different: string[] = [];
    for (let n = 0; n < 6_000; n++) {
      const { path, xml: original } = small[Math.floor(random() * small.length)] as (typeof small)[number];
      let xml = original;
      // Inside the root element only: what comes before the root is not read.
      const prolog = PROLOG.exec(original);
      if (!prolog) continue;
      const afterRoot = original.indexOf('>', prolog[0].length) + 1;
      for (let k = 1 + Math.floor(random() * 3); k > 0; k--) {
        const at = xml.indexOf('>', Math.max(afterRoot, Math.floor(random() * xml.length))) + 1;
        if (at === 0) continue;
        xml = xml.slice(0, at) + PIECES[Math.floor(random() * PIECES.length)] + xml.slice(at);
      }
      const outcome = compare(xml);
      // Read here, refused there: only the misclosed titles above, whatever the pieces added.
      if (outcome === 'only the reference refused' && misclosedTitle(original)) continue;
      counts[outcome]++;
      if (outcome === 'different') different.push(`${path}: ${xml}`);
    }
    expect(different).toEqual([]);
    expect(counts.same).toBeGreaterThan(4_000);
    // The reference refuses nothing these pieces make except what the next test shows.
    expect(counts['only the reference refused']).toBe(0);
  });

  it('keeps a raw element as written, up to its own closing tag (CDATA and other markup included)', () => {
    const tree = read(
      '<rss><channel><item><title> A <b>bold</b> &amp; title </title><description><![CDATA[<p>x</description> y</p>]]></description><guid>g</guid></item></channel></rss>',
    );
    const item = ((tree.rss as Record<string, unknown>).channel as Record<string, unknown[]>).item?.[0];
    expect(item).toEqual({
      title: ' A <b>bold</b> &amp; title ',
      description: '<![CDATA[<p>x</description> y</p>]]>',
      guid: 'g',
    });
  });

  it('reads attributes and text as the readers expect: trimmed, quoted only, entities left as written', () => {
    expect(read('<feed><link href=" http://e.org/?a=1&amp;b=2 " rel=alternate hidden/>\r\n</feed>')).toEqual({
      feed: { link: [{ '@_href': 'http://e.org/?a=1&amp;b=2' }] },
    });
    expect(read('<r><a>x<!-- c -->y <b/> z<![CDATA[ w ]]></a><a/><a k="v"/></r>')).toEqual({
      r: { a: [{ b: '', '#text': 'xyz w ' }, '', { '@_k': 'v' }] },
    });
    // A processing instruction ends a piece of text (a comment does not).
    expect(read('<r><a>x <?pi?> y <!-- c --> z</a></r>')).toEqual({ r: { a: 'xy  z' } });
    expect(reference.parse('<r><a>x <?pi?> y <!-- c --> z</a></r>')).toEqual({ r: { a: 'xy  z' } });
  });

  it('closes the open element at a misspelt closing tag, so a typo does not swallow the rest of the feed', () => {
    expect(read('<rss><channel><item><guid>a</gid><link>http://e.org/1</link></item></channel></rss>')).toEqual({
      rss: { channel: { item: [{ guid: 'a', link: ['http://e.org/1'] }] } },
    });
  });

  it('never sets a prototype: __proto__ is kept under another key, constructor is an ordinary element', () => {
    const tree = read('<rss><__proto__><polluted>yes</polluted></__proto__><constructor>c</constructor></rss>');
    const rss = tree.rss as Record<string, unknown>;
    expect(Object.getPrototypeOf(rss)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(rss['#__proto__']).toEqual({ polluted: 'yes' });
    // fast-xml-parser refused the whole feed for an element named constructor; a feed reader has no reason to.
    expect(rss.constructor).toBe('c');
  });

  it.each([
    ['ends inside a tag', '<rss><channel><item><ti', /ends inside a tag/],
    ['ends inside an attribute', '<rss><channel><link href="http://e.org/', /ends inside a tag/],
    ['ends inside CDATA', '<rss><channel><guid><![CDATA[a > b', /CDATA is not closed/],
    ['ends inside a comment', '<rss><channel><!-- a > b', /Comment is not closed/],
    ['ends inside a raw element', '<rss><channel><item><description><p>cut</p>', /Unexpected end of description/],
  ])('refuses a document that %s (a feed cut short)', (_case, xml, message) => {
    expect(() => read(xml)).toThrow(message);
  });

  it('keeps the elements a document leaves open at its end, as the reference did', () => {
    expect(read('<rss><channel><item><guid>a</guid></item>')).toEqual({ rss: { channel: { item: [{ guid: 'a' }] } } });
  });
});
