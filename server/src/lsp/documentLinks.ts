import type { DocumentLink, DocumentLinkParams } from 'vscode-languageserver';
import { macroLinks } from '../workspace/macroQueries';
import type { ServerContext } from './context';
import { pathToUri } from './uris';
import { displayPath, queryAt } from './workspaceQuery';

/**
 * Each macro call's name links to the file that defines it. The `#L<line>,<column>` fragment
 * (1-based) is how VS Code opens a file at a position.
 */
export function documentLinks(context: ServerContext, params: DocumentLinkParams): DocumentLink[] {
  const query = queryAt(context, params.textDocument.uri, undefined);
  if (!query) return [];
  return macroLinks(query.project, query.path).flatMap((link) => {
    const range = query.files.range(query.path, link.span);
    const target = query.files.range(link.target.path, link.target.span);
    if (!range || !target) return [];
    const fragment = `#L${target.start.line + 1},${target.start.character + 1}`;
    const tooltip = `Macro definition: ${displayPath(context.analyses.roots, link.target.path)}:${target.start.line + 1}`;
    return [{ range, target: pathToUri(link.target.path) + fragment, tooltip }];
  });
}
