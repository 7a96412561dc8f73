import type { Diagnostic } from '../text/diagnostic';
import type { Span } from '../text/span';
import type { YamlValue } from './yamlTree';
import { readConfDocument } from './confDocuments';
import { DOC } from './docCodes';
import { readDetectionYaml } from './detectionYaml';
import { embeddedSearchFromMap, type EmbeddedSearch } from '../text/embeddedSearch';
import { identityMappedText } from '../text/mappedText';
import { readMacroYaml } from './macroYaml';
import type { MacroDefinitionInfo } from '../macros/macroDefinition';

export type { MacroDefinitionInfo, MacroDefinitionProblem } from '../macros/macroDefinition';
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
  /** Why the test's attack_data could not be read (an alias bomb, not a list ...); also a DOC diagnostic. */
  problem?: string;
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
 * A longer file is not read for SPL (DOC009): what reading, checking and editing one file costs stays
 * bounded (docs/limits.md). Reading, analysing and linting a 10 MB savedsearches.conf of 15,000
 * searches takes about 15 s and 0.8 GB; real detections and macro files are under 100 KB.
 */
export const MAX_DOCUMENT_LENGTH = 10_000_000;

/**
 * Reads one file into its SPL strings, facts and DOC diagnostics. The kind comes from the path;
 * a path classifyPath does not know is read by extension (`.conf` by content, YAML as a
 * detection, anything else as SPL). Never throws.
 */
export function readSplDocument(path: string, text: string): SplDocument {
  const kind = classifyPath(path) ?? guessKind(path, text);
  if (text.length > MAX_DOCUMENT_LENGTH) return unreadDocument(path, text, kind);
  const document = readByKind(path, text, kind);
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

/**
 * The kind of a file the user names (on the command line), in whatever folder it is: by its path as
 * classifyPath says, else a YAML or .conf file by its content. Undefined for a file that is none of
 * these (it cannot hold a search).
 */
export function namedFileKind(path: string, text: string): DocumentKind | undefined {
  const known = classifyPath(path);
  if (known) return known;
  return /\.(ya?ml|conf)$/i.test(path) ? guessKind(path, text) : undefined;
}

function unreadDocument(path: string, text: string, kind: DocumentKind): SplDocument {
  const message = `The file is ${text.length} characters long, past the bound of ${MAX_DOCUMENT_LENGTH}: its searches and macros are not read, checked or run`;
  return { path, kind, text, searches: [], diagnostics: [{ span: { start: 0, end: 0 }, severity: 'error', code: DOC.TOO_LARGE, message }], symbols: [] };
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
