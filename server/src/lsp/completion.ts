import { CompletionItemKind, InsertTextFormat, InsertTextMode, type CompletionItem, type CompletionList, type CompletionParams } from 'vscode-languageserver';
import type { CompletionEntry } from '../detection/completion';
import { detectionCompletionsAt } from '../detection/queries';
import { lookupCompletions } from '../engine/eval/lookupQueries';
import { macroCompletions } from '../workspace/macroQueries';
import type { ServerContext } from './context';
import { queryAt, type WorkspaceQuery } from './workspaceQuery';

const DETECTION_KINDS: Record<CompletionEntry['kind'], CompletionItemKind> = {
  key: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  'data-source': CompletionItemKind.Reference,
  story: CompletionItemKind.Reference,
  field: CompletionItemKind.Field,
  technique: CompletionItemKind.Constant,
};

/** Keys and values of a detection's YAML (server/src/detection/completion.ts). */
function detectionKeysAndValues(query: WorkspaceQuery): CompletionList | null {
  const found = detectionCompletionsAt(query.project, query.path, query.offset);
  const range = found && query.files.range(query.path, found.replace);
  if (!found || !range) return null;
  const items = found.items.map((item): CompletionItem => ({
    label: item.label,
    kind: DETECTION_KINDS[item.kind],
    ...(item.detail ? { detail: item.detail } : {}),
    ...(item.documentation ? { documentation: item.documentation } : {}),
    ...(item.sortText ? { sortText: item.sortText } : {}),
    insertTextFormat: InsertTextFormat.Snippet,
    insertTextMode: InsertTextMode.adjustIndentation,
    textEdit: { range, newText: item.insertText },
  }));
  return { isIncomplete: false, items };
}

/** Typed after them, these open the list: a backtick starts a macro name, `(` an argument list. */
export const COMPLETION_TRIGGERS = ['`', '('];

/**
 * Inside backticks: every macro of the index, inserted as a snippet whose placeholders are the
 * macro's arguments. At the start of an argument: the macro's argument names, for `name=value`.
 * At a lookup command's table name: the workspace's lookup names. Elsewhere in a detection's YAML: its
 * keys and values (server/src/detection/completion.ts).
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
  if (!lookups) return detectionKeysAndValues(query);
  const range = query.files.range(query.path, lookups.replace);
  if (!range) return null;
  const items = lookups.items.map((item): CompletionItem => ({
    label: item.label,
    kind: CompletionItemKind.File,
    detail: item.detail,
    ...(item.documentation ? { documentation: item.documentation } : {}),
    textEdit: { range, newText: item.label },
  }));
  return { isIncomplete: false, items };
}
