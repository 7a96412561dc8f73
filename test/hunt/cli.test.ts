// spl-detect hunt through the real binary: the JSON report's shape, the skipped detections with
// their reason and position, the timeline in CSV and JSON lines, the other formats and bad usage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const SYSMON = ['--sourcetype', 'xmlwineventlog', '--source', 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational'];

function cli(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'bin/spl-detect.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The samples' workspace plus a detection the engine cannot run and a deprecated one. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hunt-cli-'));
  for (const part of ['detections', 'macros', 'logs']) cpSync(join(root, 'samples', part), join(dir, part), { recursive: true });
  writeFileSync(join(dir, 'detections/endpoint/unsupported.yml'), [
    'name: Uses Anomalydetection', 'id: 00000000-0000-4000-8000-000000000001', 'status: production',
    'search: sourcetype=xmlwineventlog msiexec.exe', '  | anomalydetection', '',
  ].join('\n'));
  writeFileSync(join(dir, 'detections/endpoint/old.yml'), [
    'name: Old Msiexec', 'id: 00000000-0000-4000-8000-000000000002', 'status: deprecated', "search: 'msiexec.exe'", '',
  ].join('\n'));
  return dir;
}

test('hunt --format json: one entry per detection that ran, rows and event lines; skipped ones with the reason at their line', () => {
  const dir = workspace();
  const result = cli(dir, 'hunt', 'logs/msiexec_sysmon.log', ...SYSMON, '--format', 'json');
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.deepEqual(Object.keys(report), ['detections', 'skipped', 'stats']);
  assert.deepEqual(report.detections, [
    { file: 'detections/endpoint/windows_msiexec_dllregisterserver.yml', name: 'Windows MSIExec DLLRegisterServer', rows: 3, events: [2, 5, 6] },
    { file: 'detections/endpoint/windows_msiexec_unregister_dllregisterserver.yml', name: 'Windows MSIExec Unregister DLLRegisterServer', rows: 2, events: [3, 8] },
  ]);
  assert.equal(report.skipped.length, 1);
  assert.equal(report.skipped[0].file, 'detections/endpoint/unsupported.yml');
  assert.match(report.skipped[0].reason, /^RUN001: command 'anomalydetection' is not supported.*\(line 5, column 5\)$/);
  assert.equal(report.stats.events, 11);
  assert.equal(report.stats.detections, 2);
  assert.equal(typeof report.stats.ms, 'number');
  // Where the time went: the parts are the hunt's own, within its total.
  const { prepareMs, readMs, closeMs } = report.stats;
  assert.ok([prepareMs, readMs, closeMs].every((part) => Number.isInteger(part) && part >= 0), JSON.stringify(report.stats));
  assert.ok(prepareMs + readMs + closeMs <= report.stats.ms + 2, JSON.stringify(report.stats));
  // Deprecated detections run only when asked.
  const all = JSON.parse(cli(dir, 'hunt', 'logs/msiexec_sysmon.log', ...SYSMON, '--format', 'json', '--include-deprecated').stdout);
  const old = all.detections.find((d: { name: string }) => d.name === 'Old Msiexec');
  assert.deepEqual(old, { file: 'detections/endpoint/old.yml', name: 'Old Msiexec', rows: 10, events: [1, 2, 3, 4, 5, 6, 7, 8, 10, 11] });
});

test('hunt --max-buffered-rows: past it the detection holding the most is left out, said in the summary and the report', () => {
  const dir = workspace();
  // The two msiexec detections hold 3 and 2 grouped rows: past 2 together, the one holding 3 goes.
  const result = cli(dir, 'hunt', 'logs/msiexec_sysmon.log', ...SYSMON, '--format', 'json', '--max-buffered-rows', '2');
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /1 detection\(s\) ran, 1 with results, 2 skipped \(1 of them left out past --max-buffered-rows 2: raise it to run them\)/);
  const report = JSON.parse(result.stdout);
  assert.equal(report.stats.leftOut, 1);
  assert.deepEqual(report.detections.map((d: { file: string; rows: number }) => [d.file, d.rows]), [['detections/endpoint/windows_msiexec_unregister_dllregisterserver.yml', 2]]);
  const left = report.skipped.filter((s: { reason: string }) => s.reason.startsWith('RUN006'));
  assert.deepEqual(left.map((s: { file: string }) => s.file), ['detections/endpoint/windows_msiexec_dllregisterserver.yml']);
  assert.match(left[0].reason, /^RUN006: tstats held 3 rows when the hunt's detections together held more than 2 \(--max-buffered-rows\): left out of the hunt; .* \(line \d+, column \d+\)$/);
  assert.equal(cli(dir, 'hunt', 'logs/msiexec_sysmon.log', ...SYSMON, '--max-buffered-rows', '0').code, 2);
});

