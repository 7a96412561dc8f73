// The Test Explorer's requests over stdio: listTests names each detection's tests; runTests runs them
// as `spl-detect test` does, fetching data from a real HTTP server on 127.0.0.1 into the cache the
// settings name, with progress notifications, cancellation, the why of a failure at its range, and
// nothing downloaded when offline or in an untrusted workspace.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CancellationTokenSource } from 'vscode-languageserver-protocol';
import { LIST_TESTS_REQUEST, RUN_TESTS_REQUEST, RunDetectionErrors, TEST_PROGRESS_NOTIFICATION, type DetectionTestItem, type RunTestsResult, type TestProgressParams } from '../../server/src/lsp/protocol';
import { startAttackDataServer, type AttackDataServer } from '../support/attackDataServer';
import { fileUri, LSP_TEST, LspSession, ROOT, samplesCopy } from './harness';

const REAL_URL = 'https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/attack_techniques/T1218.007/atomic_red_team/windows-sysmon.log';
const MAPPED = 'detections/endpoint/windows_msiexec_dllregisterserver.yml';
const DOWNLOADED = 'detections/endpoint/windows_msiexec_unregister_dllregisterserver.yml';
const log = readFileSync(join(ROOT, 'samples/logs/msiexec_sysmon.log'));
let server: AttackDataServer;
let workspace: string;
let cache: string;
let session: LspSession;
const progress: TestProgressParams[] = [];

/** A copy of a sample detection whose data URL is `url`, and whose search is `search` when given. */
function detection(name: string, url: string, search?: string): string {
  let text = readFileSync(join(ROOT, 'samples', DOWNLOADED), 'utf8').replace(REAL_URL, url).replace(/^name: .*$/m, `name: ${name}`);
  if (search) text = text.replace(/^search: .*$/m, `search: '${search}'`);
  const path = join(workspace, 'detections/endpoint', `${name.toLowerCase().replace(/ /g, '_')}.yml`);
  writeFileSync(path, text);
  return path;
}

before(async () => {
  server = await startAttackDataServer({ 'attack_techniques/T1218.007/atomic_red_team/windows-sysmon.log': log, 'other/copy.log': log });
  workspace = samplesCopy('spl-lsp-tests-');
  cache = join(workspace, '.attack-data-cache');
  const downloaded = join(workspace, DOWNLOADED);
  writeFileSync(downloaded, readFileSync(downloaded, 'utf8').replace(REAL_URL, server.url('attack_techniques/T1218.007/atomic_red_team/windows-sysmon.log')));
  detection('Finds Nothing', server.url('other/copy.log'), '| tstats count from datamodel=Endpoint.Processes where Processes.process_name=notepad.exe by Processes.dest');
  detection('Stalls', `${server.base}/bad/stall/stalled.log`);
  session = await LspSession.start(workspace, { diagnosticsSettleMs: 0 }, { settings: { splDetect: { attackDataCache: cache } } });
  session.onNotification(TEST_PROGRESS_NOTIFICATION, (params) => progress.push(params as TestProgressParams));
});
after(async () => {
  await session.dispose();
  await server.close();
  rmSync(workspace, { recursive: true, force: true });
});

const runTests = (path: string, progressId?: string) => session.request<RunTestsResult>(RUN_TESTS_REQUEST, { uri: fileUri(path), ...(progressId ? { progressId } : {}) });

test('listTests names every detection with tests, and each test by name', LSP_TEST, async () => {
  const items = await session.request<DetectionTestItem[]>(LIST_TESTS_REQUEST, {});
  assert.deepEqual(items.map((i) => [i.name, i.testNames]), [
    ['Finds Nothing', ['True Positive Test']],
    ['Stalls', ['True Positive Test']],
    ['Windows MSIExec DLLRegisterServer', ['True Positive Test']],
    ['Windows MSIExec Unregister DLLRegisterServer', ['True Positive Test']],
  ]);
});

