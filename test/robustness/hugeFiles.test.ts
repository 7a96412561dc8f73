// Files and searches past the bounds of docs/limits.md, through the CLI in a process held to a
// 256 MB heap: a 20 MB detection (one OR chain) is refused with DOC009 by check and run without
// being read, a detection next to it is checked without paying for it, and a 2 MB search in a
// small file is refused with SPL016 at the search by check and run. Long files are indexed when
// first needed, with the answers of files indexed at load.
import { configWithoutWholeDocumentChecks } from '../support/wholeDocumentChecks';
import { hangGuarded } from '../support/hangGuard';
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_SEARCH_LENGTH } from '../../server/src/spl/parser';
import { MAX_DOCUMENT_LENGTH } from '../../server/src/workspace/documents';
import { INDEX_AT_LOAD_LENGTH, Project } from '../../server/src/workspace/project';
import { ROOT } from '../lsp/harness';

const GUARD = { timeout: 60_000 };
let workspace: string;

/** A detection whose search is an OR chain of at least `length` characters. */
function orChainDetection(length: number): string {
  const terms: string[] = [];
  for (let i = 0, total = 0; total < length; i++) {
    terms.push(`process_name=proc${i}.exe`);
    total += terms[i].length + ' OR '.length;
  }
  return `name: Or Chain\nid: 5f1c8a52-3c0d-4e4b-9d51-000000000050\nsearch: '${terms.join(' OR ')} | stats count by process_name'\n`;
}

before(() => {
  workspace = mkdtempSync(join(tmpdir(), 'spl-huge-'));
  mkdirSync(join(workspace, 'detections'));
  writeFileSync(join(workspace, 'detections/huge.yml'), orChainDetection(2 * MAX_DOCUMENT_LENGTH));
  writeFileSync(join(workspace, 'detections/long_search.yml'), orChainDetection(2 * MAX_SEARCH_LENGTH));
  writeFileSync(join(workspace, 'detections/small.yml'), "name: Small\nid: 5f1c8a52-3c0d-4e4b-9d51-000000000051\nsearch: 'process_name=msiexec.exe | stats count by process_name | `small_filter`'\n");
  writeFileSync(join(workspace, '.spl-detect.json'), configWithoutWholeDocumentChecks());
  writeFileSync(join(workspace, 'sysmon.log'), '{"process_name":"msiexec.exe"}\n');
});

after(() => rmSync(workspace, { recursive: true, force: true }));

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ['--max-old-space-size=256', join(ROOT, 'bin/spl-detect.js'), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonReport {
  files: number;
  diagnostics: { file: string; line: number; column: number; code: string; message: string }[];
}

hangGuarded('a detection next to a 20 MB one is checked and run without reading the large one', GUARD, () => {
  const check = cli('check', join(workspace, 'detections/small.yml'), '--format', 'json');
  assert.equal(check.code, 0, check.stderr.slice(-2000));
  const report = JSON.parse(check.stdout) as JsonReport;
  assert.equal(report.files, 1);
  assert.deepEqual(report.diagnostics, []);
  const run = cli('run', join(workspace, 'detections/small.yml'), '--log', join(workspace, 'sysmon.log'));
  assert.equal(run.code, 0, run.stderr.slice(-2000));
  assert.match(run.stdout + run.stderr, /^1 result\(s\)/m);
});

hangGuarded(`a file past ${MAX_DOCUMENT_LENGTH} characters is refused by check and run with DOC009, never read`, GUARD, () => {
  const huge = join(workspace, 'detections/huge.yml');
  const check = cli('check', huge, '--format', 'json');
  assert.equal(check.code, 1, check.stderr.slice(-2000));
  const report = JSON.parse(check.stdout) as JsonReport;
  assert.deepEqual(report.diagnostics.map((d) => [d.code, d.line, d.column]), [['DOC009', 1, 1]]);
  assert.match(report.diagnostics[0].message, new RegExp(`^The file is \\d+ characters long, past the bound of ${MAX_DOCUMENT_LENGTH}: its searches and macros are not read, checked or run$`));
  const run = cli('run', huge, '--log', join(workspace, 'sysmon.log'));
  assert.equal(run.code, 1);
  assert.match(run.stdout + run.stderr, /DOC009: The file is \d+ characters long/);
  assert.ok((run.stdout + run.stderr).length < 2_000, 'no part of the file is echoed');
});

hangGuarded(`a search past ${MAX_SEARCH_LENGTH} characters is refused by check and run with SPL016 at the search`, GUARD, () => {
  const file = join(workspace, 'detections/long_search.yml');
  const check = cli('check', file, '--format', 'json');
  assert.equal(check.code, 1, check.stderr.slice(-2000));
  const report = JSON.parse(check.stdout) as JsonReport;
  assert.deepEqual(report.diagnostics.map((d) => [d.code, d.line, d.column]), [['SPL016', 3, 10]]);
  const run = cli('run', file, '--log', join(workspace, 'sysmon.log'));
  assert.equal(run.code, 1);
  assert.match(run.stdout + run.stderr, /long_search\.yml:3:10: error SPL016: The search is \d+ characters long, past the bound of 1000000; it is not checked or run/);
  assert.ok((run.stdout + run.stderr).length < 2_000, 'the search is not echoed');
});

hangGuarded(`a file longer than ${INDEX_AT_LOAD_LENGTH} characters is indexed when its calls are first needed, with the same answers`, GUARD, () => {
  const project = new Project();
  const long = `search ${'x=1 OR '.repeat(INDEX_AT_LOAD_LENGTH / 6)}\`shared_macro\``;
  assert.ok(long.length > INDEX_AT_LOAD_LENGTH);
  project.upsert('/ws/searches/long.spl', long);
  project.upsert('/ws/searches/short.spl', 'search `shared_macro` | `other_macro`');
  assert.deepEqual(project.references('shared_macro').map((r) => [r.path, r.span.start]), [
    ['/ws/searches/long.spl', long.indexOf('`shared_macro`')],
    ['/ws/searches/short.spl', 'search '.length],
  ]);
  assert.equal(project.isReferenced('other_macro', 0), true);
  project.upsert('/ws/searches/long.spl', 'search `renamed_macro`');
  assert.deepEqual(project.references('renamed_macro').map((r) => r.path), ['/ws/searches/long.spl']);
  assert.equal(project.references('shared_macro').length, 1);
});
