/** A node of the tree read-xml-tree.ts reads: attributes under `@_name`, text under `#text`. */
export type XmlNode = Record<string, unknown>;

/** The node itself, or the first of a repeated element; {} for a missing or text-only node. */
export function asNode(value: unknown): XmlNode {
  if (Array.isArray(value)) return asNode(value[0]);
  return value && typeof value === 'object' ? (value as XmlNode) : {};
}

/** A repeated element as a list, whether it occurred once, several times or not at all. */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
