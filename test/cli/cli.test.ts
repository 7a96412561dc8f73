import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { corpusPath } from '../../scripts/corpus/locate.mjs';

const root = resolve(__dirname, '../..');
const corpus = corpusPath('security_content');
const broken = join(root, 'test/fixtures/cli/broken');

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'bin/spl-detect.js'), ...args], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonReport {
  files: number;
  searches: number;
  diagnostics: { file: string; line: number; column: number; endLine: number; endColumn: number; severity: string; code: string; message: string }[];
}

test('--help lists the commands and exits 0; no command is bad usage', () => {
  const help = cli('--help');
  assert.equal(help.code, 0);
  for (const command of ['parse', 'expand', 'check']) assert.match(help.stdout, new RegExp(`spl-detect ${command} `));
  assert.equal(cli().code, 2);
  assert.equal(cli('frobnicate').code, 2);
  assert.equal(cli('parse').code, 2);
  assert.equal(cli('parse', 'no/such/path').code, 2);
  assert.equal(cli('parse', 'samples', '--format', 'xml').code, 2);
  assert.equal(cli('parse', '--bogus', 'samples').code, 2);
});

test('parse on the samples finds every search and no error', () => {
  const result = cli('parse', 'samples', '--format', 'json');
  assert.equal(result.code, 0, result.stdout + result.stderr);
  const report = JSON.parse(result.stdout) as JsonReport;
  assert.equal(report.files, 8);
  // 2 detections x (search + 2 drilldowns) + 6 macro definitions
  assert.equal(report.searches, 12);
  assert.deepEqual(report.diagnostics.filter((d) => d.severity === 'error'), []);
});

test('parse reports a syntax error at its line and column in the YAML file, exit 1', () => {
  const file = join(broken, 'detections/broken_search.yml');
  const result = cli('parse', file, '--format', 'json');
  assert.equal(result.code, 1);
  const report = JSON.parse(result.stdout) as JsonReport;
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  assert.ok(errors.length >= 1, result.stdout);
  const line = readFileSync(file, 'utf8').split('\n')[errors[0].line - 1];
  assert.ok(line.startsWith('search:'), 'the error is on the search line');
  // The unclosed `if(` is the error: its position must be inside the eval, after `x=`.
  assert.ok(errors[0].column > line.indexOf('eval x='), JSON.stringify(errors[0]));
  const text = cli('parse', file);
  assert.match(text.stdout, /broken_search\.yml:3:\d+: error SPL\d{3}: /);
});

test('expand prints the msiexec detection fully expanded, one command per line', () => {
  const result = cli('expand', 'samples/detections/endpoint/windows_msiexec_dllregisterserver.yml');
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  assert.equal(
    lines[0],
    '| tstats summariesonly=false allow_old_summaries=true fillnull_value=null count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes where (Processes.process_name=msiexec.exe OR Processes.original_file_name=msiexec.exe) Processes.process IN ("*/y*", "*-y*") by Processes.dest Processes.user Processes.parent_process_name Processes.process_name Processes.original_file_name Processes.process Processes.process_id Processes.parent_process_id',
  );
  assert.deepEqual(lines.slice(1), [
    '| rename Processes.* AS *',
    '| convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(firstTime)',
    '| convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(lastTime)',
    '| search *',
  ]);
  const raw = cli('expand', '--raw', 'samples/detections/endpoint/windows_msiexec_dllregisterserver.yml');
  assert.equal(raw.stdout.split('\n').length, 2);
});

test('check reports undefined macros, filter mismatches and unused macros with positions', () => {
  const result = cli('check', broken, '--format', 'json');
  assert.equal(result.code, 1);
  const report = JSON.parse(result.stdout) as JsonReport;
  const byCode = (code: string) => report.diagnostics.filter((d) => d.code === code);
  const undefinedMacro = byCode('MAC001');
  assert.equal(undefinedMacro.length, 1);
  assert.match(undefinedMacro[0].message, /`undefined_thing`/);
  const searchLine = readFileSync(join(broken, 'detections/broken_search.yml'), 'utf8').split('\n')[2];
  assert.equal(undefinedMacro[0].column, searchLine.indexOf('undefined_thing') + 1);
  const mismatch = byCode('MAC007');
  assert.equal(mismatch.length, 1);
  assert.match(mismatch[0].message, /`wrong_filter_filter`/);
  assert.deepEqual(byCode('MAC006').map((d) => d.file.split('/').pop()), ['never_called.yml']);
});

test('check --format sarif writes SARIF 2.1.0 with rules and 1-based regions', () => {
  const result = cli('check', broken, '--format', 'sarif');
  assert.equal(result.code, 1);
  const sarif = JSON.parse(result.stdout);
  assert.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0];
  assert.equal(run.tool.driver.name, 'spl-detect');
  const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
  assert.ok(ids.includes('MAC001'));
  for (const res of run.results) {
    assert.equal(ids[res.ruleIndex], res.ruleId);
    const region = res.locations[0].physicalLocation.region;
    assert.ok(region.startLine >= 1 && region.startColumn >= 1);
    assert.ok(['error', 'warning', 'note'].includes(res.level));
  }
});

test('check on the corpus: every active detection expands; only the macros absent from the corpus are undefined', () => {
  const result = cli('check', join(corpus, 'detections'), '--format', 'json');
  const report = JSON.parse(result.stdout) as JsonReport;
  assert.equal(report.files, 1711);
  const undefinedIn = (list: JsonReport['diagnostics']) =>
    [...new Set(list.filter((d) => d.code === 'MAC001').map((d) => /`([^`(]+)/.exec(d.message)?.[1]))].sort();
  const active = report.diagnostics.filter((d) => !d.file.includes('/deprecated/'));
  // Both come from Splunk's CIM / ES apps (shared/README.md); only deprecated detections call the second.
  assert.deepEqual(undefinedIn(report.diagnostics), ['cim_corporate_web_domain_search', 'get_asset']);
  assert.deepEqual(undefinedIn(active), ['get_asset']);
  const otherMacroProblems = active.filter((d) => d.code.startsWith('MAC') && d.code !== 'MAC001' && d.code !== 'MAC007');
  assert.deepEqual(otherMacroProblems, []);
});
