import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList, type CompletionParams } from 'vscode-languageserver';
import { macroCompletions } from '../macros/queries';
import type { ServerContext } from './context';
import { queryAt } from './workspaceQuery';

/** Typed after them, these open the list: a backtick starts a macro name, `(` an argument list. */
export const COMPLETION_TRIGGERS = ['`', '('];

/**
 * Inside backticks: every macro of the index, inserted as a snippet whose placeholders are the
 * macro's arguments. At the start of an argument: the macro's argument names, for `name=value`.
 */
export function completion(context: ServerContext, params: CompletionParams): CompletionList | null {
  const query = queryAt(context, params.textDocument.uri, params.position);
  const found = query && macroCompletions(query.project, query.path, query.offset);
  const range = query && found && query.files.range(query.path, found.replace);
  if (!found || !range) return null;
  const items = found.items.map((item): CompletionItem => ({
    label: item.label,
    kind: item.kind === 'macro' ? CompletionItemKind.Function : CompletionItemKind.Variable,
    detail: item.detail,
    ...(item.documentation ? { documentation: item.documentation } : {}),
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: item.snippet },
  }));
  return { isIncomplete: false, items };
}
