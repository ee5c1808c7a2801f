import type { FeedItem } from '../domain/types.js';
import { finishFeedItem } from './finish-feed-item.js';
import { htmlToText } from './html-to-text.js';
import { nodeText } from './node-text.js';
import type { ParsedFeed } from './parse-feed.js';
import { parseFeedDate } from './parse-feed-date.js';
import { primaryLanguage } from '../text/primary-language.js';
import { resolveHttpUrl } from '../http/resolve-http-url.js';
import { asFlatList, asList, asNode, type XmlNode } from './xml-node.js';
import { xmlValue } from './xml-value.js';

/** An Atom text construct (title, summary, content; also Atom 0.3 modes) as plain text. */
function atomText(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (Array.isArray(node)) return atomText(node[0]);
  const attrs = asNode(node);
  const raw = typeof node === 'object' ? attrs['#text'] : node;
  if (raw === undefined || raw === null || attrs['@_src'] !== undefined) return '';
  const type = String(attrs['@_type'] ?? 'text').toLowerCase();
  // Base64 and other binary payloads are not text we can use.
  if (String(attrs['@_mode'] ?? '').toLowerCase() === 'base64') return '';
  const value = xmlValue(String(raw));
  if (type === 'text' || type === 'text/plain') return htmlToText(value, { plain: true });
  if (type === 'html' || type === 'xhtml' || type.includes('html') || type.startsWith('text/'))
    return htmlToText(value);
  return '';
}

interface AtomLink {
  href: string;
  rel: string;
  type: string;
  hreflang: string | null;
}

function links(entry: XmlNode, bases: Array<string | null | undefined>): AtomLink[] {
  const out: AtomLink[] = [];
  for (const link of asList(entry.link)) {
    const node = asNode(link);
    const href = resolveHttpUrl(String(node['@_href'] ?? nodeText(link)), ...bases);
    if (!href) continue;
    out.push({
      href,
      rel: String(node['@_rel'] ?? 'alternate'),
      type: String(node['@_type'] ?? ''),
      hreflang: primaryLanguage(node['@_hreflang'] as string | undefined),
    });
  }
  return out;
}

function readEntry(entry: XmlNode, feedLanguage: string | null, bases: Array<string | null | undefined>): FeedItem {
  const base = resolveHttpUrl(entry['@_xml:base'] as string | undefined, ...bases);
  const entryBases = [base, ...bases];
  const language = primaryLanguage(entry['@_xml:lang'] as string | undefined) ?? feedLanguage;
  const alternates = links(entry, entryBases).filter((l) => l.rel === 'alternate');
  const sameLanguage = alternates.filter((l) => !l.hreflang || l.hreflang === language);
  const primary = sameLanguage.find((l) => l.type.includes('html')) ?? sameLanguage[0] ?? alternates[0];
  const id = nodeText(entry.id) || null;
  const body = atomText(entry.content);
  return finishFeedItem({
    guid: id,
    url: primary?.href ?? resolveHttpUrl(id),
    title: atomText(entry.title).replace(/\n/g, ' '),
    teaser: atomText(entry.summary),
    body: body || null,
    publishedAt: parseFeedDate(
      nodeText(entry.published) ||
        nodeText(entry.issued) ||
        nodeText(entry.updated) ||
        nodeText(entry.modified) ||
        nodeText(entry.created),
    ),
    declaredLanguage: language,
    alternates: alternates
      .filter((l) => l !== primary && l.hreflang && l.hreflang !== language)
      .map((l) => ({ url: l.href, language: l.hreflang ?? '' })),
  });
}

/** Reads an Atom 1.0 or 0.3 `<feed>` root read by read-xml-tree.ts. */
export function readAtom(root: XmlNode, baseUrl?: string): ParsedFeed {
  const base = resolveHttpUrl(root['@_xml:base'] as string | undefined, baseUrl);
  const language = primaryLanguage(root['@_xml:lang'] as string | undefined);
  const feedLinks = links(root, [base, baseUrl]);
  const link = (feedLinks.find((l) => l.rel === 'alternate') ?? feedLinks[0])?.href ?? null;
  const bases = [base, baseUrl, link];
  const items = asFlatList(root.entry, 'entry').map((entry) => readEntry(asNode(entry), language, bases));
  return { type: 'atom', title: atomText(root.title).replace(/\n/g, ' '), language, link, items };
}
