// `spl-detect run` end to end through bin/spl-detect.js (built by `npm test` before the tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TEST_GEOIP_NETWORKS, writeMmdb } from '../../support/mmdbWriter';

const root = resolve(__dirname, '../../..');
const detection = 'samples/detections/endpoint/windows_msiexec_dllregisterserver.yml';
const log = 'samples/logs/msiexec_sysmon.log';

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'bin/spl-detect.js'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('run --format json prints results with their event lines, stats and explain', () => {
  const result = cli('run', detection, '--log', log, '--format', 'json', '--explain');
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.deepEqual(Object.keys(report), ['results', 'stats', 'explain', 'problems']);
  assert.deepEqual(report.results.map((r: { events: number[] }) => r.events).sort(), [[2], [5], [6]]);
  assert.equal(report.results[0].fields.process_name, 'msiexec.exe');
  assert.equal(report.stats.eventsRead, 11);
  assert.equal(report.stats.eventsUnparsed, 0);
  assert.equal(typeof report.stats.ms, 'number');
  const dash = report.explain.find((e: { label: string }) => e.label === 'Processes.process="*-y*"');
  assert.equal(dash.count, 1);
  assert.equal(dash.file, detection);
  assert.equal(dash.line, 13);
});

test('run prints each hit with its log line; --explain lists clause counts at file:line:column', () => {
  const result = cli('run', detection, '--log', log, '--explain');
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /result 1: events at line \d/);
  assert.match(result.stdout, /process\s+= MSIEXEC\.EXE \/Y /);
  assert.match(result.stdout, /^\s+5: <Event xmlns=/m);
  assert.match(result.stdout, new RegExp(`${detection.replace(/\./g, '\\.')}:13:\\d+  Processes\\.process="\\*/y\\*": 4 of 9`));
  assert.match(result.stdout, /Processes\.process_name=msiexec\.exe: 6 of 9 \(via samples\/macros\/process_msiexec\.yml\)/);
  assert.match(result.stderr, /3 result\(s\); 11 events read, 0 unparsed, 0 skipped by the fast path/);
});

test('run says what the fast path required of each line and how many lines it skipped', () => {
  const result = cli('run', detection, '--log', log);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /3 result\(s\); 10 events read, 0 unparsed, 1 skipped by the fast path \(lines without msiexec\.exe\), \d+\.\d ms\n$/);
});

test('run without --log reads the detection test data mapped in attack_data_map.json; csv output', () => {
  const result = cli('run', 'samples/detections/endpoint/windows_msiexec_unregister_dllregisterserver.yml', '--format', 'csv');
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.trim().split('\n');
  assert.ok(lines[0].startsWith('count,firstTime,lastTime,dest,user,'));
  assert.ok(lines[0].endsWith(',_events'));
  assert.deepEqual(lines.slice(1).map((l) => l.split(',').pop()).sort(), ['3', '8']);
});

test('run: usage errors exit 2, a run error exits 1 with its position', () => {
  assert.equal(cli('run').code, 2);
  assert.equal(cli('run', detection, '--log', 'no/such.log').code, 2);
  assert.equal(cli('run', detection, '--log', log, '--format', 'xml').code, 2);
  assert.equal(cli('run', detection, '--log', log, '--max-events', 'x').code, 2);
  const workspace = mkdtempSync(join(tmpdir(), 'spl-run-'));
  mkdirSync(join(workspace, 'detections'));
  cpSync(join(root, 'samples/macros'), join(workspace, 'macros'), { recursive: true });
  const file = join(workspace, 'detections/bad.yml');
  writeFileSync(file, "name: Bad\nsearch: '| tstats count from datamodel=Endpoint.Processes by Processes.dest | transpose'\n");
  const result = cli('run', file, '--log', log);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /bad\.yml:2:\d+: error RUN001: command 'transpose' is not supported/);
});

test('run --geoip FILE gives iplocation its database; without it the run fails at iplocation; a missing file exits 2', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'spl-run-geoip-'));
  mkdirSync(join(workspace, 'detections'));
  writeFileSync(join(workspace, 'GeoLite2-City.mmdb'), writeMmdb(TEST_GEOIP_NETWORKS));
  const logins = [{ user: 'ann', src: '81.2.69.142' }, { user: 'ann', src: '216.160.83.60' }, { user: 'bo', src: '10.0.0.7' }];
  writeFileSync(join(workspace, 'logins.json'), logins.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const file = join(workspace, 'detections/logins_from_two_countries.yml');
  writeFileSync(file, "name: Logins From Two Countries\nsearch: 'user=* | iplocation src | stats dc(Country) as countries values(City) as cities by user | where countries > 1'\n");
  const located = spawnSync(process.execPath, [join(root, 'bin/spl-detect.js'), 'run', file, '--log', 'logins.json', '--geoip', 'GeoLite2-City.mmdb', '--format', 'csv'], { cwd: workspace, encoding: 'utf8' });
  assert.equal(located.status, 0, located.stderr);
  // A multivalue field is one quoted CSV cell, one value per line.
  assert.equal(located.stdout, 'user,countries,cities,_events\nann,2,"London\nMilton",1 2\n');
  const without = spawnSync(process.execPath, [join(root, 'bin/spl-detect.js'), 'run', file, '--log', 'logins.json'], { cwd: workspace, encoding: 'utf8' });
  assert.equal(without.status, 1);
  assert.match(without.stderr, /logins_from_two_countries\.yml:2:\d+: error RUN005: iplocation needs a GeoIP database: .*--geoip FILE/);
  const missing = spawnSync(process.execPath, [join(root, 'bin/spl-detect.js'), 'run', file, '--log', 'logins.json', '--geoip', 'nowhere.mmdb'], { cwd: workspace, encoding: 'utf8' });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no such GeoIP database: nowhere\.mmdb/);
});
