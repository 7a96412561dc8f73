// Test Explorer: every detection with a `tests` section, each tests[] entry a child (created when the
// detection is expanded or run). Running runs the detection's tests on the server as `spl-detect
// test` does (splDetect/runTests: data from the map, a checkout, the cache or a download); one
// cancellable notification shows the downloads' progress for the whole run.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  LIST_TESTS_REQUEST,
  RUN_TESTS_REQUEST,
  TEST_PROGRESS_NOTIFICATION,
  type DetectionTestItem,
  type RunTestsResult,
  type TestProgressParams,
} from '../../server/src/lsp/protocol';

export function registerDetectionTests(context: vscode.ExtensionContext, client: LanguageClient): void {
  const controller = vscode.tests.createTestController('splDetect.detections', 'SPL Detections');
  const listed = new Map<string, DetectionTestItem>();
  // Progress notifications by request: the run in progress says where they go.
  const reporters = new Map<string, (p: TestProgressParams) => void>();
  context.subscriptions.push(client.onNotification(TEST_PROGRESS_NOTIFICATION, (p: TestProgressParams) => reporters.get(p.progressId)?.(p)));
  const load = async () => {
    const items = await client.sendRequest<DetectionTestItem[]>(LIST_TESTS_REQUEST, {});
    listed.clear();
    for (const item of items) listed.set(item.uri, item);
    controller.items.replace(items.map((item) => detectionItem(controller, item)));
  };
  controller.resolveHandler = async (item) => {
    if (!item) await load().catch(() => undefined);
    else addChildren(controller, item, listed.get(item.id));
  };
  controller.refreshHandler = () => load();
  const run = (request: vscode.TestRunRequest, token: vscode.CancellationToken) => runTests(controller, client, listed, reporters, request, token);
  controller.createRunProfile('Run tests (fetch data as needed)', vscode.TestRunProfileKind.Run, run, true);
  context.subscriptions.push(controller);
}

function detectionItem(controller: vscode.TestController, detection: DetectionTestItem): vscode.TestItem {
  const uri = vscode.Uri.parse(detection.uri);
  const item = controller.createTestItem(detection.uri, detection.name, uri);
  item.range = new vscode.Range(detection.line, 0, detection.line, 0);
  item.description = vscode.workspace.asRelativePath(uri);
  item.canResolveChildren = detection.testNames.length > 0;
  return item;
}

function addChildren(controller: vscode.TestController, item: vscode.TestItem, detection: DetectionTestItem | undefined): void {
  if (!detection || item.children.size > 0) return;
  item.children.replace(detection.testNames.map((name, i) => {
    const child = controller.createTestItem(`${detection.uri}#${i}`, name, item.uri);
    if (item.range) child.range = item.range;
    return child;
  }));
  item.canResolveChildren = false;
}

async function runTests(
  controller: vscode.TestController,
  client: LanguageClient,
  listed: Map<string, DetectionTestItem>,
  reporters: Map<string, (p: TestProgressParams) => void>,
  request: vscode.TestRunRequest,
  token: vscode.CancellationToken,
): Promise<void> {
  const run = controller.createTestRun(request);
  // A test named alone runs its detection's tests; the answer is reported for the ones asked.
  const detections = new Map<vscode.TestItem, vscode.TestItem[] | undefined>();
  const queue: vscode.TestItem[] = [];
  if (request.include) queue.push(...request.include);
  else controller.items.forEach((item) => queue.push(item));
  for (const item of queue) {
    if (request.exclude?.includes(item)) continue;
    const parent = item.parent ?? item;
    addChildren(controller, parent, listed.get(parent.id));
    if (item.parent) detections.set(parent, [...(detections.get(parent) ?? []), item]);
    else detections.set(item, undefined);
  }
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'SPL detection tests', cancellable: true }, async (progress, cancelButton) => {
    const cancel = new vscode.CancellationTokenSource();
    const links = [token.onCancellationRequested(() => cancel.cancel()), cancelButton.onCancellationRequested(() => cancel.cancel())];
    let index = 0;
    try {
      for (const [detection, only] of detections) {
        index++;
        const tests = only ?? childrenOf(detection);
        if (cancel.token.isCancellationRequested) {
          for (const test of tests) run.skipped(test);
          continue;
        }
        progress.report({ message: `${index}/${detections.size} ${detection.label}` });
        reporters.set(detection.id, (p) => progress.report({ message: `${index}/${detections.size} ${detection.label}: ${p.message}` }));
        await runOne(run, client, detection, tests, cancel.token);
        reporters.delete(detection.id);
      }
    } finally {
      for (const link of links) link.dispose();
      cancel.dispose();
      run.end();
    }
  });
}

function childrenOf(item: vscode.TestItem): vscode.TestItem[] {
  const children: vscode.TestItem[] = [];
  item.children.forEach((child) => children.push(child));
  return children;
}

async function runOne(run: vscode.TestRun, client: LanguageClient, detection: vscode.TestItem, tests: vscode.TestItem[], token: vscode.CancellationToken): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    const message = new vscode.TestMessage('Running detection tests (and downloading their data) is disabled in an untrusted workspace.');
    for (const test of [detection, ...tests]) run.errored(test, message);
    return;
  }
  for (const test of [detection, ...tests]) run.started(test);
  try {
    const answer = await client.sendRequest<RunTestsResult>(RUN_TESTS_REQUEST, { uri: detection.id, progressId: detection.id }, token);
    for (const [i, verdict] of answer.tests.entries()) {
      const test = tests.find((t) => t.id === `${detection.id}#${i}`);
      if (!test) continue;
      run.appendOutput(`${detection.label} [${verdict.name}]: ${verdict.status} ${verdict.detail}\r\n`, undefined, test);
      if (verdict.status === 'pass') run.passed(test, verdict.ms);
      else if (verdict.status === 'skipped') run.skipped(test);
      else {
        const message = new vscode.TestMessage(verdict.detail);
        if (verdict.range && detection.uri) message.location = new vscode.Location(detection.uri, new vscode.Range(verdict.range.start.line, verdict.range.start.character, verdict.range.end.line, verdict.range.end.character));
        run.failed(test, message, verdict.ms);
      }
    }
    const failed = answer.tests.filter((t) => t.status === 'fail');
    if (failed.length > 0) run.failed(detection, new vscode.TestMessage(failed.map((t) => `${t.name}: ${t.detail}`).join('\n')));
    else if (answer.tests.some((t) => t.status === 'pass')) run.passed(detection);
    else run.skipped(detection);
  } catch (error) {
    const message = new vscode.TestMessage(error instanceof Error ? error.message : String(error));
    for (const test of [detection, ...tests]) run.errored(test, message);
  }
}
