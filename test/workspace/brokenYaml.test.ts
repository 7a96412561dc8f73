import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { readSplDocument, type SplDocument } from '../../server/src/workspace/documents';
import { mappingProblems } from './mappingOracle';
import { corpusPath } from '../../scripts/corpus/locate.mjs';

const DETECTION = '/w/detections/endpoint/broken.yml';
const MACRO = '/w/macros/broken.yml';

function read(text: string, path = DETECTION): SplDocument {
  const document = readSplDocument(path, text);
  for (const d of document.diagnostics) {
    assert.ok(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length, `span ${JSON.stringify(d)} inside the file`);
    assert.match(d.code, /^DOC0\d\d$/);
  }
  for (const search of document.searches) {
    if (!search.approximate) assert.deepEqual(mappingProblems(text, search), []);
  }
  return document;
}

function codes(document: SplDocument): string[] {
  return document.diagnostics.map((d) => d.code);
}

function at(text: string, document: SplDocument, code: string): string {
  const d = document.diagnostics.find((each) => each.code === code);
  assert.ok(d, `${code} in ${JSON.stringify(document.diagnostics)}`);
  return text.slice(d.span.start, d.span.end);
}

test('bad indentation is a DOC001 at the offending column; the search before it is still read', () => {
  const text = "name: x\nsearch: '| tstats count'\n  bad: indent\nid: 1\n";
  const document = read(text);
  assert.deepEqual(codes(document), ['DOC001']);
  assert.equal(document.diagnostics[0].span.start, text.indexOf('  bad'));
  assert.equal(document.searches[0].text, '| tstats count');
});

test('an unterminated quote is a DOC001; the yaml package recovers the text and it is still mapped', () => {
  const text = "name: x\nsearch: '| tstats count\n";
  const document = read(text);
  assert.deepEqual(codes(document), ['DOC001']);
  assert.match(document.diagnostics[0].message, /Missing closing 'quote/);
  assert.equal(document.searches[0].text, '| tstats count');
  assert.equal(document.searches[0].toFileOffset(2), text.indexOf('tstats'));
});

test('tabs as indentation are DOC001 at the tab', () => {
  const text = "name: x\n\tsearch: 'a'\n";
  const document = read(text);
  assert.deepEqual(codes(document), ['DOC001']);
  assert.equal(at(text, document, 'DOC001'), '\t');
  assert.match(document.diagnostics[0].message, /Tabs are not allowed/);
});

test('a duplicate key is DOC003 at the second key, and the last value is the search', () => {
  const text = 'search: first\nname: x\nsearch: second\n';
  const document = read(text);
  assert.deepEqual(codes(document), ['DOC003']);
  assert.equal(document.diagnostics[0].span.start, text.lastIndexOf('search'));
  assert.deepEqual(document.searches.map((s) => s.text), ['second']);
  assert.deepEqual(document.detection!.keys.search, { start: text.lastIndexOf('search'), end: text.lastIndexOf('search') + 6 });
});

test('a search that is not a string is DOC011 at the value', () => {
  for (const [text, value, kind] of [
    ['name: x\nsearch:\n  - a\n  - b\n', '- a\n  - b', /list/],
    ['name: x\nsearch:\n  a: b\n', 'a: b', /mapping/],
    ['name: x\nsearch: 42\n', '42', /number/],
    ['name: x\nsearch: true\n', 'true', /boolean/],
  ] as const) {
    const document = read(text);
    assert.deepEqual(codes(document), ['DOC011'], text);
    assert.equal(at(text, document, 'DOC011'), value);
    assert.match(document.diagnostics[0].message, kind);
    assert.deepEqual(document.searches, []);
  }
  const empty = read('name: x\nsearch:\nid: 1\n');
  assert.deepEqual(codes(empty), ['DOC011']);
  assert.match(empty.diagnostics[0].message, /empty/);
});

test('a drilldown search or macro definition that is not a string is DOC011 too', () => {
  const drilldown = read('name: x\nsearch: a\ndrilldown_searches:\n- name: d\n  search: [1, 2]\n');
  assert.deepEqual(codes(drilldown), ['DOC011']);
  assert.match(drilldown.diagnostics[0].message, /drilldown_searches\[0\]\.search/);
  const macro = read('name: m\ndefinition: 7\n', MACRO);
  assert.deepEqual(codes(macro), ['DOC011']);
  assert.equal(macro.macros![0].definition, undefined);
});

test('an empty file or a file of comments is a DOC004 warning', () => {
  for (const text of ['', '# only a comment\n', '\n\n']) {
    const document = read(text);
    assert.deepEqual(codes(document), ['DOC004']);
    assert.equal(document.diagnostics[0].severity, 'warning');
    assert.deepEqual(document.searches, []);
    assert.deepEqual(document.symbols, []);
  }
});

test('binary garbage is DOC005 and nothing else is read', () => {
  const text = 'PK\u0003\u0004\u0000\u0000search: x\n';
  const document = read(text);
  assert.deepEqual(codes(document), ['DOC005']);
  assert.equal(document.diagnostics[0].span.start, text.indexOf('\u0000'));
  assert.deepEqual(document.searches, []);
});

test('a document that is not a mapping is DOC010', () => {
  const document = read('- a\n- b\n');
  assert.deepEqual(codes(document), ['DOC010']);
  assert.equal(read('just a string\n').diagnostics[0].code, 'DOC010');
});

test('macro YAML: bad arguments are DOC012, a missing definition DOC036', () => {
  const bad = read('name: m\narguments: x\ndefinition: a\n', MACRO);
  assert.deepEqual(codes(bad), ['DOC012']);
  const missing = read('name: m\ndescription: d\n', MACRO);
  assert.deepEqual(codes(missing), ['DOC036']);
  assert.equal(missing.macros![0].name, 'm');
});

const corpusDetection = readFileSync(
  corpusPath('security_content', 'detections', 'endpoint', 'windows_msiexec_dllregisterserver.yml'),
  'utf8',
);

test('fuzz: random edits of a real detection never throw and keep every map exact', () => {
  const edit = fc.record({
    at: fc.nat({ max: corpusDetection.length }),
    remove: fc.nat({ max: 12 }),
    insert: fc.string({ unit: fc.constantFrom("'", '"', '\\', ' ', '\t', '\n', '\r\n', ':', '- ', '|', '>', '#', '[', '{', '&a', '*a', 'x', '\u0000', '😀'), maxLength: 4 }),
  });
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
      let text = corpusDetection;
      for (const e of edits) text = text.slice(0, e.at) + e.insert + text.slice(Math.min(text.length, e.at + e.remove));
      const document = read(text);
      assert.ok(document.searches.every((s) => !s.approximate), 'the exact decoder agrees with the yaml package on broken input too');
    }),
    { numRuns: 300 },
  );
});

