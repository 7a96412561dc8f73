import { CodeActionKind, RenameFile, type CodeAction, type CodeActionParams, type Range } from 'vscode-languageserver';
import type { ServerContext } from './context';
import { evasionFixes } from './evasionViews';
import { spanToRange } from './positions';
import { pathToUri } from './uris';
import { workspaceEdit } from './workspaceEdits';
import { FileRanges } from './workspaceQuery';

/**
 * A preferred quick fix for each diagnostic of the request that the core gave a certain fix. The
 * fix comes from the server's own analysis of the current text (matched by code and range), never
 * from data the client sends back. After a run: the evasion check's certain fixes at the range (evasionViews.ts).
 */
export async function codeActions(context: ServerContext, params: CodeActionParams): Promise<CodeAction[]> {
  if (!wantsQuickFixes(params.context.only)) return [];
  const entry = await context.jobs.analyzed(params.textDocument.uri);
  if (!entry) return [];
  // A fix edits the document it is in: no other document needs to be brought up to date for it.
  const files = new FileRanges(context.analyses.project);
  const actions: CodeAction[] = [];
  for (const requested of params.context.diagnostics) {
    const fixed = entry.analysis.diagnostics.find(
      (d) => d.fix && d.code === requested.code && sameRange(spanToRange(entry.lines, d.span), requested.range),
    );
    if (!fixed?.fix) continue;
    const { renameTo } = fixed.fix;
    // A fix that renames the file needs versioned edits and the client's consent to rename.
    if (renameTo && !(context.client.documentChanges && context.client.renameFiles)) continue;
    const edit = workspaceEdit(context, files, new Map([[entry.path, fixed.fix.edits]]));
    if (renameTo) edit.documentChanges = [...(edit.documentChanges ?? []), RenameFile.create(pathToUri(entry.path), pathToUri(renameTo), { overwrite: false, ignoreIfExists: false })];
    actions.push({ title: fixed.fix.title, kind: CodeActionKind.QuickFix, diagnostics: [requested], isPreferred: true, edit });
  }
  return [...actions, ...evasionFixes(context, params.textDocument.uri, params.range)];
}

/** Kinds are hierarchical: `only: ['quickfix']` or a parent of it asks for quick fixes. */
function wantsQuickFixes(only: string[] | undefined): boolean {
  return !only || only.some((kind) => kind === '' || kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`));
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
