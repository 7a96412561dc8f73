// What the results view and the Test Explorer say about a run's problems (client/src/runProblems.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noResultMessage, shownProblems } from '../../client/src/runProblems';
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

test('the Test Explorer says why a run gave no result: its warnings, or the error that stopped it', () => {
  const empty = runWith(true, [problem('RUN009', 'warning', 'the CIM mapping has no rule for sourcetype=OktaIM2:log')]);
  assert.equal(noResultMessage(empty, '0 result(s) from 1 events of /w/okta.json'), 'No result: 0 result(s) from 1 events of /w/okta.json\nRUN009: the CIM mapping has no rule for sourcetype=OktaIM2:log');
  assert.equal(noResultMessage(runWith(true, []), '0 result(s)'), 'No result: 0 result(s)');
  assert.equal(noResultMessage(runWith(false, [problem('RUN001', 'error', "command 'transpose' is not supported")]), 'x'), "The run failed: command 'transpose' is not supported");
});
