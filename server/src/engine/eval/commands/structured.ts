// JSON and XML trees for spath, xmlkv and fromjson. Both parsers are iterative and tolerant where
// Splunk is (XML end tags that do not match, unknown entities), keep each node's source range (spath
// returns an object or array as its JSON text) and keep JSON numbers as written.
import { decodeXmlEntities } from '../../readers/xmlEntities';

export type JsonNode =
  | { kind: 'object'; start: number; end: number; entries: Array<[string, JsonNode]> }
  | { kind: 'array'; start: number; end: number; items: JsonNode[] }
  /** A string (decoded), a number as written, or `true` / `false` / `null`. */
  | { kind: 'scalar'; start: number; end: number; text: string; isNull: boolean };

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/y;
const MAX_DEPTH = 500;

/** The JSON value that is the whole text (blanks around it allowed), or undefined when it is not one. */
export function parseJson(text: string): JsonNode | undefined {
  let i = 0;
  const space = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const scalar = (): JsonNode | undefined => {
    const start = i;
    if (text[i] === '"') {
      STRING.lastIndex = i;
      const m = STRING.exec(text);
      if (!m) return undefined;
      i += m[0].length;
      return { kind: 'scalar', start, end: i, text: JSON.parse(m[0]) as string, isNull: false };
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return { kind: 'scalar', start, end: i, text: word, isNull: word === 'null' };
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) return undefined;
    i += m[0].length;
    return { kind: 'scalar', start, end: i, text: m[0], isNull: false };
  };
  type Open = { node: Extract<JsonNode, { kind: 'object' | 'array' }>; key?: string };
  const stack: Open[] = [];
  let root: JsonNode | undefined;
  const attach = (node: JsonNode): boolean => {
    const top = stack[stack.length - 1];
    if (!top) {
      root = node;
      return true;
    }
    if (top.node.kind === 'array') top.node.items.push(node);
    else if (top.key !== undefined) {
      top.node.entries.push([top.key, node]);
      top.key = undefined;
    } else return false;
    return true;
  };
  space();
  for (;;) {
    space();
    const top = stack[stack.length - 1];
    if (top && top.node.kind === 'object' && top.key === undefined) {
      if (text[i] === '}') {
        top.node.end = ++i;
        stack.pop();
      } else {
        if (top.node.entries.length > 0) {
          if (text[i] !== ',') return undefined;
          i++;
          space();
        }
        const key = scalar();
        if (!key || key.kind !== 'scalar' || text[key.start] !== '"') return undefined;
        space();
        if (text[i++] !== ':') return undefined;
        top.key = key.text;
        continue;
      }
    } else if (top && top.node.kind === 'array' && text[i] === ']') {
      top.node.end = ++i;
      stack.pop();
    } else {
      if (top && top.node.kind === 'array' && top.node.items.length > 0) {
        if (text[i] !== ',') return undefined;
        i++;
        space();
      }
      const c = text[i];
      if (c === '{' || c === '[') {
        if (stack.length >= MAX_DEPTH) return undefined;
        const node: Open['node'] = c === '{' ? { kind: 'object', start: i, end: i, entries: [] } : { kind: 'array', start: i, end: i, items: [] };
        i++;
        if (!attach(node)) return undefined;
        stack.push({ node });
        continue;
      }
      const value = scalar();
      if (!value || !attach(value)) return undefined;
    }
    if (stack.length === 0) break;
  }
  space();
  return i === text.length ? root : undefined;
}

/**
 * Every leaf of a JSON tree by its spath name (keys joined by `.`, `{}` for an array level), in
 * document order; `null` leaves are left out.
 */
export function flattenJson(node: JsonNode, prefix = ''): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk: Array<[JsonNode, string]> = [[node, prefix]];
  while (walk.length > 0) {
    const [current, name] = walk.pop()!;
    if (current.kind === 'scalar') {
      if (!current.isNull) out.push([name, current.text]);
    } else if (current.kind === 'array') {
      for (let k = current.items.length - 1; k >= 0; k--) walk.push([current.items[k], `${name}{}`]);
    } else {
      for (let k = current.entries.length - 1; k >= 0; k--) {
        const [key, child] = current.entries[k];
        walk.push([child, name === '' ? key : `${name}.${key}`]);
      }
    }
  }
  return out;
}

/** The JSON text of a node: a scalar's value, an object's or array's source text. */
export function jsonText(node: JsonNode, source: string): string {
  return node.kind === 'scalar' ? node.text : source.slice(node.start, node.end);
}

export interface XmlElement {
  name: string;
  attributes: Array<[string, string]>;
  children: XmlElement[];
  /** The element's own text (entities decoded, CDATA included), trimmed. */
  text: string;
}

const TAG = /<(\/?)([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The top-level elements of an XML text (a document or a fragment); undefined when there is none. */
export function parseXml(text: string): XmlElement[] | undefined {
  const roots: XmlElement[] = [];
  const stack: Array<{ element: XmlElement; text: string[] }> = [];
  let i = 0;
  const addText = (piece: string) => {
    const top = stack[stack.length - 1];
    if (top && piece !== '') top.text.push(piece);
  };
  const close = () => {
    const { element, text: pieces } = stack.pop()!;
    element.text = pieces.join('').trim();
  };
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    addText(decodeXmlEntities(text.slice(i, lt)));
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      i = end < 0 ? text.length : end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      addText(text.slice(lt + 9, end < 0 ? text.length : end));
      i = end < 0 ? text.length : end + 3;
      continue;
    }
    if (text[lt + 1] === '?' || text[lt + 1] === '!') {
      const end = text.indexOf('>', lt);
      i = end < 0 ? text.length : end + 1;
      continue;
    }
    TAG.lastIndex = lt;
    const m = TAG.exec(text);
    if (!m) {
      addText('<');
      i = lt + 1;
      continue;
    }
    i = TAG.lastIndex;
    const [, closing, name, attributeText, selfClosing] = m;
    if (closing) {
      const at = stack.map((s) => s.element.name).lastIndexOf(name);
      if (at >= 0) while (stack.length > at) close();
      continue;
    }
    const element: XmlElement = { name, attributes: [], children: [], text: '' };
    for (const a of attributeText.matchAll(ATTRIBUTE)) element.attributes.push([a[1], decodeXmlEntities(a[2] ?? a[3] ?? '')]);
    const parent = stack[stack.length - 1];
    if (parent) parent.element.children.push(element);
    else roots.push(element);
    if (!selfClosing) {
      if (stack.length >= MAX_DEPTH) return undefined;
      stack.push({ element, text: [] });
    }
  }
  while (stack.length > 0) close();
  return roots.length > 0 ? roots : undefined;
}

/**
 * Every value of an XML tree by its spath name: element names joined by `.` (the root included), an
 * attribute as `path{@name}`; an element's text when it is not empty.
 */
export function flattenXml(roots: XmlElement[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk: Array<[XmlElement, string]> = roots.map((r) => [r, r.name] as [XmlElement, string]).reverse();
  while (walk.length > 0) {
    const [element, name] = walk.pop()!;
    for (const [attribute, value] of element.attributes) if (value !== '') out.push([`${name}{@${attribute}}`, value]);
    if (element.text !== '') out.push([name, element.text]);
    for (let k = element.children.length - 1; k >= 0; k--) walk.push([element.children[k], `${name}.${element.children[k].name}`]);
  }
  return out;
}
