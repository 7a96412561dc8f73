import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList, type CompletionParams } from 'vscode-languageserver';
import { lookupCompletions } from '../engine/eval/lookupQueries';
import { macroCompletions } from '../workspace/macroQueries';
import type { ServerContext } from './context';
import { queryAt } from './workspaceQuery';

/** Typed after them, these open the list: a backtick starts a macro name, `(` an argument list. */
export const COMPLETION_TRIGGERS = ['`', '('];

/**
 * Inside backticks: every macro of the index, inserted as a snippet whose placeholders are the
 * macro's arguments. At the start of an argument: the macro's argument names, for `name=value`.
 * At a lookup command's table name: the workspace's lookup names.
 */
export function completion(context: ServerContext, params: CompletionParams): CompletionList | null {
  const query = queryAt(context, params.textDocument.uri, params.position);
  if (!query) return null;
  const macros = macroCompletions(query.project, query.path, query.offset);
  if (macros) {
    const range = query.files.range(query.path, macros.replace);
    if (!range) return null;
    const items = macros.items.map((item): CompletionItem => ({
      label: item.label,
      kind: item.kind === 'macro' ? CompletionItemKind.Function : CompletionItemKind.Variable,
      detail: item.detail,
      ...(item.documentation ? { documentation: item.documentation } : {}),
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: item.snippet },
    }));
    return { isIncomplete: false, items };
  }
  const lookups = lookupCompletions(query.project, query.path, query.offset);
  const range = lookups && query.files.range(query.path, lookups.replace);
  if (!lookups || !range) return null;
  const items = lookups.items.map((item): CompletionItem => ({
    label: item.label,
    kind: CompletionItemKind.File,
    detail: item.detail,
    ...(item.documentation ? { documentation: item.documentation } : {}),
    textEdit: { range, newText: item.label },
  }));
  return { isIncomplete: false, items };
}
