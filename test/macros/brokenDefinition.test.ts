// A macro whose `definition:` is a list, a number or missing used to expand to nothing, so `run`
// ran another search (5 results instead of 3 on the sample log) and `expand` printed it: the call
// now stops both with MAC012 at the call in the detection, pointing at the macro's file. Through
// bin/spl-detect.js on copies of samples/; layering of macros.conf in-process on real files.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expandSearch } from '../../server/src/macros/expand';
import { Project } from '../../server/src/workspace/project';

const ROOT = resolve(__dirname, '../..');
const DETECTION = 'detections/endpoint/windows_msiexec_dllregisterserver.yml';
let scratch: string;

before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'spl-broken-macro-'));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

function cli(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/spl-detect.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Line and column (1-based) of the detection's `process_msiexec` call. */
function callPosition(workspace: string): string {
  const lines = readFileSync(join(workspace, DETECTION), 'utf8').split('\n');
  const line = lines.findIndex((l) => l.startsWith('search:'));
  return `${line + 1}:${lines[line].indexOf('`process_msiexec`') + 1}`;
}

const BROKEN: Array<[string, string, RegExp]> = [
  ['a list', 'name: process_msiexec\ndefinition:\n- Processes.process_name=msiexec.exe\n', /cannot be expanded: its `definition:` is a list, not an SPL string/],
  ['a number', 'name: process_msiexec\ndefinition: 42\n', /cannot be expanded: its `definition:` is a number, not a string/],
  ['missing', 'name: process_msiexec\ndescription: no definition\n', /cannot be expanded: it has no `definition:`/],
];

test('run, expand and check through a macro whose definition is a list, a number or missing stop with MAC012 at the call', () => {
  for (const [what, yaml, reason] of BROKEN) {
    const workspace = join(scratch, what.replace(/ /g, '-'));
    cpSync(join(ROOT, 'samples'), workspace, { recursive: true });
    writeFileSync(join(workspace, 'macros/process_msiexec.yml'), yaml);
    const at = `${DETECTION}:${callPosition(workspace)}: error MAC012: Macro \`process_msiexec\``;
    const run = cli(['run', DETECTION], workspace);
    assert.equal(run.code, 1, `${what}: ${run.stdout}${run.stderr}`);
    assert.equal(run.stdout, '', `${what}: no result rows`);
    assert.ok(run.stderr.includes(at), `${what}: ${run.stderr}`);
    assert.match(run.stderr, reason);
    assert.match(run.stderr, /^0 result\(s\); 0 events read/m);
    const expand = cli(['expand', DETECTION], workspace);
    assert.equal(expand.code, 1, what);
    assert.ok(expand.stderr.includes(at), `${what}: ${expand.stderr}`);
    assert.match(expand.stdout, /`process_msiexec`/, `${what}: the call is kept, not replaced by nothing`);
    const check = cli(['check', DETECTION, '--format', 'json'], workspace);
    const diagnostics = (JSON.parse(check.stdout) as { diagnostics: { file: string; code: string; message: string }[] }).diagnostics;
    assert.deepEqual(diagnostics.filter((d) => d.code === 'MAC012').map((d) => d.file), [DETECTION], what);
  }
});

test('a local/macros.conf stanza without definition takes default/macros.conf\'s, as Splunk merges layers key by key', () => {
  const app = join(scratch, 'app');
  mkdirSync(join(app, 'default'), { recursive: true });
  mkdirSync(join(app, 'local'));
  writeFileSync(join(app, 'default/macros.conf'), '[suspicious]\ndefinition = process_name=evil.exe\n');
  writeFileSync(join(app, 'local/macros.conf'), '[suspicious]\ndescription = tuned locally\n\n[only_local]\ndescription = nothing else\n');
  const project = Project.load([app]);
  const merged = expandSearch('`suspicious` | stats count', project.macros);
  assert.equal(merged.text, 'process_name=evil.exe | stats count');
  assert.deepEqual(merged.diagnostics, []);
  const missing = expandSearch('`only_local`', project.macros);
  assert.equal(missing.complete, false);
  assert.deepEqual(missing.diagnostics.map((d) => [d.code, d.message, d.related?.[0]?.file]), [
    ['MAC012', 'Macro `only_local` cannot be expanded: it has no `definition`', join(app, 'local/macros.conf')],
  ]);
});
