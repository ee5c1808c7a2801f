import { QuoteType, Tokenizer } from 'htmlparser2';
import type { XmlNode } from './xml-node.js';

/** How the feed readers want the tree: which elements are always lists, which are kept as written. */
export interface XmlTreeOptions {
  /** Element names that are a list even when they occur once (`item`, `entry`, `link`). */
  arrays: ReadonlySet<string>;
  /** Element names whose content is kept as written, markup and CDATA included (text constructs). */
  raw: ReadonlySet<string>;
  /** Told the names of the elements still open when the document ends (outermost first): a feed cut short. */
  onUnclosed?: (names: string[]) => void;
  /** A namespace prefix the document puts on every element (`atom:` for `<atom:feed>`): element names lose it. */
  prefix?: string;
}

/** An element being read: its children and attributes so far, and its text in pieces. */
interface OpenElement {
  name: string;
  node: XmlNode;
  attributes: boolean;
  text: string | undefined;
  /** Text since the last child, CDATA section or processing instruction; trimmed when the piece ends. */
  pending: string;
}

/** A raw element being read as text: the element, the markup open inside it (names), where its content starts. */
interface RawElement {
  element: OpenElement;
  inner: string[];
  start: number;
}

/**
 * Reads an XML document into the plain tree the feed readers walk: the shape fast-xml-parser 5 gives with attributes
 * under `@_name` (trimmed), text under `#text`, entities left as written, and the same leniency:
 * - an element with text only is that text ('' when empty); one with attributes or children is an object;
 * - each piece of text between children is trimmed (a comment does not end a piece), CDATA is kept as written;
 * - an element occurring twice becomes a list;
 * - a closing tag closes the element open, whatever its name (a typo does not swallow the rest of the feed), except
 *   that one naming an enclosing element closes everything up to it (an unclosed `<br>` or `<item>` before it);
 * - a `raw` element's content is the document text up to its own closing tag, markup included, or up to the closing
 *   tag of an element around it when its own never comes (`<description>` left open before `</item>`).
 * htmlparser2's tokenizer finds the tags (several times faster than building fast-xml-parser's tree). Throws, as a
 * parser of XML does, on a document that ends inside a tag, a comment, a CDATA section or a raw element.
 */
