import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { Diagnostic } from '../text/diagnostic';
import type { Span } from '../text/span';
import { embeddedSearchFromMap, type EmbeddedSearch, type SearchRole } from './embeddedSearch';
import { DOC } from './docCodes';
import { mapScalar } from './yamlScalarMap';

export interface ParsedYaml {
  doc?: Document.Parsed;
  diagnostics: Diagnostic[];
}

/** Parses YAML text, turning the package's errors and warnings into DOC diagnostics. Never throws. */
export function parseYaml(text: string): ParsedYaml {
  const diagnostics: Diagnostic[] = [];
  if (text.includes('\u0000')) {
    const at = text.indexOf('\u0000');
    diagnostics.push(diag(text, { start: at, end: at + 1 }, 'error', DOC.BINARY, 'This file contains NUL characters: it is not a YAML text file'));
    return { diagnostics };
  }
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { keepSourceTokens: true, prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    // The package reports problems as errors on the document; a throw would be a bug in it.
    const message = error instanceof Error ? error.message : String(error);
    diagnostics.push(diag(text, { start: 0, end: 0 }, 'error', DOC.YAML_SYNTAX, `YAML could not be read: ${message}`));
    return { diagnostics };
  }
  for (const error of doc.errors) {
    const code = error.code === 'DUPLICATE_KEY' ? DOC.DUPLICATE_KEY : DOC.YAML_SYNTAX;
    diagnostics.push(diag(text, { start: error.pos[0], end: error.pos[1] }, 'error', code, `${error.message} (YAML ${error.code})`));
  }
  for (const warning of doc.warnings) {
    diagnostics.push(diag(text, { start: warning.pos[0], end: warning.pos[1] }, 'warning', DOC.YAML_WARNING, `${warning.message} (YAML ${warning.code})`));
  }
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    diagnostics.push(diag(text, { start: 0, end: text.length }, 'warning', DOC.EMPTY, 'This YAML document is empty'));
  }
  return { doc, diagnostics };
}

/** A diagnostic whose span is clamped to the text and, when empty, widened to one character. */
export function diag(text: string, span: Span, severity: Diagnostic['severity'], code: string, message: string): Diagnostic {
  const start = Math.max(0, Math.min(span.start, text.length));
  let end = Math.max(start, Math.min(span.end, text.length));
  // A node's range can run over the line break after it; the diagnostic should not.
  while (end > start + 1 && /\s/.test(text[end - 1])) end--;
  if (end === start && start < text.length && text[start] !== '\n' && text[start] !== '\r') end = start + 1;
  return { span: { start, end }, severity, code, message };
}

/** The span of a parsed node's value (comments after it excluded). */
export function nodeSpan(node: Node | null | undefined): Span | undefined {
  const range = node?.range;
  return range ? { start: range[0], end: range[1] } : undefined;
}

export interface MapEntry {
  pair: Pair;
  keySpan: Span;
  value: Node | null;
  /** Where to point when the value is missing: the value, else the key. */
  valueOrKeySpan: Span;
}

/** Top-level keys of a mapping as plain strings; a key written twice keeps its last occurrence. */
export function mapEntries(map: YAMLMap): Map<string, MapEntry> {
  const entries = new Map<string, MapEntry>();
  for (const pair of map.items) {
    const key = pair.key as Node | null;
    if (!isScalar(key) || key.value === null || key.value === undefined) continue;
    const keySpan = nodeSpan(key) ?? { start: 0, end: 0 };
    const value = (pair.value as Node | null) ?? null;
    entries.set(String(key.value), { pair, keySpan, value, valueOrKeySpan: nodeSpan(value) ?? keySpan });
  }
  return entries;
}

export function asMap(node: Node | null | undefined): YAMLMap | undefined {
  return isMap(node) ? node : undefined;
}

/** Follows an alias to the node it names. */
export function resolveAlias(doc: Document.Parsed, node: Node | null | undefined): Node | null | undefined {
  if (!isAlias(node)) return node;
  try {
    return node.resolve(doc) ?? null;
  } catch {
    return null;
  }
}

/** A scalar's value as text (numbers and booleans as written), undefined for anything else. */
export function scalarText(doc: Document.Parsed, node: Node | null | undefined): string | undefined {
  const target = resolveAlias(doc, node);
  if (!isScalar(target) || target.value === null || target.value === undefined) return undefined;
  return typeof target.value === 'string' ? target.value : (target.source ?? String(target.value));
}

/** The string items of a sequence (non-string items skipped); undefined when not a sequence. */
export function stringItems(doc: Document.Parsed, node: Node | null | undefined): string[] | undefined {
  const target = resolveAlias(doc, node);
  if (!isSeq(target)) return undefined;
  const items: string[] = [];
  for (const item of target.items) {
    const text = scalarText(doc, item as Node);
    if (text !== undefined) items.push(text);
  }
  return items;
}

/** The items of a sequence that are mappings. */
export function mapItems(doc: Document.Parsed, node: Node | null | undefined): YAMLMap[] {
  const target = resolveAlias(doc, node);
  if (!isSeq(target)) return [];
  return target.items.map((item) => resolveAlias(doc, item as Node)).filter((item): item is YAMLMap => isMap(item));
}

export interface SearchRead {
  search?: EmbeddedSearch;
  diagnostics: Diagnostic[];
  /** Without a search: what the value is instead ("is a list, not an SPL string"). */
  problem?: string;
}

/**
 * Extracts an SPL string from a YAML value, with its exact offset map. A value that is not a
 * string gives a DOC diagnostic at `entry` and no search.
 */
export function searchFromEntry(text: string, doc: Document.Parsed, entry: MapEntry, role: SearchRole, label: string): SearchRead {
  const target = resolveAlias(doc, entry.value);
  const problem = (what: string): SearchRead => ({
    diagnostics: [diag(text, entry.valueOrKeySpan, 'error', DOC.NOT_A_STRING, `\`${label}\` ${what}`)],
    problem: what,
  });
  if (target === null || target === undefined || (isScalar(target) && target.value === null)) {
    return problem('is empty: it should hold an SPL string');
  }
  if (!isScalar(target)) return problem(`is a ${isSeq(target) ? 'list' : 'mapping'}, not an SPL string`);
  if (typeof target.value !== 'string') {
    return problem(`is a ${typeof target.value}, not a string: quote it to make it an SPL string`);
  }
  const mapped = mapScalar(text, target as Scalar);
  if (!mapped) return problem('could not be read as a string');
  return { search: embeddedSearchFromMap(mapped.mapped, role, label, mapped.fileSpan, !mapped.exact), diagnostics: [] };
}

/** Span of a whole pair: key start to value end. */
export function pairSpan(entry: MapEntry): Span {
  const valueSpan = nodeSpan(entry.value);
  return { start: entry.keySpan.start, end: Math.max(entry.keySpan.end, valueSpan?.end ?? entry.keySpan.end) };
}
