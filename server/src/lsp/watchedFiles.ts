import { FileChangeType, type DidChangeWatchedFilesParams } from 'vscode-languageserver';
import type { ServerContext } from './context';
import { uriToPath } from './uris';

/**
 * Files changed on disk (a pull, a branch switch, another tool): the project rereads them.
 * Returns whether anything was reread, i.e. whether open documents' diagnostics may be stale.
 */
export function watchedFilesChanged(context: ServerContext, params: DidChangeWatchedFilesParams): boolean {
  let changed = false;
  for (const change of params.changes) {
    const path = uriToPath(change.uri);
    if (path === undefined) continue;
    // Deleted or not, rereading tells: a file that cannot be read leaves the project.
    if (change.type === FileChangeType.Deleted || change.type === FileChangeType.Changed || change.type === FileChangeType.Created) {
      context.analyses.fileChanged(path);
      changed = true;
    }
  }
  return changed;
}
