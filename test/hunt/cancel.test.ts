// A hunt stops when its signal is aborted: it says so, and no detection reports rows from a partial read as complete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { detectionsUnder } from '../../server/src/hunt/detections';
import { hunt } from '../../server/src/hunt/hunt';
import { Project } from '../../server/src/workspace/project';

const samples = resolve(__dirname, '../../samples');

test('aborting the signal during the read stops the hunt: cancelled, each run failed with no rows', async () => {
  // A log of many chunks, so the read is stopped part-way.
  const line = readSampleLine();
  const dir = mkdtempSync(join(tmpdir(), 'hunt-cancel-'));
  const log = join(dir, 'big.log');
  writeFileSync(log, (line + '\n').repeat(20_000));
  const project = Project.load([samples]);
  const detections = detectionsUnder(project, [join(samples, 'detections')]);
  const controller = new AbortController();
  let progressCalls = 0;
  const outcome = await hunt({
    project, detections, log, metadata: { sourcetype: 'xmlwineventlog', source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational' }, signal: controller.signal,
    progress: (done, total) => {
      progressCalls++;
      assert.ok(done <= total);
      controller.abort();
    },
  });
  assert.equal(progressCalls, 1);
  assert.equal(outcome.stats.cancelled, true);
  assert.ok(outcome.stats.bytes < 20_000 * line.length, `${outcome.stats.bytes} bytes read`);
  assert.equal(outcome.ran.length, 2);
  for (const { run } of outcome.ran) {
    assert.equal(run.ok, false);
    assert.deepEqual(run.results, []);
    assert.match(run.problems.map((p) => p.message).join(), /cancelled/);
  }
});

function readSampleLine(): string {
  return require('node:fs').readFileSync(join(samples, 'logs/msiexec_sysmon.log'), 'utf8').split('\n')[1];
}
