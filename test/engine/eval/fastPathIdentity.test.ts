// The fast path changes no answer: every active corpus detection gives the same rows, with the same
// events behind them, with it (literals and words skip lines, group filters drop groups as they are
// made: fastPath.ts, keyFilter.ts) as without it, on the sample log and on a generated bench log of
// the corpus' Sysmon and Security example events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { generateLogs } from '../../../bench/generate';
import { corpusPath } from '../../../scripts/corpus/locate.mjs';
import { prepareDetection, runDetection } from '../../../server/src/engine/eval/runDetection';
import { detectionsUnder } from '../../../server/src/hunt/detections';
import { Project } from '../../../server/src/workspace/project';

const corpus = corpusPath('security_content');
const project = Project.load([corpus]);
const detections = detectionsUnder(project, [join(corpus, 'detections')]).filter((d) => !d.deprecated);
const metadata = { source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', sourcetype: 'XmlWinEventLog' };
const NOW = 1_733_000_000;

/** Runs every detection both ways; returns how many gave rows and how many had a group filter. */
async function assertSameBothWays(log: string): Promise<{ withRows: number; filtered: number }> {
  let withRows = 0;
  let filtered = 0;
  for (const detection of detections) {
    const options = { project, path: detection.path, log, metadata, now: NOW };
    const fast = await runDetection(options);
    const exact = await runDetection({ ...options, fastPath: false });
    assert.deepEqual(fast.results, exact.results, `${detection.name}: the fast path changes the rows`);
    // Warnings about the events read (RUN009, RUN010) may differ: the fast path reads fewer.
    const errors = (run: typeof fast) => run.problems.filter((p) => p.severity === 'error');
    assert.deepEqual(errors(fast), errors(exact), `${detection.name}: the fast path changes the errors`);
    if (fast.results.length > 0) withRows++;
    const prepared = prepareDetection(options).ready?.prepared;
    if (prepared?.stages.some((s) => s.stage.grouping?.filtersGroups)) filtered++;
  }
  return { withRows, filtered };
}

test('the fast path changes no answer of any corpus detection, on the sample log', async () => {
  const { withRows } = await assertSameBothWays(resolve(__dirname, '../../../samples/logs/msiexec_sysmon.log'));
  assert.ok(withRows >= 2, `${withRows} detections with rows`);
});

test('the fast path changes no answer of any corpus detection, on a generated Sysmon/Security log', async () => {
  const logs = await generateLogs({ seed: 16, megabytes: 2, hitRate: 0.01, nearMissRate: 0.02, dataSourcesDir: join(corpus, 'data_sources'), cacheDir: join(tmpdir(), 'spl-detect-hunt-test') });
  const { withRows, filtered } = await assertSameBothWays(logs.xml);
  assert.ok(withRows >= 10, `${withRows} detections with rows`);
  // The shapes the group filters are for: tstats by process fields, then lookup/search, where, regex.
  assert.ok(filtered >= 100, `${filtered} detections drop groups as they are made`);
});