export function readXmlTree(document: string, options: XmlTreeOptions): XmlNode {
  // Line ends are normalised first, as XML requires (raw content is sliced from this text).
  const source = document.includes('\r') ? document.replace(/\r\n?/g, '\n') : document;
  // The tokenizer drops a tag the document ends inside: a feed cut short.
  if (source.lastIndexOf('<') > source.lastIndexOf('>')) throw new Error('the document ends inside a tag');

  const top: OpenElement = { name: '', node: {}, attributes: false, text: undefined, pending: '' };
  const stack: OpenElement[] = [top];
  let current = top;
  let raw: RawElement | null = null;
  let tagName = '';
  const prefix = options.prefix ? `${options.prefix}:` : null;
  const nameAt = (start: number, end: number) => {
    const name = source.slice(start, end);
    return prefix && name.startsWith(prefix) ? name.slice(prefix.length) : name;
  };
  let attributes: XmlNode | null = null;
  let attributeName = '';
  let attributeValue = '';

  const close = () => {
    const element = stack.pop() as OpenElement;
    current = stack[stack.length - 1] as OpenElement;
    flush(element);
    add(current.node, element.name, elementValue(element), options.arrays);
  };
  const open = (selfClosing: boolean) => {
    flush(current);
    const element: OpenElement = {
      name: tagName,
      node: attributes ?? {},
      attributes: attributes !== null,
      text: undefined,
      pending: '',
    };
    attributes = null;
    if (selfClosing) {
      add(current.node, element.name, elementValue(element), options.arrays);
      return;
    }
    stack.push(element);
    current = element;
  };

  const tokenizer = new Tokenizer(
    { xmlMode: true, decodeEntities: false },
    {
      onopentagname(start, end) {
        tagName = nameAt(start, end);
        attributes = null;
      },
      onattribname(start, end) {
        attributeName = source.slice(start, end);
        attributeValue = '';
      },
      onattribdata(start, end) {
        attributeValue += source.slice(start, end);
      },
      onattribentity() {
        // Entities are not decoded (decodeEntities: false): never called.
      },
      onattribend(quote) {
        // An attribute without a quoted value is not XML: left out, as fast-xml-parser does.
        if (raw || (quote !== QuoteType.Double && quote !== QuoteType.Single)) return;
        attributes ??= {};
        attributes[`@_${attributeName}`] = attributeValue.trim();
      },
      onopentagend(end) {
        if (raw) {
          raw.inner.push(tagName);
          return;
        }
        open(false);
        if (options.raw.has(tagName)) raw = { element: current, inner: [], start: end + 1 };
      },
      onselfclosingtag() {
        if (!raw) open(true);
      },
      onclosetag(start, end) {
        if (raw) {
          const name = nameAt(start, end);
          // Markup inside the text: closes what it names there (and what was left open inside that).
          const inside = lastIndexNear(raw.inner, name, 0);
          if (inside >= 0) {
            raw.inner.length = inside;
            return;
          }
          // The raw element is the top of the stack: an element around it is below.
          const around = name !== raw.element.name && lastIndexNear(stack, name, 1) >= 0;
          if (name !== raw.element.name && !around) return; // a stray closing tag in the text (</p> with no <p>)
          // Its own closing tag, or one of an element around it (</item>: it was never closed, and ends here).
          raw.element.text = source.slice(raw.start, start - 2);
          raw = null;
        }
        if (stack.length <= 1) return;
        // Well-formed XML closes the current element; compared in place, as this runs for every element.
        if (end - start !== current.name.length || !source.startsWith(current.name, start)) {
          const name = nameAt(start, end);
          const at = lastIndexNear(stack, name, 1);
          while (at > 0 && stack.length - 1 > at) close();
        }
        close();
      },
      ontext(start, end) {
        if (!raw) current.pending += source.slice(start, end);
      },
      ontextentity() {
        // Entities are not decoded: never called.
      },
      oncdata(start, end, offset) {
        if (offset === 0) throw new Error('CDATA is not closed');
        if (raw) return;
        flush(current);
        current.text = (current.text ?? '') + source.slice(start, end - offset);
      },
      oncomment(_start, _end, offset) {
        // Text on both sides of a comment is one piece.
        if (offset === 0) throw new Error('Comment is not closed');
      },
      onprocessinginstruction() {
        if (!raw) flush(current);
      },
      ondeclaration() {
        // <!DOCTYPE ...>: entity declarations were refused before (parse-feed.ts); nothing else is used.
      },
      onend() {
        if (raw) throw new Error(`Unexpected end of ${raw.element.name}`);
        if (stack.length > 1) options.onUnclosed?.(stack.slice(1).map((element) => element.name));
        while (stack.length > 1) close();
      },
    },
  );
  tokenizer.write(source);
  tokenizer.end();
  return top.node;
}

/** How far up the open elements a closing tag's name is looked for: feeds are shallow, and a hostile document of
 * thousands of unclosed elements and mismatched closing tags must stay linear. */
const NEAR = 256;

/** Index of the last of the top NEAR entries (at `from` or above) named `name`, or -1. */
function lastIndexNear(list: ReadonlyArray<string | { name: string }>, name: string, from: number): number {
  for (let i = list.length - 1; i >= from && i >= list.length - NEAR; i--) {
    const entry = list[i] as string | { name: string };
    if ((typeof entry === 'string' ? entry : entry.name) === name) return i;
  }
  return -1;
}

/** The pending piece of text, trimmed, joins the element's text. */
function flush(element: OpenElement): void {
  const piece = element.pending.trim();
  element.pending = '';
  if (piece) element.text = element.text === undefined ? piece : element.text + piece;
}

function add(parent: XmlNode, tag: string, value: unknown, arrays: ReadonlySet<string>): void {
  // `__proto__` would set the prototype of a plain object: kept under another key, as fast-xml-parser does.
  const name = tag === '__proto__' ? '#__proto__' : tag;
  if (!Object.hasOwn(parent, name)) {
    parent[name] = arrays.has(name) ? [value] : value;
    return;
  }
  const existing = parent[name];
  if (Array.isArray(existing)) existing.push(value);
  else parent[name] = [existing, value];
}

/** '' when empty, the text alone when there is nothing else, else the object with its text under `#text`. */
function elementValue(element: OpenElement): unknown {
  const { node, text } = element;
  if (!element.attributes && Object.keys(node).length === 0) return text ?? '';
  if (text) node['#text'] = text;
  return node;
}
