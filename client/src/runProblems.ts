// What the client says about a run's problems (results view, Test Explorer). Plain functions over the
// protocol types, without the VS Code API, so they are tested directly.
import type { RunDetectionResult } from '../../server/src/lsp/protocol';

export interface ShownProblem {
  text: string;
  severity: 'error' | 'warning';
}

/** Errors, then warnings (a RUN009 explains an empty result); information is left to the output channel. */
export function shownProblems(run: RunDetectionResult): ShownProblem[] {
  const shown: ShownProblem[] = [];
  for (const severity of ['error', 'warning'] as const) {
    for (const p of run.problems) if (p.severity === severity) shown.push({ text: `${p.code}: ${p.message}`, severity });
  }
  return shown;
}

/** The Test Explorer's message for a run that gave no result: why, when the run can say. */
export function noResultMessage(run: RunDetectionResult, summary: string): string {
  if (!run.ok) return `The run failed: ${run.problems.find((p) => p.severity === 'error')?.message ?? 'see the problems'}`;
  return [`No result: ${summary}`, ...shownProblems(run).map((p) => p.text)].join('\n');
}
