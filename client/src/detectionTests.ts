// Test Explorer: every detection with a `tests` section is a test. Running one runs the detection on
// its sample log (the server resolves it from the tests); it passes with at least one result, as
// contentctl's tests do.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LIST_TESTS_REQUEST, RUN_DETECTION_REQUEST, type DetectionTestItem, type RunDetectionResult } from '../../server/src/lsp/protocol';
import { noResultMessage } from './runProblems';
import { describeEvents } from '../../server/src/text/logPosition';
import { keyFieldsOf, type RunResults } from './runResults';

export function registerDetectionTests(context: vscode.ExtensionContext, client: LanguageClient, results: RunResults): void {
  const controller = vscode.tests.createTestController('splDetect.detections', 'SPL Detections');
  const load = async () => {
    const items = await client.sendRequest<DetectionTestItem[]>(LIST_TESTS_REQUEST, {});
    controller.items.replace(items.map((item) => testItemOf(controller, item)));
  };
  controller.resolveHandler = async (item) => {
    if (!item) await load().catch(() => undefined);
  };
  controller.refreshHandler = () => load();
  controller.createRunProfile('Run on sample log', vscode.TestRunProfileKind.Run, (request, token) => runTests(controller, client, results, request, token), true);
  context.subscriptions.push(controller);
}

function testItemOf(controller: vscode.TestController, detection: DetectionTestItem): vscode.TestItem {
  const uri = vscode.Uri.parse(detection.uri);
  const item = controller.createTestItem(detection.uri, detection.name, uri);
  item.range = new vscode.Range(detection.line, 0, detection.line, 0);
  item.description = vscode.workspace.asRelativePath(uri);
  return item;
}

async function runTests(
  controller: vscode.TestController,
  client: LanguageClient,
  results: RunResults,
  request: vscode.TestRunRequest,
  token: vscode.CancellationToken,
): Promise<void> {
  const run = controller.createTestRun(request);
  const queue: vscode.TestItem[] = [];
  if (request.include) queue.push(...request.include);
  else controller.items.forEach((item) => queue.push(item));
  for (const item of queue) {
    if (token.isCancellationRequested) run.skipped(item);
    else if (request.exclude?.includes(item)) continue;
    else await runOne(run, client, results, item, token);
  }
  run.end();
}

async function runOne(run: vscode.TestRun, client: LanguageClient, results: RunResults, item: vscode.TestItem, token: vscode.CancellationToken): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    run.errored(item, new vscode.TestMessage('Running a detection is disabled in an untrusted workspace.'));
    return;
  }
  run.started(item);
  try {
    const answer = await client.sendRequest<RunDetectionResult>(RUN_DETECTION_REQUEST, { uri: item.id }, token);
    results.set(item.id, answer);
    const summary = `${answer.results.length} result(s) from ${answer.stats.eventsRead} events of ${answer.logPath}`;
    if (answer.ok && answer.results.length > 0) {
      const hits = answer.results.map((row, i) => `result ${i + 1} (${describeEvents(row)}): ${keyFieldsOf(row)}`);
      run.appendOutput(`${item.label}: ${summary}\r\n${hits.join('\r\n')}\r\n`, undefined, item);
      run.passed(item, answer.stats.ms);
      return;
    }
    const problem = answer.problems.find((p) => p.severity === 'error') ?? answer.problems.find((p) => p.severity === 'warning');
    const message = new vscode.TestMessage(noResultMessage(answer, summary));
    if (problem && item.uri) message.location = new vscode.Location(item.uri, new vscode.Range(problem.range.start.line, problem.range.start.character, problem.range.end.line, problem.range.end.character));
    run.failed(item, message, answer.stats.ms);
  } catch (error) {
    run.failed(item, new vscode.TestMessage(error instanceof Error ? error.message : String(error)));
  }
}
