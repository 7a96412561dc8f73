// What the results view says about a run's problems (client/src/runProblems.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shownProblems } from '../../client/src/runProblems';
import type { RunDetectionResult, RunProblemInfo } from '../../server/src/lsp/protocol';

const at = { start: { line: 10, character: 4 }, end: { line: 10, character: 28 } };
const problem = (code: string, severity: RunProblemInfo['severity'], message: string): RunProblemInfo => ({ code, severity, message, range: at });

function runWith(ok: boolean, problems: RunProblemInfo[]): RunDetectionResult {
  return {
    ok, results: [], problems, explain: [], logPath: '/w/okta.json', version: 1, detection: 'Okta MFA', searchLabel: 'search',
    stats: { eventsRead: 1, eventsUnparsed: 0, eventsFiltered: 0, ms: 3, cancelled: false },
  };
}

test('the results view lists errors, then warnings, with their codes; information stays out', () => {
  const run = runWith(true, [
    problem('RUN009', 'warning', 'none of the 1 event(s) can belong to Authentication.Authentication: ...'),
    problem('RUN008', 'information', 'noted'),
    problem('RUN007', 'error', 'cannot read the log'),
  ]);
  assert.deepEqual(shownProblems(run), [
    { text: 'RUN007: cannot read the log', severity: 'error' },
    { text: 'RUN009: none of the 1 event(s) can belong to Authentication.Authentication: ...', severity: 'warning' },
  ]);
});
