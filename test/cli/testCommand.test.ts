// `spl-detect test` end to end through bin/spl-detect.js (built by `npm test` before the tests): the
// samples' msiexec detections pass; the fixture workspace test/fixtures/cli/test-command has a pass
// through attack_data_map.json (a join), a pass through a sample's file name (a workspace lookup), a
// detection that finds nothing, one that cannot run locally, one without a local sample.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OFFLINE_ENV } from '../support/offlineEnv';

const root = resolve(__dirname, '../..');
const fixture = 'test/fixtures/cli/test-command';
const sysmonUrl = 'https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/attack_techniques/T1218.007/atomic_red_team/windows-sysmon.log';

function cli(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, [join(root, 'bin/spl-detect.js'), ...args], { cwd, encoding: 'utf8', env: OFFLINE_ENV });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('test samples: both msiexec detections pass on samples/logs/msiexec_sysmon.log, exit 0', () => {
  const result = cli(['test', 'samples']);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.deepEqual(result.stdout.split('\n'), [
    'pass    samples/detections/endpoint/windows_msiexec_dllregisterserver.yml [True Positive Test]: 3 results on samples/logs/msiexec_sysmon.log',
    'pass    samples/detections/endpoint/windows_msiexec_unregister_dllregisterserver.yml [True Positive Test]: 2 results on samples/logs/msiexec_sysmon.log',
    '2 passed, 0 failed',
    '',
  ]);
});

test('a detection that finds nothing fails, one that cannot run fails with the reason and position, one without a sample is skipped; exit 1', () => {
  const result = cli(['test', fixture, '--samples', 'samples']);
  assert.equal(result.code, 1, result.stderr);
  const d = `${fixture}/detections/endpoint`;
  assert.deepEqual(result.stdout.split('\n'), [
    `pass    ${d}/installer_by_lookup.yml [True Positive Test]: 1 result on samples/logs/msiexec_sysmon.log (by file name)`,
    `fail    ${d}/metrics_based.yml [True Positive Test]: cannot run locally: RUN001 mstats reads metrics indexes: there is no metrics data in a local run (${d}/metrics_based.yml:5:12)`,
    `pass    ${d}/msiexec_writes_a_file.yml [True Positive Test]: 1 result on samples/logs/msiexec_sysmon.log`,
    `skipped ${d}/no_local_sample.yml [True Positive Test]: no local sample for windows-sysmon-lsass.log (not in samples/attack_data_map.json, no file of that name under samples, not in the attack data cache; offline: not downloaded)`,
    `fail    ${d}/notepad_spawned_by_msiexec.yml [True Positive Test]: no results on samples/logs/msiexec_sysmon.log: \`Processes.parent_process_name=msiexec.exe\` matched none of 9 events (and 1 more clause: \`Processes.process_name=notepad.exe\`) (${d}/notepad_spawned_by_msiexec.yml:5:65)`,
    '2 passed, 2 failed, 1 skipped',
    '',
  ]);
  const line = readFileSync(join(root, d, 'metrics_based.yml'), 'utf8').split('\n')[4];
  assert.equal(line.slice(11, 17), 'mstats', 'the reported column is the mstats command');
});

test('one detection file runs only its tests; without --samples the detection\'s workspace root is the samples folder', () => {
  const one = cli(['test', `${fixture}/detections/endpoint/notepad_spawned_by_msiexec.yml`, '--samples', 'samples']);
  assert.equal(one.code, 1);
  assert.match(one.stdout, /\n0 passed, 1 failed\n$/);
  const own = cli(['test', `${fixture}/detections/endpoint/installer_by_lookup.yml`]);
  assert.equal(own.code, 0, own.stdout);
  assert.match(own.stdout, /^skipped .*installer_by_lookup\.yml \[True Positive Test\]: no local sample for msiexec_sysmon\.log \(not in test\/fixtures\/cli\/test-command\/attack_data_map\.json/);
  assert.match(own.stdout, /\n0 passed, 0 failed, 1 skipped\n$/);
});

test('a test with several attack_data files passes on the local ones; with no result and a missing file it is skipped', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spl-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'detections'));
  mkdirSync(join(dir, 'data'));
  copyFileSync(join(root, 'samples/logs/msiexec_sysmon.log'), join(dir, 'data/sysmon-copy.log'));
  writeFileSync(join(dir, 'attack_data_map.json'), JSON.stringify({ files: { [sysmonUrl]: { file: 'data/sysmon-copy.log' } } }));
  const detection = (name: string, where: string) =>
    [
      `name: ${name}`,
      `search: '| tstats count from datamodel=Endpoint.Processes where ${where} by Processes.dest'`,
      'tests:',
      '- name: Two Files',
      '  attack_data:',
      `  - data: ${sysmonUrl}`,
      '    source: XmlWinEventLog:Microsoft-Windows-Sysmon/Operational',
      '    sourcetype: xmlwineventlog',
      '  - data: https://example.invalid/datasets/other/security.log',
      '    sourcetype: xmlwineventlog',
    ].join('\n') + '\n';
  writeFileSync(join(dir, 'detections/finds.yml'), detection('Finds', 'Processes.process_name=xcopy.exe'));
  writeFileSync(join(dir, 'detections/misses.yml'), detection('Misses', 'Processes.process_name=notepad.exe'));
  const result = cli(['test', '.'], dir);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.deepEqual(result.stdout.split('\n'), [
    'pass    detections/finds.yml [Two Files]: 1 result on data/sysmon-copy.log; no local sample for security.log',
    'skipped detections/misses.yml [Two Files]: no results on data/sysmon-copy.log, and no local sample for security.log (not in attack_data_map.json, no file of that name under ., not in the attack data cache; offline: not downloaded)',
    '1 passed, 0 failed, 1 skipped',
    '',
  ]);
  writeFileSync(join(dir, 'attack_data_map.json'), '{ not json');
  const bad = cli(['test', '.'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /attack_data_map\.json is not valid JSON/);
});

test('bad usage exits 2: no PATH, a missing samples folder, a file that is not a detection; --help describes the command', () => {
  assert.equal(cli(['test']).code, 2);
  const samples = cli(['test', 'samples', '--samples', 'no/such/folder']);
  assert.equal(samples.code, 2);
  assert.match(samples.stderr, /no such samples folder: no\/such\/folder/);
  const macro = cli(['test', 'samples/macros/process_msiexec.yml']);
  assert.equal(macro.code, 2);
  assert.match(macro.stderr, /is not a detection YAML/);
  const help = cli(['test', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^spl-detect test PATH\.\.\. \[--samples DIR\]/);
  assert.match(cli(['--help']).stdout, /spl-detect test PATH/);
});
