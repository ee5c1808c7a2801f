import { SourceError } from '../domain/errors.js';
import type { FeedItem, FeedType, LanguageCode } from '../domain/types.js';
import { readAtom } from './read-atom.js';
import { readJsonFeed } from './read-json-feed.js';
import { readRss } from './read-rss.js';
import { readXmlTree, type XmlTreeOptions } from './read-xml-tree.js';
import { resolveHttpUrl } from '../http/resolve-http-url.js';

export interface ParsedFeed {
  /** The format found in the document (a configured type is only a hint). */
  type: FeedType;
  title: string;
  /** Declared feed language (channel language, xml:lang, JSON Feed language), primary tag. */
  language: LanguageCode | null;
  /** The site the feed belongs to, when declared. */
  link: string | null;
  items: FeedItem[];
}

export interface ParseFeedOptions {
  type?: FeedType;
  /** URL the feed was fetched from: relative links are resolved against it. */
  baseUrl?: string;
}

// Text constructs are kept raw: we decode CDATA/entities ourselves, and inline HTML or XHTML in them survives for the
// HTML-to-text step.
const TREE: XmlTreeOptions = {
  arrays: new Set(['item', 'entry', 'link', 'atom:link']),
  raw: new Set(['title', 'description', 'content:encoded', 'summary', 'content', 'dc:description']),
};

/** Entity declarations are how billion-laughs bombs and XXE work; a news feed never needs them. */
function refuseEntityDeclarations(text: string): void {
  // The whole text, not a fixed-size head: a prologue padded with 70 KB of comments must not hide the DOCTYPE.
  const doctype = text.search(/<!DOCTYPE/i);
  if (doctype === -1) return;
  if (/<!ENTITY/i.test(text.slice(doctype))) {
    throw new SourceError(
      'FEED_ENTITY_REFUSED',
      'Refusing XML with a DOCTYPE that declares entities (entity expansion / XXE)',
    );
  }
}

function rootOf(doc: Record<string, unknown>): [string, Record<string, unknown>] | null {
  for (const [name, value] of Object.entries(doc)) {
    if (name.startsWith('?') || name.startsWith('#')) continue;
    const node = Array.isArray(value) ? value[0] : value;
    return [name, node && typeof node === 'object' ? (node as Record<string, unknown>) : {}];
  }
  return null;
}

/**
 * Parses an RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed document into plain-text items.
 * Throws SourceError FEED_MALFORMED (not a feed, broken XML/JSON) or FEED_ENTITY_REFUSED.
 */
export function parseFeed(text: string, options: ParseFeedOptions = {}): ParsedFeed {
  try {
    return parseDocument(text, options);
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError('FEED_MALFORMED', `Unreadable feed: ${(error as Error).message}`, { cause: error });
  }
}

/** How a feed document may start: its declaration, a comment or doctype before the root, or the root itself. */
const FEED_START = /^(?:<\?xml|<!--|<!DOCTYPE|<(?:\w+:)?(?:rss|feed|RDF)\b|\{)/i;
/** How far into the body a server's warnings may push the XML declaration. */
const JUNK_MAX = 16_384;

/**
 * A PHP or CMS warning printed before the feed ("Warning: ... on line 12", "<br /><b>Deprecated</b>...") makes the
 * document unreadable XML; the feed after it is whole. Only a body that does not start as a feed is looked into.
 */
function skipLeadingJunk(text: string): string {
  if (FEED_START.test(text)) return text;
  const declaration = text.slice(0, JUNK_MAX).indexOf('<?xml');
  return declaration > 0 ? text.slice(declaration) : text;
}

function parseDocument(text: string, options: ParseFeedOptions): ParsedFeed {
  const trimmed = skipLeadingJunk(text.replace(/^[\ufeff\s]+/, ''));
  if (!trimmed) throw new SourceError('FEED_MALFORMED', 'Empty document: expected an RSS, Atom or JSON feed');
  if (trimmed.startsWith('{') || (options.type === 'jsonfeed' && !trimmed.startsWith('<'))) {
    return readJsonFeed(trimmed, options.baseUrl);
  }
  if (!trimmed.startsWith('<')) {
    throw new SourceError('FEED_MALFORMED', `Not a feed: document starts with ${JSON.stringify(trimmed.slice(0, 40))}`);
  }
  refuseEntityDeclarations(trimmed);

  let unclosed: string[] = [];
  const read = (prefix?: string) => {
    unclosed = [];
    try {
      return readXmlTree(trimmed, {
        ...TREE,
        onUnclosed: (names) => (unclosed = names),
        ...(prefix ? { prefix } : {}),
      });
    } catch (error) {
      throw new SourceError('FEED_MALFORMED', `Malformed XML: ${(error as Error).message}`, { cause: error });
    }
  };
  let doc = read();
  let root = rootOf(doc);
  if (!root) throw new SourceError('FEED_MALFORMED', 'Malformed XML: no root element');
  // <atom:feed> or <rss:rss>: every element carries the prefix the readers do not expect; read again without it.
  const prefix = /^(\w[\w.-]*):(?:feed|rss)$/i.exec(root[0])?.[1];
  if (prefix) {
    doc = read(prefix);
    root = rootOf(doc) ?? root;
  }
  const [name, node] = root;
  // A body that stops between two elements parses, but its last item may be half there: read it at the next poll.
  if (unclosed.length > 0) {
    throw new SourceError(
      'FEED_MALFORMED',
      `Malformed XML: the document ends before </${unclosed[0]}> (still open: ${unclosed.map((n) => `<${n}>`).join(' ')}): a feed cut short`,
    );
  }
  const local = name.slice(name.indexOf(':') + 1).toLowerCase();
  if (local === 'rss' || local === 'rdf') return readRss(node, options.baseUrl);
  if (local === 'feed') return readAtom(node, options.baseUrl);
  const linked = local === 'html' ? linkedFeed(trimmed, options.baseUrl) : null;
  throw new SourceError(
    'FEED_MALFORMED',
    `Not a feed: root element is <${name}>, expected <rss>, <rdf:RDF> or <feed>${linked ? `; the page links to a feed at ${linked}: configure that URL` : ''}`,
  );
}

/** The feed an HTML page announces (`<link rel="alternate" type="application/rss+xml" href>`), for the error. */
function linkedFeed(html: string, baseUrl: string | undefined): string | null {
  for (const [tag] of html.slice(0, 65_536).matchAll(/<link\b[^<>]*>/gi)) {
    if (
      !/\brel\s*=\s*["']?alternate\b/i.test(tag) ||
      !/\btype\s*=\s*["']?application\/(?:rss|atom|feed)\+(?:xml|json)/i.test(tag)
    )
      continue;
    const href = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    const url = resolveHttpUrl(href?.[1] ?? href?.[2] ?? href?.[3], baseUrl);
    if (url) return url;
  }
  return null;
}
