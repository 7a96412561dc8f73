// What the client says about a run's problems (the results view). Plain functions over the
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
