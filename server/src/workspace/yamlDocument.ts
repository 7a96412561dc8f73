import { Composer, isAlias, isMap, isScalar, isSeq, Parser, YAMLParseError, type CST, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { Diagnostic } from '../text/diagnostic';
import type { Span } from '../text/span';
import { embeddedSearchFromMap, type EmbeddedSearch, type SearchRole } from '../text/embeddedSearch';
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
  let doc: Document.Parsed | undefined;
  try {
    // parseDocument's steps, with the nesting checked in between: the parser is iterative, the
    // composer recurses once per level and would run out of stack at a depth that varies with the
    // caller's stack (a different column in each report).
    const tokens = [...new Parser().parse(text)];
    const tooDeep = firstTooDeep(tokens);
    if (tooDeep !== undefined) {
      const message = `YAML nested more than ${MAX_YAML_NESTING} levels deep; the file is not read`;
      diagnostics.push(diag(text, { start: tooDeep, end: tooDeep + 1 }, 'error', DOC.YAML_SYNTAX, message));
      return { diagnostics };
    }
    for (const composed of new Composer({ keepSourceTokens: true, uniqueKeys: true }).compose(tokens, true, text.length)) {
      if (!doc) doc = composed;
      else {
        doc.errors.push(new YAMLParseError([composed.range[0], composed.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
        break;
      }
    }
  } catch (error) {
    // The package reports problems as errors on the document; a throw would be a bug in it.
    const message = error instanceof Error ? error.message : String(error);
    diagnostics.push(diag(text, { start: 0, end: 0 }, 'error', DOC.YAML_SYNTAX, `YAML could not be read: ${message}`));
    return { diagnostics };
  }
  if (!doc) return { diagnostics };
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

/** Collections nested deeper than this are not read: detections nest fewer than 10. */
export const MAX_YAML_NESTING = 100;

/** The offset of the first collection (in document order) nested deeper than MAX_YAML_NESTING. */
function firstTooDeep(tokens: CST.Token[]): number | undefined {
  const pending: Array<{ token: CST.Token | null | undefined; depth: number }> = tokens.map((token) => ({ token, depth: 0 })).reverse();
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { token, depth } = next;
    if (token?.type === 'document') pending.push({ token: token.value, depth });
    else if (token?.type === 'block-map' || token?.type === 'block-seq' || token?.type === 'flow-collection') {
      if (depth >= MAX_YAML_NESTING) return token.offset;
      for (let i = token.items.length - 1; i >= 0; i--) {
        const item = token.items[i];
        pending.push({ token: item.value, depth: depth + 1 }, { token: item.key, depth: depth + 1 });
      }
    }
  }
  return undefined;
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

/**
 * Nodes a value may stand for once its aliases are expanded. contentctl's PyYAML expands them all:
 * nine aliases of nine aliases ... (an alias bomb) make a few lines stand for billions of nodes.
 */
export const MAX_ALIAS_NODES = 10_000;

/** Whether the value, aliases expanded, holds more than MAX_ALIAS_NODES nodes (stops counting there). */
export function expandsPastAliasBound(doc: Document.Parsed, node: Node | null | undefined): boolean {
  const pending: Array<Node | null | undefined> = [node];
  let seen = 0;
  while (pending.length > 0) {
    const target = resolveAlias(doc, pending.pop());
    if (!target) continue;
    if (++seen > MAX_ALIAS_NODES) return true;
    if (isSeq(target)) pending.push(...(target.items as Node[]));
    else if (isMap(target)) for (const pair of target.items) pending.push(pair.key as Node, pair.value as Node);
  }
  return false;
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
