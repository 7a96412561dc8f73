// After each clause of the last run (each term, comparison, IN value; macro clauses at the call
// site): how many events satisfied it; after a clause that rejected variants of the hits (the evasion
// check), how many. Nothing when the document changed since the run.
import { InlayHintKind, MarkupKind, type InlayHint, type InlayHintParams } from 'vscode-languageserver';
import type { ServerContext } from './context';
import { evasionHints } from './evasionViews';
import type { RunExplainEntry, RunRange } from './protocol';

export function inlayHints(context: ServerContext, params: InlayHintParams): InlayHint[] {
  const uri = params.textDocument.uri;
  const document = context.documents.get(uri);
  const run = document && context.runs.fresh(uri, document.version);
  if (!run) return [];
  const { start, end } = params.range;
  const inRange = (range: RunRange) =>
    (range.end.line > start.line || (range.end.line === start.line && range.end.character >= start.character)) &&
    (range.end.line < end.line || (range.end.line === end.line && range.end.character <= end.character));
  const explained = run.explain.filter((e) => e.kind === 'predicate' && inRange(e.range)).map((entry) => hintOf(entry, run.detection));
  return [...explained, ...evasionHints(context, uri, inRange)];
}

/**
 * Labels stay short: VS Code shows at most `editor.inlayHints.maximumLength` (43) characters of hints
 * per line and drops the rest, and a detection's search is usually one line with many clauses. The
 * tooltip says what was counted.
 */
function hintOf(entry: RunExplainEntry, detection: string): InlayHint {
  const unit = entry.stage === 0 ? 'event' : 'row';
  const counted = `${entry.count} ${unit}${entry.count === 1 ? '' : 's'}`;
  const label = entry.count === 0 ? '✗ 0' : `= ${entry.count}`;
  const of = entry.evaluated !== undefined ? ` of the ${entry.evaluated} ${unit}s it was evaluated on` : '';
  const via = entry.exact ? '' : '\n\nThe clause comes from the macro called here.';
  return {
    position: entry.range.end,
    label,
    kind: InlayHintKind.Parameter,
    paddingLeft: true,
    tooltip: { kind: MarkupKind.Markdown, value: `**${detection}** (last run): \`${entry.label}\` matched ${counted}${of}.${via}` },
  };
}