test('fuzz: arbitrary text as a detection, a macro or a conf file never throws', () => {
  const paths = [DETECTION, MACRO, '/w/default/macros.conf', '/w/default/savedsearches.conf', '/w/x.spl'];
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom(...paths), (text, path) => {
      read(text, path);
    }),
    { numRuns: 500 },
  );
});

test('a quoted search continued on unindented lines is read as PyYAML reads it, with DOC006 on each such line', () => {
  const text = "name: x\nsearch: '`sysmon` EventCode=1\n| stats count by dest\n| `x_filter`'\nid: 1\n";
  const document = read(text);
  assert.deepEqual(
    document.diagnostics.map((d) => `${d.code} ${d.severity} ${text.slice(d.span.start, d.span.end)}`),
    ['DOC006 warning | stats count by dest', "DOC006 warning | `x_filter`'"],
  );
  const [search] = document.searches;
  assert.equal(search.text, '`sysmon` EventCode=1 | stats count by dest | `x_filter`');
  assert.equal(search.toFileOffset(search.text.indexOf('| stats')), text.indexOf('| stats'));
  assert.equal(search.toFileOffset(search.text.indexOf('`x_filter`')), text.indexOf('`x_filter`'));
  assert.equal(document.detection!.id, '1');
  assert.deepEqual(document.detection!.keys.id, { start: text.indexOf('id:'), end: text.indexOf('id:') + 2 });
});

test('the repair is not used when the quote never closes', () => {
  const text = "name: x\nsearch: 'a\n| b\nid: 1\n";
  const document = read(text);
  assert.ok(document.diagnostics.every((d) => d.code !== 'DOC006'));
  assert.ok(document.diagnostics.some((d) => d.code === 'DOC001'));
});

/** Calls `work` with about `frames` stack frames already in use, as a deep caller would. */
function withStackInUse<T>(frames: number, work: () => T): T {
  return frames === 0 ? work() : withStackInUse(frames - 1, work);
}

test('YAML nested 1,000 or 100,000 levels deep: one DOC001 at the 101st level (the top mapping is the first), the same from any caller', () => {
  for (const depth of [1_000, 100_000]) {
    const text = `name: deep\nsearch: '| tstats count'\ndescription: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    const expected = [{ code: 'DOC001', start: text.indexOf('[') + 99, message: 'YAML nested more than 100 levels deep; the file is not read' }];
    for (const frames of [0, 3_000]) {
      const document = withStackInUse(frames, () => read(text));
      assert.deepEqual(document.diagnostics.map((d) => ({ code: d.code, start: d.span.start, message: d.message })), expected, `${depth} levels, ${frames} frames in use`);
    }
  }
  const nested = read(`name: ok\nsearch: '| tstats count'\nx: ${'['.repeat(99)}${']'.repeat(99)}\n`);
  assert.deepEqual(codes(nested), [], '100 levels are read');
});

test('an alias bomb in tests: DOC013 at the value, one test whose problem says so; attack_data that is not a list is DOC014', () => {
  let bomb = "name: bomb\nsearch: '| tstats count'\na0: &a0 [x, x, x, x, x, x, x, x, x]\n";
  for (let i = 1; i < 12; i++) bomb += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
  bomb += 'tests:\n- name: t\n  attack_data: *a11\n';
  const document = read(bomb);
  assert.deepEqual(codes(document), ['DOC013']);
  assert.equal(at(bomb, document, 'DOC013'), '- name: t\n  attack_data: *a11');
  assert.match(document.diagnostics[0].message, /^`tests:` uses YAML aliases that expand to more than 10000 nodes \(an alias bomb/);
  assert.deepEqual(document.detection?.tests.map((t) => [t.name, t.attackData.length, /alias bomb/.test(t.problem ?? '')]), [['tests', 0, true]]);

  const scalar = "name: s\nsearch: '| tstats count'\ntests:\n- name: t\n  attack_data: https://example.com/x.log\n";
  const read1 = read(scalar);
  assert.deepEqual(codes(read1), ['DOC014']);
  assert.equal(at(scalar, read1, 'DOC014'), 'https://example.com/x.log');
  assert.equal(read1.detection?.tests[0].problem, '`attack_data` is a single value, not a list of mappings (data:, source:, sourcetype:)');
});
