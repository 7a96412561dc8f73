import { isMap, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import type { Span } from '../text/span';
import { DOC } from './docCodes';
import { summarize } from './outline';
import type { DetectionInfo, DetectionTestInfo, DocumentSymbolInfo, RequiredFieldsList, SplDocument } from './documents';
import {
  diag,
  mapEntries,
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
  const tests = readTests(doc, entries.get('tests'));
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

function readTests(doc: Document.Parsed, entry: MapEntry | undefined): { info: DetectionTestInfo; symbol: DocumentSymbolInfo }[] {
  const list = resolveAlias(doc, entry?.value);
  if (!isSeq(list)) return [];
  const tests: { info: DetectionTestInfo; symbol: DocumentSymbolInfo }[] = [];
  list.items.forEach((item, index) => {
    const test = resolveAlias(doc, item as Node);
    if (!isMap(test)) return;
    const fields = mapEntries(test);
    const name = scalarText(doc, fields.get('name')?.value);
    const attackData = mapItems(doc, fields.get('attack_data')?.value).map((data) => readAttackData(doc, data));
    const span: Span = nodeSpan(test) ?? { start: 0, end: 0 };
    tests.push({
      info: { ...(name !== undefined ? { name } : {}), attackData },
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

function readAttackData(doc: Document.Parsed, map: YAMLMap): DetectionTestInfo['attackData'][number] {
  const fields = mapEntries(map);
  const result: DetectionTestInfo['attackData'][number] = {};
  for (const key of ['data', 'source', 'sourcetype'] as const) {
    const value = scalarText(doc, fields.get(key)?.value);
    if (value !== undefined) result[key] = value;
  }
  return result;
}
