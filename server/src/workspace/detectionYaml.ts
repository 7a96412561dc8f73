import { isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import type { Diagnostic } from '../text/diagnostic';
import type { Span } from '../text/span';
import { DOC } from './docCodes';
import { summarize } from './outline';
import type { DetectionInfo, DetectionTestInfo, DocumentSymbolInfo, RequiredFieldsList, SplDocument } from './documents';
import {
  diag,
  expandsPastAliasBound,
  mapEntries,
  MAX_ALIAS_NODES,
  mapItems,
  nodeSpan,
  pairSpan,
  parseYaml,
  resolveAlias,
  scalarText,
  searchFromEntry,
  stringItems,
  type MapEntry,
} from './yamlDocument';
import { toYamlValue } from './yamlTree';

/** Reads a detection YAML: `search`, `drilldown_searches[].search`, name, id, tests and key positions. */
export function readDetectionYaml(path: string, text: string): SplDocument {
  const { doc, diagnostics } = parseYaml(text);
  const detection: DetectionInfo = { keys: {}, tests: [] };
  const document: SplDocument = { path, kind: 'detection', text, searches: [], diagnostics, symbols: [], detection };
  if (!doc) return document;
  const root = resolveAlias(doc, doc.contents);
  if (!isMap(root)) {
    if (root) diagnostics.push(diag(text, nodeSpan(root) ?? { start: 0, end: 0 }, 'error', DOC.NOT_A_MAPPING, 'A detection must be a mapping of keys (name:, search: ...)'));
    return document;
  }
  const entries = mapEntries(root);
  detection.tree = toYamlValue(doc, root, text) ?? undefined;
  detection.keys = Object.fromEntries([...entries].map(([key, entry]) => [key, entry.keySpan]));
  const nameEntry = entries.get('name');
  detection.name = scalarText(doc, nameEntry?.value);
  if (detection.name !== undefined) detection.nameSpan = nodeSpan(nameEntry?.value);
  detection.id = scalarText(doc, entries.get('id')?.value);
  const dataSource = stringItems(doc, entries.get('data_source')?.value);
  if (dataSource) detection.dataSource = dataSource;
  const requiredFields = readRequiredFields(doc, entries);
  if (requiredFields) detection.requiredFields = requiredFields;

  const children: DocumentSymbolInfo[] = [];
  const searchEntry = entries.get('search');
  if (searchEntry) {
    const read = searchFromEntry(text, doc, searchEntry, 'search', 'search');
    diagnostics.push(...read.diagnostics);
    if (read.search) document.searches.push(read.search);
    children.push({
      name: 'search',
      ...(read.search ? { detail: summarize(read.search.text) } : {}),
      kind: 'search',
      span: pairSpan(searchEntry),
      selectionSpan: searchEntry.keySpan,
      children: [],
    });
  }
  children.push(...readDrilldowns(text, doc, entries.get('drilldown_searches'), document));
  const tests = readTests(text, doc, entries.get('tests'), diagnostics);
  detection.tests = tests.map((test) => test.info);
  children.push(...tests.map((test) => test.symbol));

  document.searches.sort((a, b) => a.fileSpan.start - b.fileSpan.start);
  const rootSpan = nodeSpan(root) ?? { start: 0, end: text.length };
  document.symbols.push({
    name: detection.name ?? path.split(/[\\/]/).pop() ?? path,
    ...(detection.id ? { detail: detection.id } : {}),
    kind: 'detection',
    span: rootSpan,
    selectionSpan: detection.nameSpan ?? nameEntry?.keySpan ?? { start: rootSpan.start, end: rootSpan.start },
    children,
  });
  return document;
}

/** `tags.required_fields` (security_content) or a top-level `required_fields`, with each item's span. */
function readRequiredFields(doc: Document.Parsed, entries: Map<string, MapEntry>): RequiredFieldsList | undefined {
  const tags = resolveAlias(doc, entries.get('tags')?.value);
  const entry = (isMap(tags) ? mapEntries(tags).get('required_fields') : undefined) ?? entries.get('required_fields');
  const list = resolveAlias(doc, entry?.value);
  if (!entry || !isSeq(list)) return undefined;
  const items: RequiredFieldsList['items'] = [];
  for (const item of list.items) {
    const name = scalarText(doc, item as Node);
    const span = nodeSpan(item as Node);
    if (name !== undefined && span) items.push({ name: name.trim(), span });
  }
  return { keySpan: entry.keySpan, items };
}

function readDrilldowns(text: string, doc: Document.Parsed, entry: MapEntry | undefined, document: SplDocument): DocumentSymbolInfo[] {
  const list = resolveAlias(doc, entry?.value);
  if (!isSeq(list)) return [];
  const symbols: DocumentSymbolInfo[] = [];
  list.items.forEach((item, index) => {
    const drilldown = resolveAlias(doc, item as Node);
    if (!isMap(drilldown)) return;
    const fields = mapEntries(drilldown);
    const searchEntry = fields.get('search');
    if (!searchEntry) return;
    const label = `drilldown_searches[${index}].search`;
    const read = searchFromEntry(text, doc, searchEntry, 'drilldown', label);
    document.diagnostics.push(...read.diagnostics);
    if (read.search) document.searches.push(read.search);
    const nameEntry = fields.get('name');
    symbols.push({
      name: scalarText(doc, nameEntry?.value) ?? `drilldown_searches[${index}]`,
      detail: label,
      kind: 'search',
      span: nodeSpan(drilldown) ?? pairSpan(searchEntry),
      selectionSpan: nodeSpan(nameEntry?.value) ?? searchEntry.keySpan,
      children: [],
    });
  });
  return symbols;
}

type TestRead = { info: DetectionTestInfo; symbol: DocumentSymbolInfo };

function readTests(text: string, doc: Document.Parsed, entry: MapEntry | undefined, diagnostics: Diagnostic[]): TestRead[] {
  if (entry && expandsPastAliasBound(doc, entry.value)) {
    // Reading on would make a few lines stand for billions of tests; the run shows why there are none.
    const problem = `\`tests:\` uses YAML aliases that expand to more than ${MAX_ALIAS_NODES} nodes (an alias bomb, which contentctl's YAML reader expands in full): it is not read`;
    diagnostics.push(diag(text, entry.valueOrKeySpan, 'error', DOC.ALIAS_BOMB, problem));
    const span = pairSpan(entry);
    return [{ info: { name: 'tests', attackData: [], problem }, symbol: { name: 'tests', detail: 'not read', kind: 'test', span, selectionSpan: entry.keySpan, children: [] } }];
  }
  const list = resolveAlias(doc, entry?.value);
  if (!isSeq(list)) return [];
  const tests: TestRead[] = [];
  list.items.forEach((item, index) => {
    const test = resolveAlias(doc, item as Node);
    if (!isMap(test)) return;
    const fields = mapEntries(test);
    const name = scalarText(doc, fields.get('name')?.value);
    const attackEntry = fields.get('attack_data');
    const attackData = mapItems(doc, attackEntry?.value).map((data) => readAttackData(doc, data));
    const problem = attackEntry ? attackDataProblem(doc, attackEntry, attackData.length) : undefined;
    if (problem && attackEntry) diagnostics.push(diag(text, attackEntry.valueOrKeySpan, 'error', DOC.BAD_ATTACK_DATA, problem));
    const span: Span = nodeSpan(test) ?? { start: 0, end: 0 };
    tests.push({
      info: { ...(name !== undefined ? { name } : {}), attackData, ...(problem ? { problem } : {}) },
      symbol: {
        name: name ?? `tests[${index}]`,
        detail: attackData.length === 1 ? '1 attack data file' : `${attackData.length} attack data files`,
        kind: 'test',
        span,
        selectionSpan: nodeSpan(fields.get('name')?.value) ?? { start: span.start, end: span.start },
        children: [],
      },
    });
  });
  return tests;
}

/** Why `attack_data` is not a list of mappings (data:, source:, sourcetype:); undefined when it is one. */
function attackDataProblem(doc: Document.Parsed, entry: MapEntry, mappings: number): string | undefined {
  const value = resolveAlias(doc, entry.value);
  if (value === null || value === undefined || (isScalar(value) && value.value === null)) return undefined;
  const expected = 'a list of mappings (data:, source:, sourcetype:)';
  if (!isSeq(value)) return `\`attack_data\` is ${isMap(value) ? 'a mapping' : 'a single value'}, not ${expected}`;
  const others = value.items.length - mappings;
  return others === 0 ? undefined : `\`attack_data\` should be ${expected}: ${others} of its ${value.items.length} items ${others === 1 ? 'is' : 'are'} not a mapping`;
}

function readAttackData(doc: Document.Parsed, map: YAMLMap): DetectionTestInfo['attackData'][number] {
  const fields = mapEntries(map);
  const result: DetectionTestInfo['attackData'][number] = {};
  for (const key of ['data', 'source', 'sourcetype'] as const) {
    const value = scalarText(doc, fields.get(key)?.value);
    if (value !== undefined) result[key] = value;
  }
  return result;
}
