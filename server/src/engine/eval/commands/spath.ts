// spath, xmlkv and fromjson: fields from JSON or XML text in a field (docs/semantics.md, "spath,
// xmlkv, fromjson"). Trees come from structured.ts.
import type { SingleFieldCommandNode, SpathCommandNode } from '../../../spl/ast';
import { RunCode, RunError } from '../errors';
import type { Row } from '../row';
import { scalarText, valuesOf, type Value } from '../values';
import { flattenJson, flattenXml, jsonText, parseJson, parseXml, type JsonNode, type XmlElement } from './structured';
import { optionText, readOptions, rejectExtras, streaming, type CommandSpec } from './types';

type Tree = { kind: 'json'; node: JsonNode; text: string } | { kind: 'xml'; roots: XmlElement[] };

/** JSON when the text starts with `{` or `[`, XML when it starts with `<` (after blanks). */
function parseTree(text: string): Tree | undefined {
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') {
    const node = parseJson(text.trim());
    return node ? { kind: 'json', node, text: text.trim() } : undefined;
  }
  if (first === '<') {
    const roots = parseXml(text);
    return roots ? { kind: 'xml', roots } : undefined;
  }
  return undefined;
}

/** The values at a JSON path (spath names: `a.b`, `a{}.b`, `{}`): scalars as text, objects and arrays as JSON. */
function selectJson(tree: Extract<Tree, { kind: 'json' }>, path: string): string[] {
  const found: string[] = [];
  const walk: Array<[JsonNode, string]> = [[tree.node, '']];
  while (walk.length > 0) {
    const [node, name] = walk.pop()!;
    if (name === path) {
      if (!(node.kind === 'scalar' && node.isNull)) found.push(jsonText(node, tree.text));
      continue;
    }
    if (name !== '' && !path.startsWith(name)) continue;
    if (node.kind === 'array') for (let k = node.items.length - 1; k >= 0; k--) walk.push([node.items[k], `${name}{}`]);
    if (node.kind === 'object') {
      for (let k = node.entries.length - 1; k >= 0; k--) {
        const [key, child] = node.entries[k];
        walk.push([child, name === '' ? key : `${name}.${key}`]);
      }
    }
  }
  return found;
}

function extracted(tree: Tree): Array<[string, string]> {
  return tree.kind === 'json' ? flattenJson(tree.node) : flattenXml(tree.roots);
}

/** Sets each name to its values in order (several values make a multivalue field). */
function setAll(row: Row, pairs: Array<[string, string]>): void {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of pairs) {
    const list = grouped.get(name);
    if (list) list.push(value);
    else grouped.set(name, [value]);
  }
  for (const [name, values] of grouped) row.set(name, values.length === 1 ? values[0] : values);
}

function texts(value: Value): string[] {
  return valuesOf(value).map(scalarText);
}

/** `spath [input=_raw] [output=field] [path=p | p]`: one path's values, or every field (auto-extract). */
export const spathCommand: CommandSpec = {
  names: ['spath'],
  compile(node) {
    const spath = node as SpathCommandNode;
    rejectExtras(spath);
    const options = readOptions(spath.options, ['input', 'output', 'path'], 'spath');
    const input = options.has('input') ? optionText(options.get('input')!) : '_raw';
    const pathNode = options.get('path') ?? spath.path;
    const path = pathNode ? (pathNode.kind === 'option' ? optionText(pathNode) : pathNode.kind === 'string' ? pathNode.value : pathNode.text) : undefined;
    if (path !== undefined && /\{[^}@]/.test(path)) {
      throw new RunError(RunCode.invalidArgument, `spath path ${path}: array positions ({N}) are not supported by the local engine; use {} for every element`, pathNode!.span);
    }
    const output = options.has('output') ? optionText(options.get('output')!) : path;
    if (path === undefined && options.has('output')) throw new RunError(RunCode.invalidArgument, 'spath output= needs a path', options.get('output')!.span);
    return streaming((row) => {
      for (const text of texts(row.get(input))) {
        const tree = parseTree(text);
        if (!tree) continue;
        if (path === undefined) {
          setAll(row, extracted(tree));
          continue;
        }
        const values = tree.kind === 'json' ? selectJson(tree, path) : extracted(tree).filter(([n]) => n === path).map(([, v]) => v);
        if (values.length > 0) row.set(output!, values.length === 1 ? values[0] : values);
      }
      return row;
    });
  },
};

/** Leaf elements of XML, by element name (attributes and nesting ignored), as Splunk's xmlkv reads them. */
function xmlPairs(roots: XmlElement[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = [...roots].reverse();
  while (walk.length > 0) {
    const element = walk.pop()!;
    if (element.children.length === 0 && element.text !== '') out.push([element.name, element.text]);
    for (let k = element.children.length - 1; k >= 0; k--) walk.push(element.children[k]);
  }
  return out;
}

/** `xmlkv [field] [maxinputs=]`: `<key>value</key>` pairs of the field (default `_raw`). */
export const xmlkvCommand: CommandSpec = {
  names: ['xmlkv'],
  compile(node) {
    const xmlkv = node as SingleFieldCommandNode;
    rejectExtras(xmlkv);
    readOptions(xmlkv.options, ['maxinputs'], 'xmlkv');
    const field = xmlkv.field?.name ?? '_raw';
    return streaming((row) => {
      for (const text of texts(row.get(field))) {
        const roots = parseXml(text);
        if (roots) setAll(row, xmlPairs(roots));
      }
      return row;
    });
  },
};

/**
 * `fromjson field [prefix=p]`: each top-level key of the JSON object becomes a field; an array becomes
 * a multivalue field, a nested object its JSON text; `null` gives no field.
 */
export const fromjsonCommand: CommandSpec = {
  names: ['fromjson'],
  compile(node) {
    const fromjson = node as SingleFieldCommandNode;
    rejectExtras(fromjson);
    const options = readOptions(fromjson.options, ['prefix'], 'fromjson');
    const prefix = options.has('prefix') ? optionText(options.get('prefix')!) : '';
    if (!fromjson.field) throw new RunError(RunCode.notRunnable, 'fromjson needs a field', fromjson.span);
    const field = fromjson.field.name;
    return streaming((row) => {
      const text = texts(row.get(field))[0];
      const root = text === undefined ? undefined : parseJson(text.trim());
      if (!root || root.kind !== 'object') return row;
      const source = text!.trim();
      for (const [key, value] of root.entries) {
        const items = value.kind === 'array' ? value.items : [value];
        const values = items.filter((v) => !(v.kind === 'scalar' && v.isNull)).map((v) => jsonText(v, source));
        row.set(prefix + key, values.length === 0 ? null : value.kind === 'array' ? values : values[0]);
      }
      return row;
    });
  },
};
