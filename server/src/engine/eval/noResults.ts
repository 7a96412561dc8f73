// Why a run found nothing, in one sentence with a position: contentctl's pass rule is "at least one
// result", and a failing test is worth little without the clause that let nothing through. Read
// from the per-clause counts of a run made with `explain` (runOverOneLog's `explained`).
import type { DetectionRun, ExplainEntry, FileRange } from './runDetection';

export interface NoResultsReason {
  message: string;
  /** Where in the detection file (0-based), when a clause or command is to blame. */
  range?: FileRange;
}

/** Leaf clauses that can be "the one that matched nothing" (an IN's single values are not: the IN as a whole may match). */
const CLAUSES = new Set(['term', 'compare', 'dataset', 'subsearch']);

export function whyNoResults(run: DetectionRun): NoResultsReason {
  if (run.stats.eventsRead === 0) {
    return { message: `the log gave no events${run.stats.logFormat ? ` (read as ${run.stats.logFormat})` : ''}` };
  }
  const stages = run.explain.filter((e) => e.kind === 'stage').sort((a, b) => a.stage - b.stage);
  // The first command that received rows and passed none on.
  const stopped = stages.find((s) => (s.rowsIn ?? 0) > 0 && (s.rowsOut ?? 0) === 0);
  if (!stopped) return { message: `no results from ${run.stats.eventsRead} events` };
  const clauses = run.explain.filter((e) => e.kind === 'predicate' && e.stage === stopped.stage && CLAUSES.has(e.predicate ?? '') && e.count === 0 && (e.evaluated ?? 0) > 0);
  if (clauses.length === 0) {
    return { message: `\`${stopped.command}\` let none of its ${stopped.rowsIn} rows through`, range: stopped.range };
  }
  const first = clauses[0];
  const more = clauses.length > 1 ? ` (and ${clauses.length - 1} more clause${clauses.length === 2 ? '' : 's'}: ${clauses.slice(1, 4).map(quoted).join(', ')}${clauses.length > 4 ? ', ...' : ''})` : '';
  return { message: `${quoted(first)} matched none of ${first.evaluated} ${stopped.stage === 0 ? 'events' : 'rows'}${more}`, range: first.range };
}

function quoted(entry: ExplainEntry): string {
  const label = entry.label.length > 80 ? `${entry.label.slice(0, 77)}...` : entry.label;
  return `\`${label}\``;
}
