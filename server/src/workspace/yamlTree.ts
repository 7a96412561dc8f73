import { isAlias, isMap, isScalar, isSeq, Scalar, type Document, type Node } from 'yaml';
import type { Span } from '../text/span';
import { MAX_ALIAS_NODES, nodeSpan, resolveAlias } from './yamlDocument';

/**
 * A YAML document as plain data with the position of every key and value in the file: what checks
 * of a whole detection (server/src/detection/) read, without knowing the `yaml` package.
 */
export type YamlValue = YamlMapping | YamlSequence | YamlScalar;

export interface YamlEntry {
  key: string;
  keySpan: Span;
  /** Null for `key:` with nothing after it. */
  value: YamlValue | null;
}

export interface YamlMapping {
  kind: 'mapping';
  span: Span;
  /** In file order; a key written twice appears twice (DOC003 reports it). */
  entries: YamlEntry[];
}

export interface YamlSequence {
  kind: 'sequence';
  span: Span;
  items: YamlValue[];
}

export interface YamlScalar {
  kind: 'scalar';
  span: Span;
  /** As the YAML 1.2 core schema reads it: `3` is a number, `'3'` a string, `~` null. */
  value: string | number | boolean | null;
  /** The text of the value as written (for numbers and booleans: `1.0`, `True`). */
  text: string;
  /** Plain, single- or double-quoted, or a block scalar (`|`, `>`): quick fixes keep the style. */
  style: 'plain' | 'single' | 'double' | 'block';
}

/**
 * Converts a parsed node (aliases followed, at most `depth` levels) into the plain tree. Spans end
 * at the last character of the value, not at the line break a block collection runs over. Aliases
 * share one budget of MAX_ALIAS_NODES nodes per conversion: past it an alias reads as no value, so
 * an alias bomb (each alias small, their product huge) costs no more than that many nodes.
 */
export function toYamlValue(doc: Document.Parsed, node: Node | null | undefined, text: string, depth = 64): YamlValue | null {
  return convert(doc, node, text, depth, { aliasNodesLeft: MAX_ALIAS_NODES }, false);
}

interface AliasBudget {
  aliasNodesLeft: number;
}

function convert(doc: Document.Parsed, node: Node | null | undefined, text: string, depth: number, budget: AliasBudget, viaAlias: boolean): YamlValue | null {
  const throughAlias = viaAlias || isAlias(node);
  if (throughAlias && --budget.aliasNodesLeft < 0) return null;
  const target = resolveAlias(doc, node);
  const span = trimmed(text, nodeSpan(target) ?? { start: 0, end: 0 });
  if (depth <= 0 || !target) return null;
  if (isMap(target)) {
    const entries: YamlEntry[] = [];
    for (const pair of target.items) {
      const key = pair.key as Node | null;
      if (!isScalar(key) || key.value === null || key.value === undefined) continue;
      entries.push({ key: String(key.value), keySpan: nodeSpan(key) ?? span, value: convert(doc, pair.value as Node | null, text, depth - 1, budget, throughAlias) });
    }
    return { kind: 'mapping', span, entries };
  }
  if (isSeq(target)) {
    const items: YamlValue[] = [];
    for (const item of target.items) {
      const value = convert(doc, item as Node, text, depth - 1, budget, throughAlias);
      items.push(value ?? { kind: 'scalar', span: trimmed(text, nodeSpan(item as Node) ?? span), value: null, text: '', style: 'plain' });
    }
    return { kind: 'sequence', span, items };
  }
  if (isScalar(target)) {
    const raw = target.value;
    const value = raw === null || raw === undefined ? null : typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? raw : String(raw);
    const written = typeof raw === 'string' ? raw : (target.source ?? (value === null ? '' : String(value)));
    return { kind: 'scalar', span, value, text: written, style: scalarStyle(target.type) };
  }
  return null;
}

function trimmed(text: string, span: Span): Span {
  let end = span.end;
  while (end > span.start && /\s/.test(text.charAt(end - 1))) end--;
  return { start: span.start, end };
}

function scalarStyle(type: Scalar['type']): YamlScalar['style'] {
  if (type === Scalar.QUOTE_SINGLE) return 'single';
  if (type === Scalar.QUOTE_DOUBLE) return 'double';
  if (type === Scalar.BLOCK_FOLDED || type === Scalar.BLOCK_LITERAL) return 'block';
  return 'plain';
}

/** The same tree with every span passed through `map` (the lenient reader's offset repair). */
export function mapYamlSpans(value: YamlValue, map: (span: Span) => Span): YamlValue {
  switch (value.kind) {
    case 'mapping':
      return {
        ...value,
        span: map(value.span),
        entries: value.entries.map((e) => ({ key: e.key, keySpan: map(e.keySpan), value: e.value && mapYamlSpans(e.value, map) })),
      };
    case 'sequence':
      return { ...value, span: map(value.span), items: value.items.map((item) => mapYamlSpans(item, map)) };
    case 'scalar':
      return { ...value, span: map(value.span) };
  }
}

/** The last entry of `key` in a mapping (a repeated key keeps its last value, as YAML readers do). */
export function entryOf(mapping: YamlValue | null | undefined, key: string): YamlEntry | undefined {
  if (mapping?.kind !== 'mapping') return undefined;
  for (let i = mapping.entries.length - 1; i >= 0; i--) if (mapping.entries[i].key === key) return mapping.entries[i];
  return undefined;
}

/** A scalar's text, undefined for anything else (null included). */
export function scalarString(value: YamlValue | null | undefined): string | undefined {
  return value?.kind === 'scalar' && value.value !== null ? value.text : undefined;
}

/** The innermost value whose span (or key) holds `offset`, with the keys leading to it. */
export function valueAt(root: YamlValue, offset: number): { path: (string | number)[]; value: YamlValue | null; entry?: YamlEntry } | undefined {
  const path: (string | number)[] = [];
  let current: YamlValue = root;
  let entry: YamlEntry | undefined;
  for (;;) {
    if (current.kind === 'mapping') {
      const hit = current.entries.find((e) => (e.keySpan.start <= offset && offset <= e.keySpan.end) || (e.value && e.value.span.start <= offset && offset <= e.value.span.end));
      if (!hit) return { path, value: current, ...(entry ? { entry } : {}) };
      path.push(hit.key);
      entry = hit;
      if (!hit.value || (hit.keySpan.start <= offset && offset <= hit.keySpan.end)) return { path, value: hit.value, entry: hit };
      current = hit.value;
    } else if (current.kind === 'sequence') {
      const index = current.items.findIndex((item) => item.span.start <= offset && offset <= item.span.end);
      if (index < 0) return { path, value: current, ...(entry ? { entry } : {}) };
      path.push(index);
      current = current.items[index];
    } else {
      return { path, value: current, ...(entry ? { entry } : {}) };
    }
  }
}