test('hunt --timeline writes one row per hit event with its UTC time, host, risk score and filled risk message', () => {
  const dir = workspace();
  const csv = cli(dir, 'hunt', 'logs/msiexec_sysmon.log', ...SYSMON, '--timeline', 'hits.csv');
  assert.equal(csv.code, 0, csv.stderr);
  assert.match(csv.stdout, /Windows MSIExec DLLRegisterServer\s+3 row\(s\)\s+lines 2, 5, 6/);
  assert.match(csv.stdout, /1 detection\(s\) cannot run:\n  detections\/endpoint\/unsupported.yml: RUN001/);
  const lines = readFileSync(join(dir, 'hits.csv'), 'utf8').trim().split('\n');
  assert.equal(lines[0], 'time,host,detection,risk_score,risk_message,file,line');
  assert.equal(lines.length, 1 + 5);
  assert.match(lines[1], /^2024-05-02T10:15:01\.250Z,win-dc-6764986\.attackrange\.local,Windows MSIExec DLLRegisterServer,35,An instance of cmd\.exe spawning msiexec\.exe was identified on endpoint win-dc-6764986\.attackrange\.local by user ATTACKRANGE\\bob attempting to register a file\.,.*windows_msiexec_dllregisterserver\.yml,2$/);
  const jsonl = cli(dir, 'hunt', 'logs/msiexec_sysmon.log', ...SYSMON, '--timeline', 'hits.jsonl', '--format', 'jsonl');
  assert.equal(jsonl.code, 0, jsonl.stderr);
  assert.equal(jsonl.stdout.trim().split('\n').length, 2);
  const rows = readFileSync(join(dir, 'hits.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(rows.map((r) => [r.line, r.detection]), [
    [2, 'Windows MSIExec DLLRegisterServer'], [3, 'Windows MSIExec Unregister DLLRegisterServer'], [5, 'Windows MSIExec DLLRegisterServer'],
    [6, 'Windows MSIExec DLLRegisterServer'], [8, 'Windows MSIExec Unregister DLLRegisterServer'],
  ]);
  assert.equal(rows[4].risk_message, 'An instance of cmd.exe spawning installer.exe was identified on endpoint win-dc-6764986.attackrange.local by user ATTACKRANGE\\bob attempting to unregister a file.');
  // Without a terminal, progress is plain lines on stderr.
  assert.match(jsonl.stderr, /hunt logs\/msiexec_sysmon\.log: 100%/);
});

test('hunt --format csv, and bad usage exits 2 with the reason', () => {
  const dir = workspace();
  const csv = cli(dir, 'hunt', 'logs/msiexec_sysmon.log', ...SYSMON, '--format', 'csv');
  assert.equal(csv.stdout.split('\n')[0], 'file,name,rows,events');
  assert.match(csv.stdout, /detections\/endpoint\/windows_msiexec_dllregisterserver\.yml,Windows MSIExec DLLRegisterServer,3,2 5 6/);
  assert.equal(cli(dir, 'hunt').code, 2);
  const missing = cli(dir, 'hunt', 'no-such.log');
  assert.equal(missing.code, 2);
  const folder = cli(dir, 'hunt', 'logs/msiexec_sysmon.log', '--detections', 'nowhere');
  assert.equal(folder.code, 2);
  assert.match(folder.stderr, /--detections nowhere: no such folder/);
  assert.equal(cli(dir, 'hunt', 'logs/msiexec_sysmon.log', '--format', 'xml').code, 2);
});

test('hunt --jobs 2 shares the detections among worker threads and gives the same report as one thread', () => {
  const dir = workspace();
  const one = cli(dir, 'hunt', 'logs/msiexec_sysmon.log', ...SYSMON, '--format', 'json', '--include-deprecated', '--jobs', '1');
  const two = cli(dir, 'hunt', 'logs/msiexec_sysmon.log', ...SYSMON, '--format', 'json', '--include-deprecated', '--jobs', '2');
  assert.equal(two.code, 0, two.stderr);
  const [a, b] = [JSON.parse(one.stdout), JSON.parse(two.stdout)];
  assert.equal(a.stats.workers, 1);
  assert.equal(b.stats.workers, 2);
  assert.equal(b.detections.length, 3);
  assert.deepEqual(b.detections, a.detections);
  assert.deepEqual(b.skipped, a.skipped);
  assert.equal(b.stats.events, a.stats.events);
  assert.equal(cli(dir, 'hunt', 'logs/msiexec_sysmon.log', '--jobs', '0').code, 2);
});
