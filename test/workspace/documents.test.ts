import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { discoverFiles } from '../../server/src/workspace/discover';
import { classifyPath, readSplDocument } from '../../server/src/workspace/documents';
import { mappingProblems } from './mappingOracle';

const FIXTURES = resolve(__dirname, '../fixtures/workspace');

test('classifyPath: by extension, file name and nearest folder', () => {
  const cases: [string, ReturnType<typeof classifyPath>][] = [
    ['/w/hunting.spl', 'spl'],
    ['C:\\w\\HUNT.SPL', 'spl'],
    ['/w/security_content/detections/endpoint/a.yml', 'detection'],
    ['/w/detections/a.yaml', 'detection'],
    ['C:\\repo\\Detections\\cloud\\b.YML', 'detection'],
    ['/w/security_content/macros/sysmon.yml', 'macro-yaml'],
    ['/w/detections/macros/x.yml', 'macro-yaml'],
    ['/w/macros/detections/x.yml', 'detection'],
    ['/app/default/macros.conf', 'macros-conf'],
    ['/app/local/savedsearches.conf', 'savedsearches-conf'],
    ['/w/data_sources/sysmon.yml', undefined],
    ['/w/detections.yml', undefined],
    ['/w/detections/readme.md', undefined],
    ['/app/default/props.conf', undefined],
    ['', undefined],
  ];
  for (const [path, kind] of cases) assert.equal(classifyPath(path), kind, path);
});

