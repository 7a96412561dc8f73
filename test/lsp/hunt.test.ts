// `splDetect/hunt` over stdio on a copy of samples/: every detection of the workspace over a log,
// with work-done progress on the client's token, cancellation, the read scope and trust.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancellationTokenSource } from 'vscode-languageserver-protocol/node';
import { HUNT_REQUEST, RunDetectionErrors, type HuntResult } from '../../server/src/lsp/protocol';
import { fileUri, LSP_TEST, LspSession, samplesCopy } from './harness';

const SYSMON = { sourcetype: 'xmlwineventlog', source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational' };
let workspace: string;
let session: LspSession;

before(async () => {
  workspace = samplesCopy('spl-lsp-hunt-');
  writeFileSync(join(workspace, 'detections/endpoint/unsupported.yml'), "name: Uses Anomalydetection\nsearch: 'sourcetype=xmlwineventlog | anomalydetection'\n");
  session = await LspSession.start(workspace, { diagnosticsSettleMs: 0 });
});
after(async () => {
  await session.dispose();
  rmSync(workspace, { recursive: true, force: true });
});

test('hunt: the hits of every detection with their event lines, the skipped one with its reason and position, progress on the token', LSP_TEST, async () => {
  const log = join(workspace, 'logs/msiexec_sysmon.log');
  const result = await session.request<HuntResult>(HUNT_REQUEST, { logPath: log, ...SYSMON, workDoneToken: 'hunt-1' });
  assert.equal(result.logPath, log);
  assert.equal(result.ran, 2);
  assert.deepEqual(result.hits.map((h) => [h.name, h.rows, h.events]), [
    ['Windows MSIExec DLLRegisterServer', 3, [2, 5, 6]],
    ['Windows MSIExec Unregister DLLRegisterServer', 2, [3, 8]],
  ]);
  const detection = readFileSync(join(workspace, 'detections/endpoint/windows_msiexec_dllregisterserver.yml'), 'utf8').split('\n');
  assert.match(detection[result.hits[0].line], /^search: /);
  assert.equal(result.hits[0].uri, fileUri(join(workspace, 'detections/endpoint/windows_msiexec_dllregisterserver.yml')));
  assert.equal(result.skipped.length, 1);
  assert.match(result.skipped[0].reason, /^RUN001: command 'anomalydetection'/);
  const unsupported = readFileSync(join(workspace, 'detections/endpoint/unsupported.yml'), 'utf8').split('\n');
  assert.deepEqual(result.skipped[0].range.start, { line: 1, character: unsupported[1].indexOf('anomalydetection') });
  assert.equal(result.stats.events, 11);
  const kinds = session.progress.filter((p) => p.token === 'hunt-1').map((p) => p.value.kind);
  assert.equal(kinds[0], 'begin');
  assert.equal(kinds[kinds.length - 1], 'end');
  assert.ok(session.progress.some((p) => p.token === 'hunt-1' && p.value.kind === 'report' && p.value.percentage === 100));
});

test('hunt: splDetect.huntMaxBufferedRows bounds what the detections hold together; past it the largest holder is listed as skipped, with the reason', LSP_TEST, async () => {
  const log = join(workspace, 'logs/msiexec_sysmon.log');
  // The two msiexec detections hold 3 and 2 grouped rows: past 2 together, the one holding 3 goes.
  await session.changeSettings({ splDetect: { huntMaxBufferedRows: 2 } });
  try {
    const result = await session.request<HuntResult>(HUNT_REQUEST, { logPath: log, ...SYSMON });
    assert.deepEqual(result.hits.map((h) => [h.name, h.rows]), [['Windows MSIExec Unregister DLLRegisterServer', 2]]);
    const left = result.skipped.filter((s) => s.reason.startsWith('RUN006'));
    assert.equal(left.length, 1);
    assert.match(left[0].reason, /^RUN006: tstats held 3 rows when the hunt's detections together held more than 2 \(--max-buffered-rows\): left out of the hunt/);
    assert.equal(left[0].uri, fileUri(join(workspace, 'detections/endpoint/windows_msiexec_dllregisterserver.yml')));
  } finally {
    await session.changeSettings({});
  }
  const unbounded = await session.request<HuntResult>(HUNT_REQUEST, { logPath: log, ...SYSMON });
  assert.equal(unbounded.hits.length, 2);
});

test('hunt: a cancelled request stops the read and says so', LSP_TEST, async () => {
  const line = readFileSync(join(workspace, 'logs/msiexec_sysmon.log'), 'utf8').split('\n')[1];
  const big = join(workspace, 'logs/big.log');
  writeFileSync(big, (line + '\n').repeat(200_000));
  const source = new CancellationTokenSource();
  const pending = session.requestCancellable<HuntResult>(HUNT_REQUEST, { logPath: big, ...SYSMON, workDoneToken: 'hunt-2' }, source.token);
  // Cancel once the read is under way (the first progress report), so the cancellation reaches the reading loop.
  while (!session.progress.some((p) => p.token === 'hunt-2' && p.value.kind === 'report')) await new Promise((resolve) => setTimeout(resolve, 5));
  source.cancel();
  const outcome = await pending.then((result) => result, (error: { code?: number }) => error);
  if ('stats' in outcome) {
    assert.equal(outcome.stats.cancelled, true);
    assert.ok(outcome.stats.events < 200_000, `${outcome.stats.events} events read`);
  } else assert.equal(outcome.code, -32800, 'RequestCancelled');
});

test('hunt: a log outside the workspace is refused, and so is a missing one', LSP_TEST, async () => {
  const outside = join(mkdtempSync(join(tmpdir(), 'spl-lsp-hunt-out-')), 'x.log');
  writeFileSync(outside, 'x\n');
  await assert.rejects(session.request(HUNT_REQUEST, { logPath: outside }), (error: { code: number; message: string }) => error.code === RunDetectionErrors.logRefused);
  await assert.rejects(session.request(HUNT_REQUEST, { logPath: join(workspace, 'nope.log') }), (error: { code: number }) => error.code === RunDetectionErrors.noSampleLog);
});
