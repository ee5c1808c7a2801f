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

/** Raw text of a text construct (kept as written by read-xml-tree.ts), as an XML character value. */
function rawValue(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (Array.isArray(node)) return rawValue(node[0]);
  const raw = typeof node === 'object' ? (node as XmlNode)['#text'] : node;
  return raw === undefined || raw === null ? '' : xmlValue(String(raw));
}

function itemLink(item: XmlNode, bases: Array<string | null | undefined>): string | null {
  for (const link of asList(item.link)) {
    const url = resolveHttpUrl(nodeText(link) || String(asNode(link)['@_href'] ?? ''), ...bases);
    if (url) return url;
  }
  for (const link of asList(item['atom:link'])) {
    const node = asNode(link);
    const rel = String(node['@_rel'] ?? 'alternate');
    if (rel !== 'alternate') continue;
    const url = resolveHttpUrl(String(node['@_href'] ?? ''), ...bases);
    if (url) return url;
  }
  return null;
}

function readItem(item: XmlNode, channelLanguage: string | null, bases: Array<string | null | undefined>): FeedItem {
  const guidNode = asNode(item.guid);
  const guid = nodeText(item.guid) || null;
  const permalink = String(guidNode['@_isPermaLink'] ?? 'true').toLowerCase() !== 'false';
  const url = itemLink(item, bases) ?? (permalink ? resolveHttpUrl(guid) : null);
  const body = htmlToText(rawValue(item['content:encoded']));
  return finishFeedItem({
    guid,
    url,
    title: htmlToText(rawValue(item.title)).replace(/\n/g, ' '),
    teaser: htmlToText(rawValue(item.description) || rawValue(item['dc:description'])),
    body: body || null,
    publishedAt: parseFeedDate(nodeText(item.pubDate) || nodeText(item['dc:date']) || nodeText(item['atom:published'])),
    declaredLanguage:
      primaryLanguage(nodeText(item['dc:language'])) ??
      primaryLanguage(String(item['@_xml:lang'] ?? '')) ??
      channelLanguage,
  });
}

/** Reads an RSS 0.9x/2.0 `<rss>` or RSS 1.0 `<rdf:RDF>` root read by read-xml-tree.ts. */
export function readRss(root: XmlNode, baseUrl?: string): ParsedFeed {
  const channel = asNode(root.channel);
  const link = resolveHttpUrl(nodeText(channel.link), baseUrl);
  const language =
    primaryLanguage(nodeText(channel.language)) ??
    primaryLanguage(nodeText(channel['dc:language'])) ??
    primaryLanguage(String(channel['@_xml:lang'] ?? root['@_xml:lang'] ?? ''));
  const bases = [baseUrl, link];
  const items = [...asFlatList(channel.item, 'item'), ...asFlatList(root.item, 'item')].map((item) =>
    readItem(asNode(item), language, bases),
  );
  return { type: 'rss', title: htmlToText(rawValue(channel.title)).replace(/\n/g, ' '), language, link, items };
}
