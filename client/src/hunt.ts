// "Hunt with All Detections": every detection of the workspace over a log (the explorer's file, the
// active editor's, or one picked), with cancellable progress fed by the server's work-done reports.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import { HUNT_CLIENT_COMMAND, HUNT_REQUEST, type HuntParams, type HuntResult } from '../../server/src/lsp/protocol';
import { HUNT_VIEW_ID, type HuntResults } from './huntView';

/** How the log's events are labelled (source/sourcetype), as the detections' macros expect. */
const LABELS: Array<vscode.QuickPickItem & { metadata: Pick<HuntParams, 'source' | 'sourcetype'> }> = [
  { label: 'Sysmon', description: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', metadata: { sourcetype: 'XmlWinEventLog', source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational' } },
  { label: 'Windows Security', description: 'XmlWinEventLog:Security', metadata: { sourcetype: 'XmlWinEventLog', source: 'XmlWinEventLog:Security' } },
  { label: 'As read', description: 'no source or sourcetype (an .evtx file: from each record\'s Channel)', metadata: {} },
];

export function registerHuntCommand(context: vscode.ExtensionContext, client: LanguageClient, results: HuntResults): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(HUNT_CLIENT_COMMAND, async (target?: vscode.Uri) => {
      const log = target instanceof vscode.Uri ? target : (vscode.window.activeTextEditor?.document.uri ?? (await pickLog()));
      if (!log || log.scheme !== 'file') return;
      const label = await vscode.window.showQuickPick(LABELS, { title: 'How are the events of this log labelled?' });
      if (!label) return;
      const workDoneToken = `spl-detect-hunt-${randomUUID()}`;
      const params: HuntParams = { logPath: log.fsPath, ...label.metadata, workDoneToken };
      const title = `Hunting with all detections on ${vscode.workspace.asRelativePath(log)}`;
      try {
        const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, cancel) => {
          let shown = 0;
          const reports = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
            if (value.kind !== 'report' || value.percentage === undefined) return;
            progress.report({ increment: value.percentage - shown, message: value.message });
            shown = value.percentage;
          });
          try {
            return await client.sendRequest<HuntResult>(HUNT_REQUEST, params, cancel);
          } finally {
            reports.dispose();
          }
        });
        results.set(result);
        await vscode.commands.executeCommand(`${HUNT_VIEW_ID}.focus`);
      } catch (error) {
        if (error instanceof Error && /cancel/i.test(error.message)) return;
        void vscode.window.showErrorMessage(`Hunt failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
  );
}

async function pickLog(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({ title: 'Log to hunt in', canSelectMany: false, filters: { Logs: ['log', 'xml', 'json', 'jsonl', 'csv', 'evtx'], All: ['*'] } });
  return picked?.[0];
}
