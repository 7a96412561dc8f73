// `spl-detect run` and `spl-detect test` as processes on the logs Windows responders hand over: UTF-16
// copies of the sample log, the real .evtx files of ../shared/evtx (found by scripts/corpus/locate.mjs),
// a folder of them, and a damaged copy. Counts are checked against numbers taken from Debian's
// evtxexport (recounted from its output where it is installed, as in CI), and a run on an .evtx file
// against the same run on an XmlWinEventLog text log of the same records.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseEvtx } from '../../server/src/engine/readers/evtx/reader';
import type { EvtxEvent } from '../../server/src/engine/readers/evtx/chunk';
import type { RecordPosition } from '../../server/src/text/logPosition';
import { runEvtxexport } from '../support/evtxReference';
import { evtxSample } from '../support/evtxSamples';
import { recordsOf } from '../support/evtxBytes';
import { utf16, UTF16_VARIANTS } from '../support/utf16';
import { OFFLINE_ENV } from '../support/offlineEnv';

const root = resolve(__dirname, '../..');

function cli(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'bin/spl-detect.js'), ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: OFFLINE_ENV });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonRun {
  results: Array<{ fields: Record<string, string | string[]>; events: number[]; records?: RecordPosition[] }>;
  stats: { eventsRead: number; eventsUnparsed: number; eventsFiltered: number; logFormat?: string };
  problems: Array<{ severity: string; code: string; message: string }>;
}

function json(run: ReturnType<typeof cli>): JsonRun {
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as JsonRun;
}

/** security.evtx's 4624 events by LogonType, as `evtxexport -f xml` shows them (2016-2017 records of one host). */
const LOGONS_BY_TYPE: Record<string, number> = { '0': 40, '2': 84, '3': 39, '5': 416, '7': 4 };

const LOGONS_SEARCH = `sourcetype=XmlWinEventLog source="XmlWinEventLog:Security" EventCode=4624 | stats count by LogonType`;

function detection(name: string, search: string, tests: string): string {
  return [
    `name: ${name}`,
    'id: 0f6e4b2a-3c1d-4e5f-8a9b-0c1d2e3f4a5b',
    'version: 1',
    "date: '2024-06-01'",
    'author: Test',
    'status: production',
    'type: Hunting',
    'description: A search over Windows event logs read straight from .evtx files.',
    'data_source:',
    '- Windows Event Log Security 4624',
    `search: '${search.replace(/'/g, "''")}'`,
    'how_to_implement: Collect the event logs.',
    'known_false_positives: None.',
    'references: []',
    `tests:${tests.startsWith('-') ? '\n' : ' '}${tests}`,
  ].join('\n') + '\n';
}

let ws: string;
let damagedRecord: EvtxEvent;

before(() => {
  ws = mkdtempSync(join(tmpdir(), 'spl-evtx-cli-'));
  mkdirSync(join(ws, 'detections/endpoint'), { recursive: true });
  mkdirSync(join(ws, 'logs/collection'), { recursive: true });
  copyFileSync(evtxSample('security.evtx').path, join(ws, 'logs/security.evtx'));
  copyFileSync(evtxSample('security.evtx').path, join(ws, 'logs/collection/Security.evtx'));
  copyFileSync(evtxSample('system.evtx').path, join(ws, 'logs/collection/System.evtx'));
  writeFileSync(join(ws, 'logs/collection/notes.evtx'), 'an export note, not an event log\n');
  const bytes = readFileSync(evtxSample('security.evtx').path);
  const damaged = recordsOf(bytes, 5).find((r) => r.record === 450)!;
  bytes.writeUInt32LE(damaged.size + 8, damaged.offset + 4);
  writeFileSync(join(ws, 'logs/damaged.evtx'), bytes);
  damagedRecord = securityRecords().find((r) => r.record === 450)!;
  writeFileSync(
    join(ws, 'detections/endpoint/security_logons.yml'),
    detection('Security Logons', LOGONS_SEARCH, [
      '- name: True Positive Test',
      '  attack_data:',
      '  - data: https://example.test/attack_data/Security.evtx',
      '- name: Given Sourcetype Test',
      '  attack_data:',
      '  - data: https://example.test/attack_data/Security.evtx',
      '    sourcetype: WinEventLog',
    ].join('\n')),
  );
  writeFileSync(
    join(ws, 'detections/endpoint/channels.yml'),
    detection('Events By Channel', 'index=main | stats count by source sourcetype', ['- name: Collection Test', '  attack_data:', '  - data: https://example.test/attack_data/collection.zip'].join('\n')),
  );
  writeFileSync(
    join(ws, 'attack_data_map.json'),
    JSON.stringify({ files: { 'https://example.test/attack_data/Security.evtx': { file: 'logs/security.evtx' }, 'https://example.test/attack_data/collection.zip': { file: 'logs/collection' } } }),
  );
});
after(() => rmSync(ws, { recursive: true, force: true }));

