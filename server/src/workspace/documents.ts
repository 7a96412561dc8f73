import type { Diagnostic } from '../text/diagnostic';
import type { Span } from '../text/span';
import type { YamlValue } from './yamlTree';
import { readConfDocument } from './confDocuments';
import { readDetectionYaml } from './detectionYaml';
import { embeddedSearchFromMap, type EmbeddedSearch } from './embeddedSearch';
import { identityMappedText } from './mappedText';
import { readMacroYaml } from './macroYaml';
import { readYamlLeniently } from './yamlLenient';

export type DocumentKind = 'detection' | 'macro-yaml' | 'spl' | 'macros-conf' | 'savedsearches-conf';

/**
 * By path: `.spl`; `*.yml` / `*.yaml` under a `detections` folder (detection) or a `macros` folder
 * (macro YAML), the nearer folder deciding; `macros.conf`; `savedsearches.conf`. Else undefined.
 * Names compare case-insensitively; `/` and `\` both separate folders.
 */
export function classifyPath(path: string): DocumentKind | undefined {
  const parts = path.split(/[\\/]+/).filter((part) => part.length > 0);
  const base = (parts[parts.length - 1] ?? '').toLowerCase();
  if (base.endsWith('.spl')) return 'spl';
  if (base === 'macros.conf') return 'macros-conf';
  if (base === 'savedsearches.conf') return 'savedsearches-conf';
  if (!base.endsWith('.yml') && !base.endsWith('.yaml')) return undefined;
  for (let i = parts.length - 2; i >= 0; i--) {
    const folder = parts[i].toLowerCase();
    if (folder === 'detections') return 'detection';
    if (folder === 'macros') return 'macro-yaml';
  }
  return undefined;
}

export interface DocumentSymbolInfo {
  name: string;
  detail?: string;
  kind: 'detection' | 'search' | 'macro' | 'stanza' | 'key' | 'test';
  span: Span;
  selectionSpan: Span;
  children: DocumentSymbolInfo[];
}

export interface AttackDataInfo {
  data?: string;
  source?: string;
  sourcetype?: string;
}

export interface DetectionTestInfo {
  name?: string;
  attackData: AttackDataInfo[];
}

export interface RequiredFieldsList {
  /** The `required_fields` key. */
  keySpan: Span;
  items: Array<{ name: string; span: Span }>;
}

export interface DetectionInfo {
  name?: string;
  id?: string;
  /** The `name:` value. */
  nameSpan?: Span;
  /** Each top-level key and where the key sits (the last occurrence of a repeated key). */
  keys: Record<string, Span>;
  tests: DetectionTestInfo[];
  /** `tags.required_fields` (or a top-level `required_fields`), with where the key and each item sit. */
  requiredFields?: RequiredFieldsList;
  /** `data_source`. */
  dataSource?: string[];
  /** The whole document with the position of every key and value (what server/src/detection/ checks). */
  tree?: YamlValue;
}

export interface MacroDefinitionInfo {
  /** The bare name: `drop_dm_object_name` for the stanza `[drop_dm_object_name(1)]`. */
  name: string;
  /** e.g. 1 for `[name(1)]`; from `arguments:` length in YAML */
  arity: number;
  args: string[];
  /** The definition with its offset map. An `iseval` definition is here but not in `searches`. */
  definition?: EmbeddedSearch;
  description?: string;
  iseval?: boolean;
  validation?: string;
  errormsg?: string;
  /** YAML: the `name:` value; conf: the name inside the stanza brackets. */
  nameSpan: Span;
  /** YAML: the whole document; conf: the stanza header through its last setting. */
  stanzaSpan: Span;
}

export interface SplDocument {
  path: string;
  kind: DocumentKind;
  text: string;
  /** Every SPL string of the file, in file order. */
  searches: EmbeddedSearch[];
  /** YAML/conf problems, spans in FILE offsets, codes `DOC0xx` (see docCodes.ts). */
  diagnostics: Diagnostic[];
  symbols: DocumentSymbolInfo[];
  /** Detection: name, id, and where each top-level key sits (later issues lint these). */
  detection?: DetectionInfo;
  /** Macro YAML (one) or macros.conf (each stanza). */
  macros?: MacroDefinitionInfo[];
}

/**
 * Reads one file into its SPL strings, facts and DOC diagnostics. The kind comes from the path;
 * a path classifyPath does not know is read by extension (`.conf` by content, YAML as a
 * detection, anything else as SPL). Never throws.
 */
export function readSplDocument(path: string, text: string): SplDocument {
  const document = readByKind(path, text, classifyPath(path) ?? guessKind(path, text));
  document.diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return document;
}

function readByKind(path: string, text: string, kind: DocumentKind): SplDocument {
  switch (kind) {
    case 'detection':
      return readYamlLeniently(path, text, readDetectionYaml);
    case 'macro-yaml':
      return readYamlLeniently(path, text, readMacroYaml);
    case 'macros-conf':
    case 'savedsearches-conf':
      return readConfDocument(path, text, kind);
    case 'spl':
      return readSplFile(path, text);
  }
}

function guessKind(path: string, text: string): DocumentKind {
  const lower = path.toLowerCase();
  if (lower.endsWith('.yml') || lower.endsWith('.yaml')) {
    return /^definition\s*:/m.test(text) && !/^search\s*:/m.test(text) ? 'macro-yaml' : 'detection';
  }
  if (lower.endsWith('.conf')) return /^\s*definition\s*=/m.test(text) ? 'macros-conf' : 'savedsearches-conf';
  return 'spl';
}

function readSplFile(path: string, text: string): SplDocument {
  const fileSpan = { start: 0, end: text.length };
  // A BOM is not part of the search; everything after it maps one to one.
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const search = embeddedSearchFromMap(identityMappedText(text.slice(start), start), 'spl-file', 'search', fileSpan);
  const name = path.split(/[\\/]/).pop() ?? path;
  return {
    path,
    kind: 'spl',
    text,
    searches: [search],
    diagnostics: [],
    symbols: [{ name, kind: 'search', span: fileSpan, selectionSpan: { start: 0, end: 0 }, children: [] }],
  };
}
