import { LSPErrorCodes, ResponseError, type PrepareRenameParams, type Range, type RenameParams, type WorkspaceEdit } from 'vscode-languageserver';
import { renameMacro, renameTarget } from '../workspace/macroQueries';
import type { ServerContext } from './context';
import { workspaceEdit } from './workspaceEdits';
import { queryAt } from './workspaceQuery';

/** The macro name under the cursor; an error the editor shows when that macro cannot be renamed. */
export function prepareRename(context: ServerContext, params: PrepareRenameParams): Range | null {
  const query = queryAt(context, params.textDocument.uri, params.position);
  const target = query && renameTarget(query.project, query.path, query.offset);
  if (!query || !target) return null;
  if ('error' in target) throw new ResponseError(LSPErrorCodes.RequestFailed, target.error);
  return query.files.range(query.path, target.span) ?? null;
}

/** Renames the macro in every call (same argument count) and every definition across the workspace. */
export function rename(context: ServerContext, params: RenameParams): WorkspaceEdit | null {
  const query = queryAt(context, params.textDocument.uri, params.position, { everyOpenDocument: true });
  if (!query) return null;
  const result = renameMacro(query.project, query.path, query.offset, params.newName);
  if ('error' in result) throw new ResponseError(LSPErrorCodes.RequestFailed, result.error);
  return workspaceEdit(context, query.files, result.edits);
}
