// Running a detection on its sample log through the language server, over stdio, on a copy of
// samples/ (expected hits: samples/README.md): the custom requests, CodeLens, inlay hints, staleness.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeLens, InlayHint } from 'vscode-languageserver-protocol';
import { runDetection } from '../../server/src/engine/eval/runDetection';
import { Project } from '../../server/src/workspace/project';
import { LIST_TESTS_REQUEST, RUN_DETECTION_REQUEST, RUN_ON_SAMPLE_CLIENT_COMMAND, RunDetectionErrors, SAMPLE_LOG_REQUEST, SHOW_RUN_RESULTS_CLIENT_COMMAND, type DetectionTestItem, type RunDetectionResult, type SampleLogResult } from '../../server/src/lsp/protocol';
import { rangeOf } from './cursor';
import { fileUri, LSP_TEST, LspSession, disposeWithWorkspace, startOnSamplesCopy } from './harness';

const DETECTION = 'detections/endpoint/windows_msiexec_dllregisterserver.yml';
let workspace: string;
let session: LspSession;
let detectionPath: string;
let text: string;

before(async () => {
  ({ workspace, session, detectionPath, text } = await startOnSamplesCopy('spl-lsp-run-', DETECTION));
});
after(() => disposeWithWorkspace(session, workspace));

const run = (params: object) => session.request<RunDetectionResult>(RUN_DETECTION_REQUEST, params);
const lenses = (uri: string) => session.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
const allHints = (uri: string) =>
  session.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } } });
/** Each result's event lines, results in log order (tstats orders its groups by the by-fields). */
const eventsOf = (run: RunDetectionResult) => run.results.map((r) => r.events).sort((a, b) => a[0] - b[0]);
const tooltipOf = (hint: InlayHint) => (typeof hint.tooltip === 'string' ? hint.tooltip : (hint.tooltip?.value ?? ''));
const labelOf = (hint: InlayHint) => (typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join(''));

test('initialize advertises CodeLens and inlay hints', LSP_TEST, async () => {
  const { capabilities } = await session.initializeResult;
  assert.ok(capabilities.codeLensProvider);
  assert.ok(capabilities.inlayHintProvider);
});

test('the sample log comes from attack_data_map.json; listTests names the detections with tests', LSP_TEST, async () => {
  const sample = await session.request<SampleLogResult>(SAMPLE_LOG_REQUEST, { uri: fileUri(detectionPath) });
  assert.deepEqual(sample, { logPath: join(workspace, 'logs/msiexec_sysmon.log'), hasTests: true });
  const tests = await session.request<DetectionTestItem[]>(LIST_TESTS_REQUEST, {});
  assert.deepEqual(tests.map((t) => t.name), ['Windows MSIExec DLLRegisterServer', 'Windows MSIExec Unregister DLLRegisterServer']);
});

test('runDetection: msiexec /y gives 3 results from lines 2, 5, 6; CodeLens and inlay hints show the run', LSP_TEST, async () => {
  const uri = await session.open(detectionPath);
  const before = await lenses(uri);
  assert.deepEqual(before.map((lens) => lens.command?.title), ['▶ Run on sample']);
  assert.equal(before[0].command?.command, RUN_ON_SAMPLE_CLIENT_COMMAND);
  assert.equal(before[0].range.start.line, rangeOf(text, 'search', "\nsearch: '| tstats").start.line);
  assert.deepEqual(await allHints(uri), [], 'no hints before a run');

  const result = await run({ uri });
  assert.equal(result.ok, true);
  assert.deepEqual(eventsOf(result), [[2], [5], [6]]);
  assert.equal(result.logPath, join(workspace, 'logs/msiexec_sysmon.log'));
  assert.equal(result.version, 1);
  assert.equal(result.stats.eventsRead, 11);
  assert.ok(session.refreshRequests.includes('workspace/inlayHint/refresh'), session.refreshRequests.join());
  assert.ok(session.refreshRequests.includes('workspace/codeLens/refresh'), session.refreshRequests.join());

  const after = await lenses(uri);
  assert.equal(after.length, 2);
  assert.match(after[1].command?.title ?? '', /^3 results from 11 events, \d+\.\d\d s$/);
  assert.equal(after[1].command?.command, SHOW_RUN_RESULTS_CLIENT_COMMAND);

  // The engine's own explain, run directly on the same files, is what the hints must say.
  const project = Project.load([workspace]);
  const engine = await runDetection({ project, path: detectionPath, log: result.logPath, explain: true });
  const hints = await allHints(uri);
  for (const value of ['"*/y*"', '"*-y*"']) {
    const end = rangeOf(text, value).end;
    const atValue = hints.filter((h) => h.position.line === end.line && h.position.character === end.character);
    const expected = engine.explain.find((e) => e.kind === 'predicate' && e.label === `Processes.process=${value}`);
    assert.ok(expected, `the engine explains ${value}`);
    assert.deepEqual(atValue.map(labelOf), [`= ${expected.count}`], `hint after ${value}`);
    assert.match(tooltipOf(atValue[0]), new RegExp(`matched ${expected.count} events? of the 9 events`));
  }
  assert.deepEqual(
    hints.filter((h) => ['"*/y*"', '"*-y*"'].some((v) => rangeOf(text, v).end.character === h.position.character)).map(labelOf),
    ['= 4', '= 1'],
  );
  // The macro's two clauses are both shown at its call; the tooltip names each.
  const macroCall = rangeOf(text, '`process_msiexec`');
  const atMacro = hints.filter((h) => h.position.line === macroCall.end.line && h.position.character === macroCall.end.character);
  assert.deepEqual(atMacro.map(labelOf), ['= 6', '= 7']);
  assert.match(tooltipOf(atMacro[0]), /`Processes\.process_name=msiexec\.exe` matched 6 events.*macro called here/s);
  assert.match(tooltipOf(atMacro[1]), /`Processes\.original_file_name=msiexec\.exe` matched 7 events/);

  const version = await session.change(uri, text.replace('"*-y*"', '"*-y*", "*-zz*"'));
  assert.equal(version, 2);
  assert.deepEqual(await allHints(uri), [], 'no hints once the run is stale');
  const stale = await lenses(uri);
  assert.match(stale[1].command?.title ?? '', /^3 results from 11 events, .* \(stale: edited since the run\)$/);
  // The new clause matches nothing: its hint says so distinctly.
  await run({ uri });
  const rerun = await allHints(uri);
  const zero = rerun.filter((h) => labelOf(h) === '✗ 0');
  assert.equal(zero.length, 1, rerun.map(labelOf).join(' | '));
  assert.match(tooltipOf(zero[0]), /`Processes\.process="\*-zz\*"` matched 0 events/);
  await session.close(uri);
});

// Trust and what a run may read: runConfinement.test.ts.
test('runDetection of a detection without a sample asks for a log', LSP_TEST, async () => {
  const uri = fileUri(detectionPath);
  rmSync(join(workspace, 'attack_data_map.json'));
  await assert.rejects(run({ uri }), (error: { code?: number; message?: string }) => {
    assert.equal(error.code, RunDetectionErrors.noSampleLog);
    assert.match(error.message ?? '', /No sample log for this detection: no attack_data_map\.json found/);
    return true;
  });
  const explicit = await run({ uri, logPath: join(workspace, 'logs/msiexec_sysmon.log') });
  assert.deepEqual(eventsOf(explicit), [[2], [5], [6]]);
  assert.equal(explicit.version, null);
});
