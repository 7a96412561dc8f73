// `SPL: Expand Macros`: asks the server for the fully expanded search under the cursor and shows it
// in a read-only editor (a document of the `spl-expanded:` scheme, language spl). The expansion
// itself is the server's; this file only moves text between the server and the editor.
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { EXPAND_MACROS_COMMAND, type ExpandMacrosResult } from '../../server/src/lsp/protocol';

/** The editor command (palette and context menu); it calls the server command EXPAND_MACROS_COMMAND. */
export const SHOW_EXPANDED_SEARCH_COMMAND = 'splDetect.expandMacros';
export const EXPANDED_SEARCH_SCHEME = 'spl-expanded';

/** Content of the `spl-expanded:` documents: the last expansion shown under each uri. */
class ExpandedSearches implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  show(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function registerExpandMacros(context: vscode.ExtensionContext, client: LanguageClient): void {
  const searches = new ExpandedSearches();
  context.subscriptions.push(
    searches,
    vscode.workspace.registerTextDocumentContentProvider(EXPANDED_SEARCH_SCHEME, searches),
    vscode.commands.registerTextEditorCommand(SHOW_EXPANDED_SEARCH_COMMAND, (editor) => showExpandedSearch(client, searches, editor)),
  );
}

async function showExpandedSearch(client: LanguageClient, searches: ExpandedSearches, editor: vscode.TextEditor): Promise<void> {
  const { document, selection } = editor;
  const position = { line: selection.active.line, character: selection.active.character };
  let result: ExpandMacrosResult | null;
  try {
    result = await client.sendRequest(ExecuteCommandRequest.type, { command: EXPAND_MACROS_COMMAND, arguments: [document.uri.toString(), position] });
  } catch (error) {
    void vscode.window.showErrorMessage(`Expanding the macros failed: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (!result) {
    void vscode.window.showInformationMessage('There is no SPL search here to expand.');
    return;
  }
  const uri = expandedSearchUri(document.uri, result.label);
  searches.show(uri, `${result.text}\n`);
  let shown = await vscode.workspace.openTextDocument(uri);
  if (shown.languageId !== 'spl') shown = await vscode.languages.setTextDocumentLanguage(shown, 'spl');
  await vscode.window.showTextDocument(shown, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  if (!result.complete) {
    void vscode.window.showWarningMessage('Some macros could not be expanded: their calls are shown as written (see the Problems panel).');
  }
}

/** One view per source file and search: `<file> (expanded).spl`, the source uri as the query. */
function expandedSearchUri(source: vscode.Uri, label: string): vscode.Uri {
  const base = (source.path.split('/').pop() ?? 'search').replace(/\.[^.]*$/, '');
  const which = label === 'search' ? '' : ` ${label}`;
  return vscode.Uri.from({ scheme: EXPANDED_SEARCH_SCHEME, path: `/${base}${which} (expanded).spl`, query: source.toString() });
}