test('discoverFiles: accepted files under folders and files, sorted, without node_modules or dot-folders', () => {
  const root = mkdtempSync(join(tmpdir(), 'spl-discover-'));
  try {
    const write = (relative: string, text = 'name: x\nsearch: x\n') => {
      mkdirSync(join(root, relative, '..'), { recursive: true });
      writeFileSync(join(root, relative), text);
    };
    write('b/detections/z.yml');
    write('a/detections/y.yml');
    write('a/macros/m.yml');
    write('a/default/macros.conf', '[m]\ndefinition = x\n');
    write('a/hunt.spl', 'index=main');
    write('a/detections/notes.txt');
    write('node_modules/detections/ignored.yml');
    write('a/.git/detections/ignored.yml');
    write('.cache/detections/ignored.yml');
    symlinkSync(join(root, 'a'), join(root, 'b', 'loop'));
    const found = discoverFiles([root, join(root, 'a/hunt.spl'), join(root, 'missing')]);
    assert.deepEqual(
      found.map((path) => path.slice(root.length + 1)),
      ['a/default/macros.conf', 'a/detections/y.yml', 'a/hunt.spl', 'a/macros/m.yml', 'b/detections/z.yml'],
    );
    assert.deepEqual(discoverFiles([join(root, '.cache')]).map((path) => path.slice(root.length + 1)), ['.cache/detections/ignored.yml']);
    assert.deepEqual(discoverFiles([join(root, 'a/detections/notes.txt')]), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a .spl file is one search with the identity map', () => {
  const text = '| tstats count\n| sort - count\n';
  const document = readSplDocument('/w/hunt.spl', text);
  assert.equal(document.kind, 'spl');
  assert.deepEqual(document.diagnostics, []);
  const [search] = document.searches;
  assert.equal(search.role, 'spl-file');
  assert.equal(search.text, text);
  for (let i = 0; i <= text.length; i++) assert.equal(search.toFileOffset(i), i);
  assert.equal(search.charEndInFile(3), 4);
  assert.deepEqual(document.symbols.map((s) => [s.name, s.kind]), [['hunt.spl', 'search']]);
  const withBom = readSplDocument('/w/hunt.spl', '\uFEFFindex=main');
  assert.equal(withBom.searches[0].text, 'index=main');
  assert.equal(withBom.searches[0].toFileOffset(0), 1);
});

test('a path classifyPath does not know is read by extension and content', () => {
  assert.equal(readSplDocument('/tmp/untitled.yml', 'name: x\nsearch: a\n').kind, 'detection');
  assert.equal(readSplDocument('/tmp/untitled.yml', 'name: x\ndefinition: a\n').kind, 'macro-yaml');
  assert.equal(readSplDocument('/tmp/app.conf', '[m]\ndefinition = a\n').kind, 'macros-conf');
  assert.equal(readSplDocument('/tmp/app.conf', '[s]\nsearch = a\n').kind, 'savedsearches-conf');
  assert.equal(readSplDocument('/tmp/query.txt', 'index=main').kind, 'spl');
});

test('detection symbols: the detection, its search, each drilldown and each test', () => {
  const path = join(FIXTURES, 'detections/endpoint/crlf_bom_detection.yml');
  const text = readFileSync(path, 'utf8');
  const document = readSplDocument(path, text);
  const [top] = document.symbols;
  assert.equal(top.name, 'CRLF And BOM Detection');
  assert.equal(top.kind, 'detection');
  assert.equal(top.detail, '0d9a1a7e-0000-4000-8000-000000000001');
  assert.equal(text.slice(top.selectionSpan.start, top.selectionSpan.end), 'CRLF And BOM Detection');
  assert.deepEqual(top.children.map((c) => [c.name, c.kind, c.detail]), [
    ['search', 'search', '| tstats `security_content_summariesonly` count from datamo…'],
    ['View the detection results for $dest$', 'search', 'drilldown_searches[0].search'],
    ['True Positive Test', 'test', '1 attack data file'],
  ]);
  for (const child of top.children) {
    assert.ok(child.span.start >= top.span.start && child.span.end <= top.span.end, child.name);
    assert.ok(child.selectionSpan.start >= child.span.start && child.selectionSpan.end <= child.span.end, child.name);
  }
  assert.deepEqual(document.detection!.tests, [
    {
      name: 'True Positive Test',
      attackData: [
        {
          data: 'https://example.com/attack_data/msiexec.log',
          source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational',
          sourcetype: 'xmlwineventlog',
        },
      ],
    },
  ]);
});

/** A readable view of what the document layer reads from a file, for the golden files. */
function view(path: string) {
  const text = readFileSync(path, 'utf8');
  const document = readSplDocument(path, text);
  const at = (span: { start: number; end: number }) => text.slice(span.start, span.end);
  const symbol = (s: (typeof document.symbols)[number]): unknown => ({
    name: s.name,
    kind: s.kind,
    ...(s.detail ? { detail: s.detail } : {}),
    selection: at(s.selectionSpan),
    ...(s.children.length ? { children: s.children.map(symbol) } : {}),
  });
  for (const search of document.searches) assert.deepEqual(mappingProblems(text, search), [], `${path} ${search.label}`);
  return {
    kind: document.kind,
    diagnostics: document.diagnostics.map((d) => `${d.code} ${d.severity} ${JSON.stringify(at(d.span))}: ${d.message}`),
    searches: document.searches.map((s) => ({ label: s.label, role: s.role, text: s.text, written: at(s.fileSpan) })),
    symbols: document.symbols.map(symbol),
    ...(document.detection
      ? { detection: { ...document.detection, nameSpan: undefined, tree: undefined, keys: Object.keys(document.detection.keys) } }
      : {}),
    ...(document.macros
      ? { macros: document.macros.map((m) => ({ ...m, definition: m.definition?.text, nameSpan: at(m.nameSpan), stanzaSpan: undefined })) }
      : {}),
  };
}

test('golden: what each fixture file reads as (UPDATE_GOLDEN=1 rewrites)', () => {
  const files = discoverFiles([FIXTURES]);
  assert.ok(files.length >= 6, `fixtures found: ${files.length}`);
  const goldenDir = join(FIXTURES, 'golden');
  const expected = new Set<string>();
  for (const file of files) {
    const name = file.slice(FIXTURES.length + 1).replace(/[\\/]/g, '__') + '.json';
    expected.add(name);
    const actual = JSON.stringify(view(file), null, 2) + '\n';
    const goldenPath = join(goldenDir, name);
    if (process.env.UPDATE_GOLDEN) {
      mkdirSync(goldenDir, { recursive: true });
      writeFileSync(goldenPath, actual);
    } else {
      assert.equal(actual, readFileSync(goldenPath, 'utf8'), `${name} (UPDATE_GOLDEN=1 to accept)`);
    }
  }
  const stale = (existsSync(goldenDir) ? readdirSync(goldenDir) : []).filter((name) => !expected.has(name));
  assert.deepEqual(stale, [], 'golden files without a fixture');
});
