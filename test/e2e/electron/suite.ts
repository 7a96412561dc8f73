// Runs inside VS Code's extension host (loaded by runTest.ts through @vscode/test-electron): the
// extension activates on the samples workspace and its language server answers a hover request and
// gives a savedsearches.conf a Run CodeLens per saved search, through the VS Code API. Exports run(),
// the entry point the test runner calls.
import * as assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import * as vscode from 'vscode';

const EXTENSION_ID = 'spl-detection-workbench.spl-detection-workbench';
const DETECTION = 'detections/endpoint/windows_msiexec_dllregisterserver.yml';
const MSIEXEC_DEFINITION = 'Processes.process_name=msiexec.exe';
/** The server's first hover waits for the workspace's macros to load. */
const HOVER_TIMEOUT_MS = 60_000;

async function activates(): Promise<void> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in the test instance`);
  await extension.activate();
  assert.equal(extension.isActive, true);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

async function hoversMacroCall(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test instance opened no workspace folder');
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, DETECTION));
  await vscode.window.showTextDocument(document);
  const offset = document.getText().indexOf('`process_msiexec`') + 3;
  assert.ok(offset > 3, 'the detection has no `process_msiexec` call');
  const position = document.positionAt(offset);
  const deadline = Date.now() + HOVER_TIMEOUT_MS;
  let text = '';
  // Polled: the language server starts, loads the workspace, then answers.
  while (!text.includes(MSIEXEC_DEFINITION)) {
    assert.ok(Date.now() < deadline, `no hover with '${MSIEXEC_DEFINITION}' within ${HOVER_TIMEOUT_MS} ms; last: ${text || '(none)'}`);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
    text = hoverText(hovers ?? []);
    if (!text.includes(MSIEXEC_DEFINITION)) await delay(250);
  }
  assert.match(text, /process_msiexec/);
}

const SAVED_SEARCHES = '[Admin Logons]\nsearch = kind=logon user=admin | stats count\n\n[Failed Logons]\nsearch = kind=logon result=failure | stats count by user\n';

async function savedSearchLenses(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test instance opened no workspace folder');
  const file = vscode.Uri.joinPath(folder.uri, 'app/default/savedsearches.conf');
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(SAVED_SEARCHES));
  const document = await vscode.workspace.openTextDocument(file);
  await vscode.window.showTextDocument(document);
  const deadline = Date.now() + HOVER_TIMEOUT_MS;
  let runs: vscode.CodeLens[] = [];
  // Polled: the server indexes the new file, then answers.
  while (runs.length < 2) {
    assert.ok(Date.now() < deadline, `no two Run lenses within ${HOVER_TIMEOUT_MS} ms; got ${runs.length}`);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri)) ?? [];
    runs = lenses.filter((lens) => lens.command?.title === '▶ Run on sample');
    if (runs.length < 2) await delay(250);
  }
  assert.deepEqual(
    runs.map((lens) => [lens.range.start.line, lens.command?.command, lens.command?.arguments]),
    [
      [1, 'splDetect.runDetectionOnSample', [document.uri.toString(), '[Admin Logons] search']],
      [4, 'splDetect.runDetectionOnSample', [document.uri.toString(), '[Failed Logons] search']],
    ],
  );
}

const tests: [string, () => Promise<void>][] = [
  ['the extension activates', activates],
  ['hover on `process_msiexec` shows its definition', hoversMacroCall],
  ['a savedsearches.conf has a Run CodeLens per saved search', savedSearchLenses],
];

export async function run(): Promise<void> {
  const failures: string[] = [];
  for (const [name, body] of tests) {
    try {
      await body();
      console.log(`ok - ${name}`);
    } catch (error) {
      failures.push(name);
      console.log(`not ok - ${name}\n${error instanceof Error ? error.stack : String(error)}`);
    }
  }
  console.log(`extension host suite: ${tests.length - failures.length} of ${tests.length} passed`);
  if (failures.length > 0) throw new Error(`failed: ${failures.join('; ')}`);
}
