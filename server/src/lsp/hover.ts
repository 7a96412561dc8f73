import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import { macroHover } from '../macros/queries';
import type { ServerContext } from './context';
import { displayPath, queryAt } from './workspaceQuery';

/** On a macro call or a macro's name where it is defined: origin, description, arguments, expansions. */
export function hover(context: ServerContext, params: HoverParams): Hover | null {
  const query = queryAt(context, params.textDocument.uri, params.position);
  const found = query && macroHover(query.project, query.path, query.offset, (file) => displayPath(context.analyses.roots, file));
  if (!query || !found) return null;
  const range = query.files.range(query.path, found.span);
  return { contents: { kind: MarkupKind.Markdown, value: found.markdown }, ...(range ? { range } : {}) };
}
