// A hunt's progress covers each of its reads of the log: the subsearches some detections run before
// the read (a subsearch filter), the read, and the subsearches run as the detections close (a join's):
// each rises to the end of the file, in that order, so a long re-read never looks like a hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { detectionsUnder } from '../../server/src/hunt/detections';
import { hunt, HUNT_PASSES, type HuntPass } from '../../server/src/hunt/hunt';
import { Project } from '../../server/src/workspace/project';

const samples = resolve(__dirname, '../../samples');
const SYSMON = { sourcetype: 'xmlwineventlog', source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational' };

/** samples/ with a detection whose subsearch filter runs before the read and whose join runs after it, and a log of many batches. */
function workspace(): { project: Project; detections: ReturnType<typeof detectionsUnder>; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hunt-progress-'));
  cpSync(join(samples, 'detections'), join(dir, 'detections'), { recursive: true });
  cpSync(join(samples, 'macros'), join(dir, 'macros'), { recursive: true });
  writeFileSync(join(dir, 'detections/endpoint/subsearches.yml'), [
    'name: Hosts Running Msiexec With Their Event Count', 'id: 00000000-0000-4000-8000-000000000003', 'status: production',
    "search: 'sourcetype=xmlwineventlog [search sourcetype=xmlwineventlog msiexec.exe | dedup Computer | fields Computer] | stats count by Computer",
    "  | join type=left Computer [search sourcetype=xmlwineventlog | stats count AS all by Computer]'", '',
  ].join('\n'));
  // A log of several batches, so each read reports more than once.
  const line = require('node:fs').readFileSync(join(samples, 'logs/msiexec_sysmon.log'), 'utf8').split('\n')[1];
  const log = join(dir, 'big.log');
  writeFileSync(log, (line + '\n').repeat(5_000));
  const project = Project.load([dir]);
  return { project, detections: detectionsUnder(project, [join(dir, 'detections')]), log };
}

test('progress reports each read of the log (before, the read, after), each rising to the end of the file', async () => {
  const { project, detections, log } = workspace();
  const reports: Array<{ done: number; total: number; pass: HuntPass }> = [];
  const outcome = await hunt({ project, detections, log, metadata: SYSMON, progress: (done, total, pass) => reports.push({ done, total, pass }) });
  const ran = outcome.ran.find((r) => r.detection.name === 'Hosts Running Msiexec With Their Event Count');
  assert.ok(ran, JSON.stringify(outcome.skipped));
  assert.equal(ran.run.results.length, 1);
  const size = statSync(log).size;
  const passes = reports.map((r) => HUNT_PASSES.indexOf(r.pass));
  assert.deepEqual(passes, [...passes].sort((a, b) => a - b), 'before, then the read, then after');
  for (const pass of HUNT_PASSES) {
    const done = reports.filter((r) => r.pass === pass).map((r) => r.done);
    assert.ok(done.length > 1, `${pass}: ${done.length} reports`);
    assert.deepEqual(done, [...done].sort((a, b) => a - b), `${pass}: rising`);
    assert.equal(done[done.length - 1], size, `${pass}: to the end of the file`);
  }
  assert.ok(reports.every((r) => r.total === size));
});

test('a hunt stopped during the subsearches before the read stops there: cancelled, the log not read, no run complete', async () => {
  const { project, detections, log } = workspace();
  const controller = new AbortController();
  const passes: HuntPass[] = [];
  const outcome = await hunt({
    project, detections, log, metadata: SYSMON, signal: controller.signal,
    progress: (_done, _total, pass) => {
      passes.push(pass);
      controller.abort();
    },
  });
  assert.deepEqual([...new Set(passes)], ['before']);
  assert.equal(outcome.stats.cancelled, true);
  assert.equal(outcome.stats.bytes, 0);
  assert.ok(outcome.ran.length > 0);
  for (const { run } of outcome.ran) assert.equal(run.ok, false);
});
