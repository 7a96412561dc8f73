// `SPL: Run Detection on Sample Log` (palette and the "▶ Run on sample" CodeLens): picks the log
// (the detection's tests via the server, else the user's remembered or chosen file), runs it with
// progress and Cancel, and hands the answer to the results view and the log decorations.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  RUN_DETECTION_REQUEST,
  RUN_ON_SAMPLE_CLIENT_COMMAND,
  SAMPLE_LOG_EXTENSIONS,
  SAMPLE_LOG_REQUEST,
  SETTINGS_SECTION,
  type RunDetectionParams,
  type RunDetectionResult,
  type SampleLogResult,
} from '../../server/src/lsp/protocol';
import type { RunResults } from './runResults';

const chosenLogKey = (detectionUri: string) => `${SETTINGS_SECTION}.sampleLog:${detectionUri}`;

export function registerRunCommand(context: vscode.ExtensionContext, client: LanguageClient, results: RunResults): void {
  context.subscriptions.push(
    // The CodeLens of a saved search passes its label too (a savedsearches.conf holds many).
    vscode.commands.registerCommand(RUN_ON_SAMPLE_CLIENT_COMMAND, async (uri?: string | vscode.Uri, search?: string) => {
      const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : (uri ?? vscode.window.activeTextEditor?.document.uri);
      if (!target) {
        void vscode.window.showInformationMessage('Open a detection (or .spl file) to run it on a sample log.');
        return;
      }
      await runOnSample(context, client, results, target, typeof search === 'string' ? search : undefined);
    }),
  );
}

/** The run's answer, or undefined when the user cancelled, chose no log or the run could not start. */
export async function runOnSample(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  results: RunResults,
  detection: vscode.Uri,
  search?: string,
): Promise<RunDetectionResult | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Running a detection is disabled in an untrusted workspace. Trust the workspace (Manage Workspace Trust) to run it on a sample log.');
    return undefined;
  }
  const uri = detection.toString();
  const logPath = await chooseLog(context, client, uri);
  if (!logPath) return undefined;
  // From the palette, the search under the cursor runs (one saved search of a savedsearches.conf).
  const editor = vscode.window.activeTextEditor;
  const cursor = search === undefined && editor?.document.uri.toString() === uri ? editor.selection.active : undefined;
  const params: RunDetectionParams = {
    uri,
    logPath,
    evasion: true,
    ...(search !== undefined ? { search } : {}),
    ...(cursor ? { position: { line: cursor.line, character: cursor.character } } : {}),
  };
  try {
    const run = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Running ${fileName(detection)} on ${fileName(vscode.Uri.file(logPath))}`, cancellable: true },
      (_progress, token) => client.sendRequest<RunDetectionResult>(RUN_DETECTION_REQUEST, params, token),
    );
    results.set(uri, run);
    if (!run.ok) {
      const problem = run.problems.find((p) => p.severity === 'error');
      void vscode.window.showErrorMessage(`The run failed: ${problem?.message ?? 'see the problems'}`);
    }
    return run;
  } catch (error) {
    if (error instanceof vscode.CancellationError || (error as { code?: number }).code === -32800) return undefined;
    void vscode.window.showErrorMessage(`Running the detection failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/** The detection's own sample (its tests), else the log the user chose for it before, else ask. */
async function chooseLog(context: vscode.ExtensionContext, client: LanguageClient, uri: string): Promise<string | undefined> {
  let sample: SampleLogResult;
  try {
    sample = await client.sendRequest<SampleLogResult>(SAMPLE_LOG_REQUEST, { uri });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`Cannot run this file: ${reason}`);
    return undefined;
  }
  if (sample.logPath) return sample.logPath;
  const remembered = context.workspaceState.get<string>(chosenLogKey(uri));
  if (remembered && (await exists(vscode.Uri.file(remembered)))) return remembered;
  const picked = await pickLog(sample.reason);
  if (picked) await context.workspaceState.update(chosenLogKey(uri), picked);
  return picked;
}

async function pickLog(reason: string | undefined): Promise<string | undefined> {
  const folders = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string[]>('sampleFolders', ['samples', '.']);
  const found = new Map<string, vscode.Uri>();
  for (const workspaceFolder of vscode.workspace.workspaceFolders ?? []) {
    for (const folder of folders) {
      const base = folder === '.' || folder === '' ? '' : `${folder.replace(/[\\/]+$/, '')}/`;
      const pattern = new vscode.RelativePattern(workspaceFolder, `${base}**/*.{${SAMPLE_LOG_EXTENSIONS.join(',')}}`);
      for (const file of await vscode.workspace.findFiles(pattern, '**/{node_modules,.git}/**', 500)) {
        if (!file.path.endsWith('/attack_data_map.json')) found.set(file.fsPath, file);
      }
    }
  }
  if (found.size === 0) {
    const kinds = SAMPLE_LOG_EXTENSIONS.map((extension) => `*.${extension}`);
    void vscode.window.showWarningMessage(`No sample log for this detection (${reason ?? 'none named'}), and no ${kinds.slice(0, -1).join(', ')} or ${kinds[kinds.length - 1]} file under ${folders.join(', ')}.`);
    return undefined;
  }
  const items = [...found.values()].map((file) => ({ label: vscode.workspace.asRelativePath(file), description: '', path: file.fsPath }));
  const choice = await vscode.window.showQuickPick(items, {
    title: 'Run the detection on which log?',
    placeHolder: reason ? `The detection's tests name no local sample (${reason}); the choice is remembered for this detection` : 'Pick a log file',
  });
  return choice?.path;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

function fileName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}
