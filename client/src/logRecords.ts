// An event of an .evtx log has no text line to open: clicking it in the results view opens a
// read-only document with its record (where it is, then its XML indented), which the server reads
// again from the file (splDetect/logRecord) inside the run's read scope.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LOG_RECORD_REQUEST, type LogRecordParams, type LogRecordResult, type RecordPosition } from '../../server/src/lsp/protocol';
import { describeRecord } from '../../server/src/text/logPosition';

export const OPEN_LOG_RECORD_COMMAND = 'splDetect.openLogRecord';
const SCHEME = 'spl-detect-record';

export function registerLogRecords(context: vscode.ExtensionContext, client: LanguageClient): void {
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const params = JSON.parse(uri.query) as LogRecordParams;
      try {
        return (await client.sendRequest<LogRecordResult>(LOG_RECORD_REQUEST, params)).text;
      } catch (error) {
        return `<!-- ${describeRecord(params.position)} cannot be shown: ${error instanceof Error ? error.message : String(error)} -->\n`;
      }
    },
  };
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider),
    vscode.commands.registerCommand(OPEN_LOG_RECORD_COMMAND, async (detectionUri: string, position: RecordPosition) => {
      const params: LogRecordParams = { uri: detectionUri, position };
      // The path names the record (the editor's tab title); the query is what the provider asks the server.
      const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${describeRecord(position)}.xml`, query: JSON.stringify(params) });
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document, { preview: true });
    }),
  );
}
