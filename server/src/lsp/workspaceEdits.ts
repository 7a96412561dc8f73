import { TextDocumentEdit, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextEdit } from '../text/diagnostic';
import type { ServerContext } from './context';
import { pathToUri } from './uris';
import type { FileRanges } from './workspaceQuery';

/**
 * Core edits per file as a WorkspaceEdit. With documentChanges each open document's edit carries the
 * version its spans were computed on, so the editor refuses it if the text changed meanwhile; files
 * that are not open get version null (their text on disk).
 */
export function workspaceEdit(context: ServerContext, files: FileRanges, editsByPath: ReadonlyMap<string, TextEdit[]>): WorkspaceEdit {
  const perFile: { path: string; uri: string; edits: LspTextEdit[] }[] = [];
  for (const [path, edits] of editsByPath) {
    const lspEdits = edits.flatMap((edit) => {
      const range = files.range(path, edit.span);
      return range ? [{ range, newText: edit.newText }] : [];
    });
    if (lspEdits.length > 0) perFile.push({ path, uri: pathToUri(path), edits: lspEdits });
  }
  if (!context.client.documentChanges) return { changes: Object.fromEntries(perFile.map((file) => [file.uri, file.edits])) };
  return {
    documentChanges: perFile.map((file) =>
      TextDocumentEdit.create({ uri: file.uri, version: context.analyses.openVersion(file.path) ?? null }, file.edits),
    ),
  };
}
