// Above a detection's `search:` (line 0 of a .spl file, each saved search of a savedsearches.conf):
// "▶ Run on sample" and, after a run, its summary, which opens the results, and its evasion check's. Both are client commands (protocol.ts).
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import type { ServerContext } from './context';
import { evasionSummary } from './evasionViews';
import { RUN_ON_SAMPLE_CLIENT_COMMAND, SHOW_RUN_RESULTS_CLIENT_COMMAND, type RunDetectionResult } from './protocol';

export async function codeLenses(context: ServerContext, params: CodeLensParams): Promise<CodeLens[]> {
  const analyzed = await context.jobs.analyzed(params.textDocument.uri);
  const document = context.documents.get(params.textDocument.uri);
  const kind = analyzed?.analysis.document.kind;
  if (!document || !analyzed) return [];
  const uri = document.uri;
  const run = context.runs.get(uri);
  const lensesAt = (line: number, search?: string): CodeLens[] => {
    const range = { start: { line, character: 0 }, end: { line, character: 0 } };
    const args = search === undefined ? [uri] : [uri, search];
    const lenses: CodeLens[] = [{ range, command: { title: '▶ Run on sample', command: RUN_ON_SAMPLE_CLIENT_COMMAND, arguments: args } }];
    if (run && (search === undefined || run.searchLabel === search)) {
      lenses.push({ range, command: { title: runSummary(run, run.version !== document.version), command: SHOW_RUN_RESULTS_CLIENT_COMMAND, arguments: [uri] } });
      const evasion = context.evasions.latest(uri);
      if (evasion) lenses.push({ range, command: { title: evasionSummary(evasion, evasion.version !== document.version), command: SHOW_RUN_RESULTS_CLIENT_COMMAND, arguments: [uri] } });
    }
    return lenses;
  };
  // A savedsearches.conf holds many saved searches: each gets its own lenses above its `search =`.
  if (kind === 'savedsearches-conf') {
    return analyzed.analysis.searches
      .filter((s) => s.search.role === 'conf-search')
      .flatMap((s) => lensesAt(analyzed.lines.positionAt(s.search.fileSpan.start).line, s.search.label));
  }
  if (kind !== 'detection' && kind !== 'spl') return [];
  const searchKey = analyzed.analysis.document.detection?.keys.search;
  if (kind === 'detection' && !searchKey) return [];
  return lensesAt(searchKey ? analyzed.lines.positionAt(searchKey.start).line : 0);
}

/** "3 results from 11 events, 0.04 s", with its warnings counted ("0 results ..., 1 warning"), or why the run failed. */
export function runSummary(run: RunDetectionResult, stale: boolean): string {
  const seconds = (run.stats.ms / 1000).toFixed(2);
  const results = `${run.results.length} result${run.results.length === 1 ? '' : 's'}`;
  const events = `${run.stats.eventsRead} event${run.stats.eventsRead === 1 ? '' : 's'}`;
  const warnings = run.problems.filter((p) => p.severity === 'warning').length;
  const warned = run.ok && warnings > 0 ? `, ⚠ ${warnings} warning${warnings === 1 ? '' : 's'}` : '';
  const failure = run.ok ? '' : ` (failed: ${run.problems.find((p) => p.severity === 'error')?.message ?? 'see the problems'})`;
  return `${results} from ${events}, ${seconds} s${warned}${failure}${stale ? ' (stale: edited since the run)' : ''}`;
}
