// Extension client: starts the bundled language server and shows its state. Everything SPL-specific
// happens in the server; this file only connects VS Code to it.
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  SETTINGS_SECTION,
  WATCHED_FILES_GLOB,
  WORKSPACE_TRUST_NOTIFICATION,
  type SplDetectInitializationOptions,
  type WorkspaceTrustParams,
} from '../../server/src/lsp/protocol';
import { registerDetectionTests } from './detectionTests';
import { registerExpandMacros } from './expandMacros';
import { registerHuntCommand } from './hunt';
import { HuntResults, registerHuntView } from './huntView';
import { registerLogDecorations } from './logDecorations';
import { registerLogRecords } from './logRecords';
import { registerNewDetection } from './newDetection';
import { registerResultsView } from './resultsView';
import { registerRunCommand } from './runDetection';
import { RunResults } from './runResults';

/** The files the server reads; it ignores every other YAML file itself, too. */
const DOCUMENT_SELECTOR: LanguageClientOptions['documentSelector'] = [
  { language: 'spl' },
  { scheme: 'file', pattern: '**/detections/**/*.{yml,yaml}' },
  { scheme: 'file', pattern: '**/macros/*.{yml,yaml}' },
  // Detections name them: the server must see their unsaved edits.
  { scheme: 'file', pattern: '**/{data_sources,stories}/*.{yml,yaml}' },
  { scheme: 'file', pattern: '**/macros.conf' },
  { scheme: 'file', pattern: '**/savedsearches.conf' },
];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const outputChannel = vscode.window.createOutputChannel('SPL Detection Workbench', { log: true });
  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.name = 'SPL language server';
  context.subscriptions.push(outputChannel, status);

  // The server rereads macro and detection files changed outside the editor (pull, branch switch);
  // it registers watchers of its own for linked folders, which this one does not follow.
  const watcher = vscode.workspace.createFileSystemWatcher(WATCHED_FILES_GLOB);
  const client = new LanguageClient('splDetectionWorkbench', 'SPL Detection Workbench', serverOptions, {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel,
    // configurationSection: the client tells the server when splDetect.* changes; the server then
    // reads the settings it needs (workspace/configuration).
    synchronize: { fileEvents: watcher, configurationSection: SETTINGS_SECTION },
    // Read when the server starts (and restarts): the server runs detections only in a trusted workspace.
    initializationOptions: (): SplDetectInitializationOptions => ({ workspaceTrusted: vscode.workspace.isTrusted }),
  });
  // Disposing the client (on deactivation) stops the server process.
  context.subscriptions.push(client, watcher);
  registerExpandMacros(context, client);
  registerNewDetection(context, client);
  const results = new RunResults();
  context.subscriptions.push(results);
  registerRunCommand(context, client, results);
  registerLogDecorations(context, results);
  registerResultsView(context, results);
  registerLogRecords(context, client);
  registerDetectionTests(context, client);
  const hunts = new HuntResults();
  context.subscriptions.push(hunts);
  registerHuntCommand(context, client, hunts);
  registerHuntView(context, hunts);
  client.onDidChangeState(({ newState }) => showState(status, newState));
  showState(status, State.Starting);
  status.show();
  // Trust granted while the server starts is told once it runs (below); granted later, at once.
  const tellTrust = () => {
    if (client.isRunning() && vscode.workspace.isTrusted) void client.sendNotification(WORKSPACE_TRUST_NOTIFICATION, { trusted: true } satisfies WorkspaceTrustParams);
  };
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(tellTrust));
  try {
    await client.start();
    tellTrust();
  } catch (error) {
    outputChannel.error(`The SPL language server did not start: ${error instanceof Error ? error.message : String(error)}`);
    showState(status, State.StartFailed);
  }
}

export function deactivate(): void {}

function showState(status: vscode.StatusBarItem, state: State): void {
  const text: Record<State, string> = {
    [State.Starting]: '$(sync~spin) SPL',
    [State.Running]: '$(check) SPL',
    [State.Stopped]: '$(error) SPL',
    [State.StartFailed]: '$(error) SPL',
  };
  const tooltip: Record<State, string> = {
    [State.Starting]: 'SPL language server: starting',
    [State.Running]: 'SPL language server: running',
    [State.Stopped]: 'SPL language server: stopped (see the output channel)',
    [State.StartFailed]: 'SPL language server: failed to start (see the output channel)',
  };
  status.text = text[state];
  status.tooltip = tooltip[state];
}