function securityRecords(): EvtxEvent[] {
  return parseEvtx(readFileSync(evtxSample('security.evtx').path)).items.filter((item): item is EvtxEvent => item.kind === 'event');
}

test('UTF-16 copies of samples/logs/msiexec_sysmon.log (LE and BE with a BOM, LE without) give the results of the original, lines and all', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spl-utf16-'));
  try {
    const detectionPath = 'samples/detections/endpoint/windows_msiexec_dllregisterserver.yml';
    const original = 'samples/logs/msiexec_sysmon.log';
    const expected = cli(root, 'run', detectionPath, '--log', original, '--format', 'json');
    const expectedTable = cli(root, 'run', detectionPath, '--log', original);
    const report = json(expected);
    assert.deepEqual(report.results.map((r) => r.events).sort((a, b) => a[0] - b[0]), [[2], [5], [6]]);
    for (const variant of UTF16_VARIANTS) {
      const copy = join(dir, `msiexec ${variant}.log`);
      writeFileSync(copy, utf16(readFileSync(join(root, original), 'utf8'), variant));
      const run = json(cli(root, 'run', detectionPath, '--log', copy, '--format', 'json'));
      assert.deepEqual({ ...run, stats: { ...run.stats, ms: 0 } }, { ...report, stats: { ...report.stats, ms: 0 } }, variant);
      const table = cli(root, 'run', detectionPath, '--log', copy);
      assert.equal(table.code, 0);
      assert.equal(table.stdout, expectedTable.stdout, `${variant}: the table shows the same log lines`);
      assert.doesNotMatch(table.stderr, /UTF-16|RUN007/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('security.evtx: EventCode=4624 by LogonType gives the counts evtxexport shows, each row naming exactly its records', () => {
  const run = json(cli(ws, 'run', 'detections/endpoint/security_logons.yml', '--log', 'logs/security.evtx', '--format', 'json'));
  assert.equal(run.stats.logFormat, 'evtx');
  assert.deepEqual(run.problems, []);
  assert.deepEqual(Object.fromEntries(run.results.map((r) => [r.fields.LogonType, Number(r.fields.count)])), LOGONS_BY_TYPE);
  for (const row of run.results) {
    assert.deepEqual(row.events, []);
    assert.equal(row.records!.length, Number(row.fields.count));
    for (const record of row.records!) assert.equal(record.file, 'logs/security.evtx', 'files shown as on the command line');
  }
  const reference = runEvtxexport(evtxSample('security.evtx').path);
  if (reference) {
    const byType = new Map<string, number[]>();
    for (const event of reference.events) {
      if (!event.includes('<EventID>4624</EventID>')) continue;
      const type = /<Data Name="LogonType">(\d+)<\/Data>/.exec(event)![1];
      const record = Number(/<EventRecordID>(\d+)<\/EventRecordID>/.exec(event)![1]);
      byType.set(type, [...(byType.get(type) ?? []), record]);
    }
    assert.deepEqual(Object.fromEntries([...byType].map(([type, records]) => [type, records.length])), LOGONS_BY_TYPE, 'evtxexport counts what the constant says');
    for (const row of run.results) assert.deepEqual(row.records!.map((r) => r.record), byType.get(row.fields.LogonType as string));
  }
  const table = cli(ws, 'run', 'detections/endpoint/security_logons.yml', '--log', 'logs/security.evtx');
  assert.equal(table.code, 0);
  assert.match(table.stdout, /^result 1: events at security\.evtx records 2 \(chunk 0\), 44 \(chunk 0\), 60 \(chunk 0\), /);
  assert.match(table.stdout, /\n {2}security\.evtx record 2 \(chunk 0\): <Event xmlns='http:\/\/schemas\.microsoft\.com\/win\/2004\/08\/events\/event'><System><Provider Name='Microsoft-Windows-Security-Auditing'/);
  assert.match(table.stderr, /^5 result\(s\); \d+ events read, 0 unparsed, \d+ skipped by the fast path \(records without 4624\), /);
});

test('security.evtx gives what the same search gives on an XmlWinEventLog text log of its records, given the source and sourcetype the records imply', () => {
  const records = securityRecords();
  const textLog = join(ws, 'logs/security.log');
  writeFileSync(textLog, records.map((r) => r.xml.replace(/\r/g, '&#13;').replace(/\n/g, '&#10;')).join('\n') + '\n');
  const lineOf = new Map(records.map((r, i) => [r.offset, i + 1]));
  const search = join(ws, 'detections/endpoint/logon_details.yml');
  writeFileSync(search, detection('Logon Details', 'EventCode=4624 LogonType=2 | table _time host TargetUserName TargetDomainName LogonProcessName IpAddress source sourcetype', '[]'));
  const fromEvtx = json(cli(ws, 'run', search, '--log', 'logs/security.evtx', '--format', 'json'));
  const fromText = json(cli(ws, 'run', search, '--log', 'logs/security.log', '--source', 'XmlWinEventLog:Security', '--sourcetype', 'XmlWinEventLog', '--format', 'json'));
  assert.equal(fromEvtx.results.length, LOGONS_BY_TYPE['2']);
  assert.deepEqual(
    fromEvtx.results.map((r) => ({ fields: r.fields, lines: r.records!.map((p) => lineOf.get(p.offset)) })),
    fromText.results.map((r) => ({ fields: r.fields, lines: r.events })),
  );
});

test('a folder of .evtx files: each file with its own channel, positions naming their file, a file that is not EVTX reported', () => {
  const run = json(cli(ws, 'run', 'detections/endpoint/channels.yml', '--log', 'logs/collection', '--format', 'json'));
  assert.deepEqual(run.results.map((r) => [r.fields.source, r.fields.sourcetype, r.fields.count]), [
    ['XmlWinEventLog:Security', 'XmlWinEventLog', '2261'],
    ['XmlWinEventLog:System', 'XmlWinEventLog', '1601'],
  ]);
  assert.deepEqual([...new Set(run.results[0].records!.map((r) => r.file))], ['logs/collection/Security.evtx']);
  assert.deepEqual([...new Set(run.results[1].records!.map((r) => r.file))], ['logs/collection/System.evtx']);
  assert.deepEqual(run.problems.map((p) => [p.severity, p.code, p.message]), [['warning', 'RUN007', 'log notes.evtx: not an .evtx file (it does not start with the signature "ElfFile"): not read']]);
  const empty = cli(ws, 'run', 'detections/endpoint/channels.yml', '--log', 'detections');
  assert.equal(empty.code, 2, 'bad usage');
  assert.match(empty.stderr, /--log detections is a folder without \.evtx files: a folder is read as the \.evtx files in it/);
});

test('spl-detect test: attack_data_map.json names an .evtx file and a folder of them; source/sourcetype from the records unless the test gives them', () => {
  const run = cli(ws, 'test', 'detections');
  assert.equal(run.code, 1, run.stdout + run.stderr);
  const lines = run.stdout.trim().split('\n');
  assert.deepEqual(lines, [
    'pass    detections/endpoint/channels.yml [Collection Test]: 2 results on logs/collection',
    'pass    detections/endpoint/security_logons.yml [True Positive Test]: 5 results on logs/security.evtx',
    'fail    detections/endpoint/security_logons.yml [Given Sourcetype Test]: no results on logs/security.evtx: `sourcetype=XmlWinEventLog` matched none of 2261 events (detections/endpoint/security_logons.yml:11:10)',
    '2 passed, 1 failed',
  ]);
});

test('a damaged copy: warnings name the file, record, chunk and offset; every other record is read and counted', () => {
  const run = cli(ws, 'run', 'detections/endpoint/security_logons.yml', '--log', 'logs/damaged.evtx');
  assert.equal(run.code, 0, run.stderr);
  const offset = `0x${damagedRecord.offset.toString(16)}`;
  assert.match(run.stderr, new RegExp(`warning RUN007: log damaged\\.evtx chunk 5 at offset 0x${(4096 + 5 * 65536 + 512).toString(16)}: event records checksum mismatch`));
  assert.match(run.stderr, new RegExp(`warning RUN007: log damaged\\.evtx record 450 \\(chunk 5\\) at offset ${offset}: record size and its copy at the record's end disagree: \\d+ bytes skipped to the next record`));
  const report = json(cli(ws, 'run', 'detections/endpoint/security_logons.yml', '--log', 'logs/damaged.evtx', '--format', 'json'));
  assert.equal(report.stats.eventsUnparsed, 1);
  const lost = /<EventID>4624<\/EventID>/.test(damagedRecord.xml) ? (/<Data Name='LogonType'>(\d+)<\/Data>/.exec(damagedRecord.xml)![1]) : undefined;
  const expected = Object.fromEntries(Object.entries(LOGONS_BY_TYPE).map(([type, count]) => [type, type === lost ? count - 1 : count]));
  assert.deepEqual(Object.fromEntries(report.results.map((r) => [r.fields.LogonType, Number(r.fields.count)])), expected);
  assert.ok(report.results.every((r) => r.records!.every((p) => p.record !== 450)));

  // dns_log_malformed.evtx (python-evtx's damaged sample): its five events, as evtxexport reads them.
  const dns = json(cli(ws, 'run', 'detections/endpoint/channels.yml', '--log', evtxSample('dns_log_malformed.evtx').path, '--format', 'json'));
  assert.deepEqual(dns.results.map((r) => [r.fields.source, r.fields.count]), [['XmlWinEventLog:Microsoft-Windows-DNSServer/Analytical', '5']]);
  assert.equal(dns.stats.eventsRead, evtxSample('dns_log_malformed.evtx').events);
});