test('a mapped test passes without the network; a test whose data is not local downloads it once, with progress', LSP_TEST, async () => {
  const before = server.requests.length;
  const mapped = await runTests(join(workspace, MAPPED));
  assert.deepEqual(mapped.tests.map((t) => [t.name, t.status, t.detail]), [['True Positive Test', 'pass', '3 results on logs/msiexec_sysmon.log']]);
  assert.equal(server.requests.length, before);
  const downloaded = await runTests(join(workspace, DOWNLOADED), 'p1');
  assert.equal(downloaded.tests[0].status, 'pass', downloaded.tests[0].detail);
  assert.match(downloaded.tests[0].detail, /^2 results on .*\.attack-data-cache\/[0-9a-f]{40}-windows-sysmon\.log$/);
  assert.equal(server.requests.length, before + 1);
  const mine = progress.filter((p) => p.progressId === 'p1').map((p) => p.message);
  assert.equal(mine[0], 'Downloading windows-sysmon.log');
  assert.ok(mine.some((m) => /^Downloading windows-sysmon\.log: 19 KiB of 19 KiB, .*\/s/.test(m)), mine.join('\n'));
  assert.equal(mine.at(-1), 'Downloading windows-sysmon.log: done');
  assert.equal(readdirSync(cache).filter((f) => f.endsWith('-windows-sysmon.log')).length, 1);
  const again = await runTests(join(workspace, DOWNLOADED), 'p2');
  assert.equal(again.tests[0].status, 'pass');
  assert.equal(server.requests.length, before + 1, 'the second run reads the cache');
  assert.deepEqual(progress.filter((p) => p.progressId === 'p2'), []);
});

test('a failing test says which clause matched nothing, with its range in the detection', LSP_TEST, async () => {
  const path = join(workspace, 'detections/endpoint/finds_nothing.yml');
  const [verdict] = (await runTests(path)).tests;
  assert.equal(verdict.status, 'fail');
  assert.match(verdict.detail, /: `Processes\.process_name=notepad\.exe` matched none of 9 events \(detections\/endpoint\/finds_nothing\.yml:\d+:\d+\)$/);
  const line = readFileSync(path, 'utf8').split('\n')[verdict.range!.start.line];
  assert.equal(line.slice(verdict.range!.start.character, verdict.range!.end.character), 'Processes.process_name=notepad.exe');
});

test('cancelling a download ends the request with the test skipped; no file counts as data', LSP_TEST, async () => {
  const source = new CancellationTokenSource();
  const started = new Promise<void>((resolve) => session.onNotification(TEST_PROGRESS_NOTIFICATION, (p) => (p as TestProgressParams).progressId === 'stall' && resolve()));
  const answer = session.requestCancellable<RunTestsResult>(RUN_TESTS_REQUEST, { uri: fileUri(join(workspace, 'detections/endpoint/stalls.yml')), progressId: 'stall' }, source.token);
  await started;
  source.cancel();
  const result = await answer;
  assert.deepEqual(result.tests.map((t) => [t.status, t.detail]), [['skipped', 'the run was cancelled']]);
  assert.equal(readdirSync(cache).filter((f) => f.endsWith('-stalled.log')).length, 0);
});

test('offline (splDetect.offline): not downloaded, the test is skipped naming the file', LSP_TEST, async () => {
  const offlineCache = join(workspace, '.offline-cache');
  await session.changeSettings({ splDetect: { attackDataCache: offlineCache, offline: true } });
  const before = server.requests.length;
  const [verdict] = (await runTests(join(workspace, DOWNLOADED))).tests;
  assert.equal(verdict.status, 'skipped');
  assert.match(verdict.detail, /^no local sample for windows-sysmon\.log \(.*not in the attack data cache; offline: not downloaded\)$/);
  assert.equal(server.requests.length, before);
  assert.equal(existsSync(offlineCache), false);
  await session.changeSettings({ splDetect: { attackDataCache: cache } });
});

test('an untrusted workspace runs no test and downloads nothing', LSP_TEST, async () => {
  const untrusted = await LspSession.start(workspace, { diagnosticsSettleMs: 0, workspaceTrusted: false }, { settings: { splDetect: { attackDataCache: join(workspace, '.untrusted-cache') } } });
  try {
    const before = server.requests.length;
    await assert.rejects(untrusted.request(RUN_TESTS_REQUEST, { uri: fileUri(join(workspace, 'detections/endpoint/finds_nothing.yml')) }), (error: { code?: number }) => error.code === RunDetectionErrors.untrusted);
    assert.equal(server.requests.length, before);
  } finally {
    await untrusted.dispose();
  }
});
