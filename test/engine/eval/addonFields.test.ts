// Searches on raw events see the add-on fields of the event's data source (docs/semantics.md, "Add-on
// fields and search-time fields"), on samples/logs/msiexec_sysmon.log read as Sysmon: in search terms,
// table *, eval, where, rename, fields and stats; over raw fields of the same name; computed only
// for the events that get that far; and RUN010 when the search reads a field none of its events had.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseLog } from '../../../server/src/engine/readers/pipeline';
import type { EventMetadata } from '../../../server/src/engine/event';
import { run } from './support';

const root = resolve(__dirname, '../../..');
const logPath = join(root, 'samples/logs/msiexec_sysmon.log');
const SYSMON: EventMetadata = { source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', sourcetype: 'xmlwineventlog', index: 'main' };

function sample(metadata: EventMetadata = SYSMON, text = readFileSync(logPath, 'utf8')) {
  return parseLog(text, metadata).events;
}

test('search EventCode=1 process_name=msiexec.exe finds the sample\'s msiexec events, by source/sourcetype or by Channel alone', async () => {
  const spl = 'search EventCode=1 process_name=msiexec.exe';
  assert.deepEqual((await run(spl, sample(), { cim: true })).lines.flat(), [2, 3, 4, 5, 6, 7]);
  assert.deepEqual((await run(spl, sample({}), { cim: true })).lines.flat(), [2, 3, 4, 5, 6, 7]);
  // Without the add-on rules the name is no field of these events: nothing matches.
  assert.deepEqual((await run(spl, sample(), { cim: false })).lines.flat(), []);
  const counted = await run(`${spl} | stats count by dest, process_name, parent_process_name`, sample(), { cim: true });
  assert.deepEqual(counted.table, [
    { dest: 'win-dc-6764986.attackrange.local', process_name: 'msiexec.exe', parent_process_name: 'cmd.exe', count: '3' },
    { dest: 'win-dc-6764986.attackrange.local', process_name: 'msiexec.exe', parent_process_name: 'explorer.exe', count: '3' },
  ]);
});

test('table * lists the raw fields, then the add-on fields; a more specific rule wins (Sysmon 3: dest is the destination IP)', async () => {
  const first = (await run('search EventCode=1 | head 1 | table *', sample(), { cim: true })).table[0];
  const names = Object.keys(first);
  assert.ok(names.indexOf('ParentCommandLine') < names.indexOf('dest'), names.join(' '));
  assert.deepEqual(
    [first.Image, first.process_name, first.process_path, first.parent_process_name, first.dest, first.action, first.process_integrity_level, first.vendor_product],
    ['C:\\Windows\\System32\\cmd.exe', 'cmd.exe', 'C:\\Windows\\System32\\cmd.exe', 'explorer.exe', 'win-dc-6764986.attackrange.local', 'allowed', 'medium', 'Microsoft Sysmon'],
  );
  const network = (await run('search EventCode=3 | table dest, dest_port, process_name, app, action', sample(), { cim: true })).table;
  assert.equal(network.length, 1);
  assert.equal(network[0].process_name, 'msiexec.exe');
  assert.equal(network[0].action, 'allowed');
  assert.match(String(network[0].dest), /^\d+\.\d+\.\d+\.\d+$/);
});

test('an add-on field overrides a raw field of the same name, as FIELDALIAS ... AS and EVAL- do', async () => {
  const lines = readFileSync(logPath, 'utf8').split('\n');
  const withRawUser = lines[0].replace("<Data Name='User'>", "<Data Name='user'>raw-user</Data><Data Name='User'>");
  const [event] = sample(SYSMON, `${withRawUser}\n`);
  assert.equal(event.fields.get('user'), 'raw-user');
  const outcome = await run('search user="ATTACKRANGE\\\\bob" | table user, User', [event], { cim: true });
  assert.deepEqual(outcome.table, [{ user: 'ATTACKRANGE\\bob', User: 'ATTACKRANGE\\bob' }]);
});

test('eval, where, rename, fields and stats see add-on fields; what the search sets wins', async () => {
  const events = sample();
  const grouped = await run('search EventCode=1 | eval p=upper(process_name) | where parent_process_name="cmd.exe" | stats count by p', events, { cim: true });
  assert.deepEqual(grouped.table, [{ p: 'INSTALLER.EXE', count: '1' }, { p: 'MSIEXEC.EXE', count: '3' }, { p: 'XCOPY.EXE', count: '1' }]);
  const overridden = await run('search EventCode=1 process_name=msiexec.exe | head 1 | eval process_name="mine" | table process_name', events, { cim: true });
  assert.deepEqual(overridden.table, [{ process_name: 'mine' }]);
  // Add-on fields are computed at search time from the event, before any command: a later rename of Image leaves them.
  const renamed = await run('search EventCode=1 process_name=msiexec.exe | head 1 | rename Image AS img | table img, process_name, process_path', events, { cim: true });
  assert.deepEqual(renamed.table, [{ img: 'C:\\Windows\\System32\\msiexec.exe', process_name: 'msiexec.exe', process_path: 'C:\\Windows\\System32\\msiexec.exe' }]);
  const removed = await run('search EventCode=1 | head 1 | fields - process_name | table process_name, process_path', events, { cim: true });
  assert.deepEqual(removed.table, [{ process_path: 'C:\\Windows\\System32\\cmd.exe' }]);
  const kept = await run('search EventCode=1 | head 1 | fields process_*', events, { cim: true });
  assert.deepEqual(Object.keys(kept.table[0]).sort(), ['_raw', '_time', 'process_current_directory', 'process_exec', 'process_guid', 'process_hash', 'process_id', 'process_integrity_level', 'process_name', 'process_path']);
});

test('add-on fields cost nothing on events the search rejects by a probe: only the EventCode 3 event is extracted', async () => {
  const events = sample();
  const outcome = await run('search EventCode=3 process_name=msiexec.exe', events, { cim: true });
  assert.deepEqual(outcome.lines.flat(), [10]);
  assert.deepEqual(events.map((e, i) => [i + 1, e.isExtracted]).filter(([, extracted]) => extracted), [[10, true]]);
});

test('RUN010: a field the search reads that none of its events had, at its first mention, with the nearest names; none for fields the search makes', async () => {
  const spl = 'search EventCode=1 | eval made=1 | where made=1 | stats count by process_nam, made';
  const outcome = await run(spl, sample(), { cim: true });
  assert.deepEqual(outcome.table, []);
  assert.deepEqual(
    outcome.warnings.map((w) => [w.code, spl.slice(w.span.start, w.span.end), w.message]),
    [['RUN010', 'process_nam', 'the search reads process_nam, but none of the events it was read on had it; nearest fields they had: process_name, process_hash, process_id (docs/semantics.md, "Add-on fields and search-time fields")']],
  );
  // A field some events have is no warning, even when the search reads it on others first.
  const some = await run('search * | stats count by DestinationIp', sample(), { cim: true });
  assert.deepEqual(some.warnings, []);
});

test('spl-detect run: the msiexec search on the sample with the Sysmon source and sourcetype, and RUN010 with its position', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spl-addon-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const found = join(dir, 'msiexec.spl');
  writeFileSync(found, 'search EventCode=1 process_name=msiexec.exe | stats count\n');
  const cli = (file: string) =>
    spawnSync(process.execPath, [join(root, 'bin/spl-detect.js'), 'run', file, '--log', logPath, '--source', SYSMON.source!, '--sourcetype', SYSMON.sourcetype!, '--format', 'json'], { cwd: root, encoding: 'utf8' });
  const result = cli(found);
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout).results.map((r: { fields: object }) => r.fields), [{ count: '6' }]);
  const misspelt = join(dir, 'misspelt.spl');
  writeFileSync(misspelt, 'search EventCode=1\n| stats count by parent_proces_name\n');
  const warned = JSON.parse(cli(misspelt).stdout);
  assert.deepEqual(
    warned.problems.map((p: { code: string; line: number; column: number; severity: string }) => [p.code, p.severity, p.line, p.column]),
    [['RUN010', 'warning', 2, 18]],
  );
  assert.match(warned.problems[0].message, /reads parent_proces_name, but none of the events it was read on had it; nearest fields they had: parent_process_name, parent_process_path, parent_process \(/);
});
