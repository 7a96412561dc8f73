// Highlights, in every editor showing a log a detection ran on, the lines of the events behind its
// results: whole-line background and overview ruler mark, a hover naming the detection and result.
import * as vscode from 'vscode';
import { keyFieldsOf, type RunResults } from './runResults';

export function registerLogDecorations(context: vscode.ExtensionContext, results: RunResults): void {
  const hit = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('editor.findMatchHighlightBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.findMatchForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Full,
    borderColor: new vscode.ThemeColor('editor.findMatchBorder'),
    borderStyle: 'solid',
    borderWidth: '0 0 0 3px',
  });
  const decorate = () => {
    for (const editor of vscode.window.visibleTextEditors) editor.setDecorations(hit, decorationsFor(editor.document, results));
  };
  context.subscriptions.push(hit, results.onDidChange(decorate), vscode.window.onDidChangeVisibleTextEditors(decorate));
  decorate();
}

function decorationsFor(document: vscode.TextDocument, results: RunResults): vscode.DecorationOptions[] {
  if (document.uri.scheme !== 'file') return [];
  const byLine = new Map<number, string[]>();
  for (const [, run] of results.all()) {
    if (vscode.Uri.file(run.logPath).fsPath !== document.uri.fsPath) continue;
    run.results.forEach((row, index) => {
      for (const line of row.events) {
        const notes = byLine.get(line) ?? [];
        notes.push(`**${run.detection}**: result ${index + 1} of ${run.results.length} (${keyFieldsOf(row)})`);
        byLine.set(line, notes);
      }
    });
  }
  const decorations: vscode.DecorationOptions[] = [];
  for (const [line, notes] of byLine) {
    if (line < 1 || line > document.lineCount) continue;
    const message = new vscode.MarkdownString(notes.join('\n\n'));
    decorations.push({ range: document.lineAt(line - 1).range, hoverMessage: message });
  }
  return decorations;
}
