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

const hasOwn = (node: unknown, name: string) => !!node && typeof node === 'object' && Object.hasOwn(node, name);

/** A repeated element as a list, with any left inside one of them by an unclosed tag (`<item>` never closed) after it. */
export function asFlatList(value: unknown, name: string): unknown[] {
  const list = asList(value);
  if (!list.some((node) => hasOwn(node, name))) return list;
  // Depth first, in document order, without recursion: thousands of unclosed items nest that deep.
  const out: unknown[] = [];
  const pending = list.toReversed();
  while (pending.length > 0) {
    const node = pending.pop();
    out.push(node);
    if (!hasOwn(node, name)) continue;
    const nested = asList((node as XmlNode)[name]);
    for (let i = nested.length - 1; i >= 0; i--) pending.push(nested[i]);
  }
  return out;
}
