// "Run on sample" on .evtx logs through the language server, over stdio: the sample an attack_data_map
// entry names is an .evtx file (or a folder of them), results carry record positions instead of lines,
// a damaged record is a warning at its record, and splDetect/logRecord shows one event's record, read
// again from the file, only inside the workspace.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeLens } from 'vscode-languageserver-protocol';
import {
  LOG_RECORD_REQUEST,
  RUN_DETECTION_REQUEST,
  RunDetectionErrors,
  SAMPLE_LOG_REQUEST,
  type LogRecordResult,
  type RunDetectionResult,
  type SampleLogResult,
} from '../../server/src/lsp/protocol';
import { evtxSample } from '../support/evtxSamples';
import { recordsOf } from '../support/evtxBytes';
import { LSP_TEST, LspSession, fileUri } from './harness';

const DETECTION = `name: Security Logons
id: 6b1f0a52-7d3e-4c2b-9a8f-1e2d3c4b5a69
version: 1
date: '2024-06-01'
author: Test
status: production
type: Hunting
description: Successful logons by type, read from a Security event log.
data_source:
- Windows Event Log Security 4624
search: 'sourcetype=XmlWinEventLog source="XmlWinEventLog:Security" EventCode=4624 | stats count by LogonType'
how_to_implement: Collect the Security event log.
known_false_positives: None.
references: []
tests:
- name: True Positive Test
  attack_data:
  - data: https://example.test/attack_data/Security.evtx
`;

let workspace: string;
let session: LspSession;
let detectionUri: string;

before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'spl-lsp-evtx-'));
  mkdirSync(join(workspace, 'detections/endpoint'), { recursive: true });
  mkdirSync(join(workspace, 'logs/collection'), { recursive: true });
  writeFileSync(join(workspace, 'detections/endpoint/security_logons.yml'), DETECTION);
  copyFileSync(evtxSample('security.evtx').path, join(workspace, 'logs/security.evtx'));
  copyFileSync(evtxSample('security.evtx').path, join(workspace, 'logs/collection/Security.evtx'));
  copyFileSync(evtxSample('issue_38.evtx').path, join(workspace, 'logs/collection/Other.evtx'));
  writeFileSync(join(workspace, 'attack_data_map.json'), JSON.stringify({ files: { 'https://example.test/attack_data/Security.evtx': { file: 'logs/security.evtx' } } }));
  session = await LspSession.start(workspace, { diagnosticsSettleMs: 0 });
  detectionUri = fileUri(join(workspace, 'detections/endpoint/security_logons.yml'));
});
after(async () => {
  await session.dispose();
  rmSync(workspace, { recursive: true, force: true });
});

const run = (params: object) => session.request<RunDetectionResult>(RUN_DETECTION_REQUEST, params);

test('the sample is the .evtx file the map names; the run gives each row its records, no lines', LSP_TEST, async () => {
  const sample = await session.request<SampleLogResult>(SAMPLE_LOG_REQUEST, { uri: detectionUri });
  assert.deepEqual(sample, { logPath: join(workspace, 'logs/security.evtx'), hasTests: true });
  const uri = await session.open(join(workspace, 'detections/endpoint/security_logons.yml'));
  const result = await run({ uri });
  assert.equal(result.ok, true, JSON.stringify(result.problems));
  assert.deepEqual(result.problems, []);
  assert.deepEqual(Object.fromEntries(result.results.map((r) => [r.fields.LogonType, r.fields.count])), { '0': '40', '2': '84', '3': '39', '5': '416', '7': '4' });
  for (const row of result.results) {
    assert.deepEqual(row.events, []);
    assert.equal(row.records?.length, Number(row.fields.count));
  }
  const type0 = result.results.find((r) => r.fields.LogonType === '0')!;
  assert.deepEqual(type0.records![0], { file: join(workspace, 'logs/security.evtx'), record: 2, chunk: 0, offset: 6168 });
  const lenses = await session.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  assert.match(lenses[1]?.command?.title ?? '', /^5 results from \d+ events, /);
  await session.close(uri);
});

test('splDetect/logRecord: the record as a document, read again from the file; a file outside the workspace is refused', LSP_TEST, async () => {
  const result = await run({ uri: detectionUri });
  const position = result.results.find((r) => r.fields.LogonType === '7')!.records![0];
  const { text } = await session.request<LogRecordResult>(LOG_RECORD_REQUEST, { uri: detectionUri, position });
  assert.ok(text.startsWith(`<!-- security.evtx record ${position.record} (chunk ${position.chunk}) at offset 0x${position.offset.toString(16)}, indented to read`), text.slice(0, 120));
  assert.match(text, new RegExp(`\\n    <EventRecordID>${position.record}</EventRecordID>\\n`));
  assert.match(text, /\n    <Data Name='LogonType'>7<\/Data>\n/);

  await assert.rejects(session.request(LOG_RECORD_REQUEST, { uri: detectionUri, position: { ...position, file: evtxSample('security.evtx').path } }), (error: { code?: number; message?: string }) => {
    assert.equal(error.code, RunDetectionErrors.logRefused);
    assert.match(error.message ?? '', /outside the workspace and the configured folders/);
    return true;
  });
  await assert.rejects(session.request(LOG_RECORD_REQUEST, { uri: detectionUri, position: { ...position, offset: position.offset + 4 } }), (error: { code?: number; message?: string }) => {
    assert.equal(error.code, RunDetectionErrors.recordUnreadable);
    assert.match(error.message ?? '', /no longer at offset/);
    return true;
  });
});

test('a folder of .evtx files as the log; a damaged record is a warning at its record and the rest is counted', LSP_TEST, async () => {
  const folder = await run({ uri: detectionUri, logPath: join(workspace, 'logs/collection') });
  assert.equal(folder.ok, true);
  assert.equal(folder.logPath, join(workspace, 'logs/collection'));
  const files = new Set(folder.results.flatMap((r) => r.records!.map((p) => p.file)));
  assert.ok(files.has(join(workspace, 'logs/collection/Security.evtx')));
  assert.equal(folder.stats.eventsRead + folder.stats.eventsFiltered, 2261 + 1);

  const bytes = readFileSync(evtxSample('security.evtx').path);
  const damaged = recordsOf(bytes, 5).find((r) => r.record === 450)!;
  bytes.writeUInt32LE(damaged.size + 8, damaged.offset + 4);
  writeFileSync(join(workspace, 'logs/damaged.evtx'), bytes);
  const hurt = await run({ uri: detectionUri, logPath: join(workspace, 'logs/damaged.evtx') });
  assert.equal(hurt.ok, true);
  assert.equal(hurt.stats.eventsUnparsed, 1);
  assert.deepEqual(
    hurt.problems.map((p) => [p.severity, p.code, p.message.replace(/: .*$/, '')]),
    [
      ['warning', 'RUN007', `log damaged.evtx chunk 5 at offset 0x${(4096 + 5 * 65536 + 512).toString(16)}`],
      ['warning', 'RUN007', `log damaged.evtx record 450 (chunk 5) at offset 0x${damaged.offset.toString(16)}`],
    ],
  );
});
