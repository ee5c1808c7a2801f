import { xmlValue } from './xml-value.js';

/**
 * Text of a node of the XML tree (read-xml-tree.ts: string, `{ '#text': ... }` or an array of
 * those), with XML entities decoded. Missing nodes give ''.
 */
export function nodeText(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (Array.isArray(node)) return nodeText(node[0]);
  if (typeof node === 'object') return nodeText((node as Record<string, unknown>)['#text']);
  return xmlValue(String(node)).trim();
}
