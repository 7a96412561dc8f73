// Every detection and macro of the security_content snapshot: decoded SPL equals the YAML value,
// each character maps to the file text that writes it, and the facts match the YAML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { DOC } from '../../server/src/workspace/docCodes';
import { discoverFiles } from '../../server/src/workspace/discover';
import { readSplDocument, type SplDocument } from '../../server/src/workspace/documents';
import type { EmbeddedSearch } from '../../server/src/text/embeddedSearch';
import { mappingProblems } from './mappingOracle';
import { corpusPath } from '../../scripts/corpus/locate.mjs';

const CORPUS = corpusPath('security_content');

interface Read {
  path: string;
  text: string;
  document: SplDocument;
}

const reads: Read[] = discoverFiles([CORPUS]).map((path) => {
  const text = readFileSync(path, 'utf8');
  return { path, text, document: readSplDocument(path, text) };
});

/** The file as the yaml package reads it, with the lines DOC006 points at indented. */
function parseIndented(read: Read) {
  let text = read.text;
  const repaired = read.document.diagnostics.filter((d) => d.code === DOC.UNDER_INDENTED_CONTINUATION);
  for (const diagnostic of [...repaired].reverse()) text = text.slice(0, diagnostic.span.start) + '  ' + text.slice(diagnostic.span.start);
  return parse(text);
}

/** The value the search was taken from, in the file read by the yaml package. */
function yamlValue(js: ReturnType<typeof parse>, search: EmbeddedSearch): unknown {
  if (search.role === 'search') return js.search;
  if (search.role === 'macro-definition') return js.definition;
  const index = Number(/^drilldown_searches\[(\d+)\]\.search$/.exec(search.label)?.[1]);
  return js.drilldown_searches[index].search;
}

test('the corpus is discovered: 1,711 detections and 189 macros', () => {
  const kinds = new Map<string, number>();
  for (const { document } of reads) kinds.set(document.kind, (kinds.get(document.kind) ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(kinds), { detection: 1711, 'macro-yaml': 189 });
  const outside = reads.filter(({ path }) => !path.startsWith(join(CORPUS, 'detections')) && !path.startsWith(join(CORPUS, 'macros')));
  assert.deepEqual(outside, [], 'data_sources/ and lookups/ YAML are not SPL documents');
});

test('every search and macro definition decodes to the YAML value and maps exactly', () => {
  const roles = new Map<string, number>();
  const problems: string[] = [];
  for (const read of reads) {
    const js = parseIndented(read);
    for (const search of read.document.searches) {
      roles.set(search.role, (roles.get(search.role) ?? 0) + 1);
      if (search.approximate) problems.push(`${read.path}: ${search.label} has only an approximate map`);
      if (search.text !== yamlValue(js, search)) problems.push(`${read.path}: ${search.label} differs from the YAML value`);
      for (const problem of mappingProblems(read.text, search, 2)) problems.push(`${read.path}: ${problem}`);
    }
  }
  assert.deepEqual(problems.slice(0, 10), []);
  assert.deepEqual(Object.fromEntries(roles), { search: 1711, drilldown: 2618, 'macro-definition': 189 });
});

test('only the three under-indented quoted values give DOC diagnostics, and they are read as PyYAML reads them', () => {
  const withDiagnostics = reads.filter(({ document }) => document.diagnostics.length > 0);
  assert.deepEqual(
    withDiagnostics.map(({ path }) => path.slice(CORPUS.length + 1)).sort(),
    [
      'detections/deprecated/okta_threatinsight_login_failure_with_high_unknown_users.yml',
      'detections/deprecated/okta_threatinsight_suspected_passwordspray_attack.yml',
      'macros/base64decode.yml',
    ],
  );
  for (const { text, document } of withDiagnostics) {
    assert.ok(document.diagnostics.every((d) => d.code === DOC.UNDER_INDENTED_CONTINUATION && d.severity === 'warning'));
    for (const d of document.diagnostics) assert.match(text.slice(d.span.start, d.span.end), /^\|/, 'points at the unindented `|` line');
  }
  const base64 = withDiagnostics.find(({ path }) => path.endsWith('base64decode.yml'))!.document;
  const definition = base64.macros![0].definition!;
  assert.match(definition.text, /\| rex field=\$b64in\$_decode mode=sed "s\/\\x00\/\/g"$/);
  assert.equal(base64.macros![0].args.join(), 'b64in');
});

test('detection facts: name, id, key positions, tests, required fields', () => {
  let tests = 0;
  let attackData = 0;
  for (const read of reads) {
    const { path, text, document } = read;
    if (document.kind !== 'detection') continue;
    const js = parseIndented(read);
    const detection = document.detection!;
    assert.equal(detection.name, js.name, path);
    assert.equal(detection.id, js.id, path);
    assert.equal(parse(text.slice(detection.nameSpan!.start, detection.nameSpan!.end)), js.name, path);
    assert.deepEqual(Object.keys(detection.keys).sort(), Object.keys(js).sort(), path);
    for (const [key, span] of Object.entries(detection.keys)) assert.equal(text.slice(span.start, span.end), key, path);
    assert.deepEqual(detection.requiredFields?.items.map((item) => item.name), js.tags.required_fields?.map((f: unknown) => String(f).trim()), path);
    for (const item of detection.requiredFields?.items ?? []) assert.equal(String(parse(text.slice(item.span.start, item.span.end))).trim(), item.name, path);
    assert.deepEqual(detection.dataSource, js.data_source, path);
    assert.equal(detection.tests.length, (js.tests ?? []).length, path);
    tests += detection.tests.length;
    attackData += detection.tests.reduce((sum, test) => sum + test.attackData.length, 0);
    const top = document.symbols[0];
    assert.equal(top.name, js.name);
    assert.deepEqual(
      top.children.map((child) => child.kind),
      ['search', ...(js.drilldown_searches ?? []).map(() => 'search'), ...(js.tests ?? []).map(() => 'test')],
    );
  }
  assert.equal(tests, 1514);
  assert.equal(attackData, 1532);
});

test('macro facts: name, arity from arguments, description', () => {
  for (const read of reads) {
    const { path, text, document } = read;
    if (document.kind !== 'macro-yaml') continue;
    const js = parseIndented(read);
    const [macro] = document.macros!;
    assert.equal(macro.name, js.name, path);
    assert.deepEqual(macro.args, js.arguments ?? [], path);
    assert.equal(macro.arity, (js.arguments ?? []).length, path);
    assert.equal(macro.description, js.description, path);
    assert.equal(text.slice(macro.nameSpan.start, macro.nameSpan.end), js.name, path);
    assert.equal(document.symbols[0].name, macro.arity ? `${js.name}(${macro.arity})` : js.name);
  }
});
