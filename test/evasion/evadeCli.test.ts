// `spl-detect evade` end to end through bin/spl-detect.js: the JSON shape of the issue, the table,
// and the exit codes (1: some variant evades, 0: none does, 2: bad usage); events it cannot rewrite
// are named, not dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const detection = 'samples/detections/endpoint/windows_msiexec_dllregisterserver.yml';

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'bin/spl-detect.js'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('evade --format json: hits with their log lines and each variant\'s technique, field, value, verdict and rejecting clause; exit 1', () => {
  const result = cli(['evade', detection, '--format', 'json']);
  assert.equal(result.code, 1, result.stderr);
  const report = JSON.parse(result.stdout);
  const log = readFileSync(join(root, 'samples/logs/msiexec_sysmon.log'), 'utf8').split('\n');
  assert.deepEqual(report.hits.map((h: { lines: string[] }) => h.lines), [[log[4]], [log[1]], [log[5]]]);
  const evading = report.hits[1].variants.filter((v: { evades: boolean }) => v.evades);
  assert.deepEqual(evading, [{
    technique: 'character-substitution', field: 'CommandLine', value: 'msiexec.exe  /ʸ C:\\Users\\bob\\AppData\\Local\\Temp\\payload.dll', evades: true,
    rejectedBy: { clause: 'Processes.process="*/y*"', file: detection, line: 13, column: 185, endLine: 13, endColumn: 191, exact: true },
  }]);
  const matching = report.hits[1].variants.find((v: { technique: string }) => v.technique === 'option-char-substitution');
  assert.deepEqual(matching, { technique: 'option-char-substitution', field: 'CommandLine', value: 'msiexec.exe  -y C:\\Users\\bob\\AppData\\Local\\Temp\\payload.dll', evades: false, rejectedBy: null });
});

test('evade prints each hit grouped by technique, evading variants with the clause at its place and the certain fix', () => {
  const result = cli(['evade', detection]);
  assert.equal(result.code, 1);
  const lines = result.stdout.split('\n');
  assert.equal(lines[0], 'hit 1: line 5: 1 of 10 variants evade');
  assert.ok(lines.includes(`    EVADES  CommandLine: msiexec.exe  /ʸ C:\\Users\\bob\\AppData\\Local\\Temp\\payload.dll  (rejected by Processes.process="*/y*" at ${detection}:13:185)`), result.stdout);
  assert.ok(lines.includes(`      fix: Add "*/ʸ*" to the list: the character-substitution variant evades "*/y*" (at ${detection}:13:185)`), result.stdout);
  assert.ok(lines.includes('hit 3: line 6: 0 of 13 variants evade'), result.stdout);
  assert.match(result.stderr, /checked hit 3 of 3/);
});

test('exit 0 when no variant evades: a search on OriginalFileName, which no variant changes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'evade-'));
  try {
    writeFileSync(join(dir, 'by_original_name.spl'), 'index=main EventCode=1 OriginalFileName=msiexec.exe CommandLine IN ("*payload.dll*")\n');
    const result = cli(['evade', join(dir, 'by_original_name.spl'), '--log', 'samples/logs/msiexec_sysmon.log', '--sourcetype', 'xmlwineventlog', '--source', 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^hit 1: line 2: 0 of 10 variants evade$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad usage exits 2; a log of plain text events says why no variant was made', () => {
  assert.equal(cli(['evade', detection, '--format', 'xml']).code, 2);
  assert.equal(cli(['evade']).code, 2);
  const dir = mkdtempSync(join(tmpdir(), 'evade-'));
  try {
    writeFileSync(join(dir, 'plain.log'), '2024-05-02 10:15:01 CommandLine="msiexec.exe /y x.dll" Image=C:\\Windows\\System32\\msiexec.exe\n');
    writeFileSync(join(dir, 'plain.spl'), 'index=main CommandLine="*/y*"\n');
    const result = cli(['evade', join(dir, 'plain.spl'), '--log', join(dir, 'plain.log'), '--format', 'json']);
    const report = JSON.parse(result.stdout);
    assert.equal(report.hits.length, 1);
    assert.deepEqual(report.hits[0].variants, []);
    assert.deepEqual(report.hits[0].notes, ['line 1: only Windows XML and JSON events can be rewritten into variants']);
    assert.equal(result.code, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('on a terminal the progress is one bar redrawn in place; in a log, a line per hit', async () => {
  const { runCliAsync } = await import('../../server/src/cli');
  const errors = async (interactive: boolean) => {
    let err = '';
    const code = await runCliAsync(['evade', detection, '--format', 'json'], { cwd: root, out: () => undefined, err: (text) => (err += text), errIsTTY: interactive });
    assert.equal(code, 1);
    return err;
  };
  assert.equal(await errors(true), '\r[######--------------] checked hit 1 of 3\r[#############-------] checked hit 2 of 3\r[####################] checked hit 3 of 3\n');
  assert.equal(await errors(false), 'checked hit 1 of 3\nchecked hit 2 of 3\nchecked hit 3 of 3\n');
});
