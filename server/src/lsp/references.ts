import type { Location, ReferenceParams } from 'vscode-languageserver';
import { macroReferences } from '../workspace/macroQueries';
import type { ServerContext } from './context';
import { queryAt } from './workspaceQuery';

/** Every call of the macro under the cursor in the workspace (same name and argument count). */
export function references(context: ServerContext, params: ReferenceParams): Location[] {
  const query = queryAt(context, params.textDocument.uri, params.position, { everyOpenDocument: true });
  if (!query) return [];
  const found = macroReferences(query.project, query.path, query.offset, params.context.includeDeclaration);
  return found.flatMap((location) => query.files.location(location) ?? []);
}
