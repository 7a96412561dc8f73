// `SPL: New Detection`: asks for the name, the type and the folder under detections/, lets the server write
// the skeleton (the same as `spl-detect new`), saves it and opens it. The skeleton is the server's.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  NEW_DETECTION_CLIENT_COMMAND,
  NEW_DETECTION_KINDS,
  NEW_DETECTION_REQUEST,
  NEW_DETECTION_TYPES,
  type NewDetectionParams,
  type NewDetectionResult,
} from '../../server/src/lsp/protocol';

export function registerNewDetection(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(vscode.commands.registerCommand(NEW_DETECTION_CLIENT_COMMAND, () => newDetection(client)));
}

async function newDetection(client: LanguageClient): Promise<void> {
  const name = await vscode.window.showInputBox({ title: 'New Detection (1/3)', prompt: 'The detection\'s name (at most 67 characters)', ignoreFocusOut: true });
  if (!name) return;
  const type = await vscode.window.showQuickPick([...NEW_DETECTION_TYPES], { title: 'New Detection (2/3)', placeHolder: 'Type' });
  if (!type) return;
  const kind = await vscode.window.showQuickPick([...NEW_DETECTION_KINDS], { title: 'New Detection (3/3)', placeHolder: 'Folder under detections/' });
  if (!kind) return;
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder = folders.length > 1 ? await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Workspace folder' }) : folders[0];
  if (folders.length > 1 && !folder) return;
  const params: NewDetectionParams = { name, type, kind, ...(folder ? { folderUri: folder.uri.toString() } : {}) };
  const result = await client.sendRequest<NewDetectionResult>(NEW_DETECTION_REQUEST, params);
  if ('error' in result) {
    void vscode.window.showErrorMessage(result.error);
    return;
  }
  const uri = vscode.Uri.parse(result.uri);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(result.text));
  await vscode.window.showTextDocument(uri);
}
