import type { DidChangeWatchedFilesParams } from 'vscode-languageserver';
import type { ServerContext } from './context';
import { uriToPath } from './uris';

/**
 * Files changed on disk (a pull, a branch switch, another tool): the project rereads them. Created,
 * changed and deleted are handled alike: rereading tells, and a file that cannot be read leaves.
 * Returns whether anything was reread, i.e. whether open documents' diagnostics may be stale.
 */
export function watchedFilesChanged(context: ServerContext, params: DidChangeWatchedFilesParams): boolean {
  let changed = false;
  for (const change of params.changes) {
    const path = uriToPath(change.uri);
    if (path === undefined) continue;
    context.analyses.fileChanged(path);
    changed = true;
  }
  return changed;
}
