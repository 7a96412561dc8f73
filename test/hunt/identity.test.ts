// A hunt gives every detection exactly what `spl-detect run` gives it alone: the same rows with the
// same fields and the same events behind them, and the same detections that cannot run. Over every
// active detection of the corpus, on the repository's sample log and on a generated bench log (the
// corpus' Sysmon and Security example events, with hits and near misses of the msiexec detection).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { generateLogs } from '../../bench/generate';
import { corpusPath, evtxSamplePath } from '../../scripts/corpus/locate.mjs';
import { runDetection } from '../../server/src/engine/eval/runDetection';
import type { EventMetadata } from '../../server/src/engine/event';
import { detectionsUnder } from '../../server/src/hunt/detections';
import { hunt, huntMetadata, type HuntOutcome } from '../../server/src/hunt/hunt';
import { Project } from '../../server/src/workspace/project';

const root = resolve(__dirname, '../..');
const corpus = corpusPath('security_content');
const project = Project.load([corpus]);
const detections = detectionsUnder(project, [join(corpus, 'detections')]).filter((d) => !d.deprecated);
const SYSMON: EventMetadata = { source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', sourcetype: 'XmlWinEventLog' };
// Fixed so that relative times (earliest=-24h, now()) agree between the hunt and the runs.
const NOW = 1_733_000_000;

async function assertSameAsRuns(outcome: HuntOutcome, log: string, metadata: EventMetadata): Promise<{ rows: number; withRows: number }> {
  const ran = new Map(outcome.ran.map((r) => [r.detection.path, r.run]));
  const skipped = new Set(outcome.skipped.map((s) => s.detection.path));
  let rows = 0;
  let withRows = 0;
  for (const detection of detections) {
    const alone = await runDetection({ project, path: detection.path, log, metadata: huntMetadata(metadata), now: NOW });
    if (!alone.ok) {
      assert.ok(skipped.has(detection.path), `${detection.path} cannot run alone (${alone.problems[0]?.message}) but ran in the hunt`);
      continue;
    }
    const hunted = ran.get(detection.path);
    assert.ok(hunted, `${detection.path} runs alone but was skipped in the hunt`);
    assert.deepEqual(hunted.results, alone.results, `${detection.name}: the hunt's rows differ from run's`);
    rows += alone.results.length;
    if (alone.results.length > 0) withRows++;
  }
  assert.equal(outcome.ran.length + outcome.skipped.length, detections.length);
  return { rows, withRows };
}

test('every corpus detection gives in the hunt what it gives alone, on the sample log', async () => {
  const log = join(root, 'samples/logs/msiexec_sysmon.log');
  const outcome = await hunt({ project, detections, log, metadata: SYSMON, now: NOW });
  assert.ok(detections.length > 1500, `${detections.length} active detections`);
  assert.ok(outcome.ran.length > 1400, `${outcome.ran.length} ran`);
  const { withRows } = await assertSameAsRuns(outcome, log, SYSMON);
  // The sample's msiexec hits are found (the corpus' two msiexec detections among others).
  assert.ok(withRows >= 2, `${withRows} detections with rows`);
  const msiexec = outcome.ran.find((r) => r.detection.path.endsWith('windows_msiexec_dllregisterserver.yml'));
  assert.deepEqual(msiexec?.run.results.flatMap((r) => r.events).sort((a, b) => a - b), [2, 5, 6]);
});

test('every corpus detection gives in the hunt what it gives alone, on a generated Sysmon/Security log', async () => {
  const logs = await generateLogs({ seed: 16, megabytes: 2, hitRate: 0.01, nearMissRate: 0.02, dataSourcesDir: join(corpus, 'data_sources'), cacheDir: join(tmpdir(), 'spl-detect-hunt-test') });
  const outcome = await hunt({ project, detections, log: logs.xml, metadata: SYSMON, now: NOW });
  assert.ok(outcome.stats.deliveries < outcome.stats.events * outcome.ran.length / 4, `${outcome.stats.deliveries} deliveries: events go only to the detections that can match them`);
  const { rows, withRows } = await assertSameAsRuns(outcome, logs.xml, SYSMON);
  assert.ok(withRows >= 10 && rows > 100, `${withRows} detections with ${rows} rows`);
});

test('every corpus detection gives in the hunt what it gives alone, on a real .evtx file labelled by each record\'s Channel', async () => {
  // No source or sourcetype given: each event's come from its Channel, so events of one log carry
  // different metadata and the hunt's metadata gates answer per channel.
  const log = evtxSamplePath('issue_39.evtx');
  const outcome = await hunt({ project, detections, log, now: NOW });
  assert.equal(outcome.stats.logFormat, 'evtx');
  const { withRows } = await assertSameAsRuns(outcome, log, {});
  assert.ok(withRows >= 1, `${withRows} detections with rows`);
});
