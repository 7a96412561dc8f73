// Many detections over one log read once (what `spl-detect test` does per data file) give exactly
// what one runDetection per detection gives, reading the file each time: checked on the corpus's
// Sysmon detections over the samples' Sysmon log. And whyNoResults names the clause that matched nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Project } from '../../../server/src/workspace/project';
import { runDetection } from '../../../server/src/engine/eval/runDetection';
import { runOverOneLog } from '../../../server/src/engine/eval/runOverOneLog';
import { whyNoResults } from '../../../server/src/engine/eval/noResults';
import { corpusPath } from '../../../scripts/corpus/locate.mjs';

const root = resolve(__dirname, '../../..');
const log = resolve(root, 'samples/logs/msiexec_sysmon.log');
const metadata = { index: 'main', source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', sourcetype: 'XmlWinEventLog' };

test('the corpus\'s Sysmon detections over one read of a log give the results of one run each', async () => {
  const corpus = corpusPath('security_content');
  const project = Project.load([corpus]);
  const detections = project
    .documents()
    .filter((d) => d.kind === 'detection' && /[\\/]detections[\\/]endpoint[\\/]/.test(d.path))
    .map((d) => d.path)
    .filter((path) => project.document(path)?.detection?.tests[0]?.attackData[0]?.source === metadata.source)
    .sort()
    .slice(0, 120);
  assert.ok(detections.length === 120, `${detections.length} Sysmon detections`);
  const now = 1_700_000_000;
  const grouped = await runOverOneLog(log, metadata, detections.map((path) => ({ project, path, now })), { explainEmpty: true });
  let withResults = 0;
  for (const [i, path] of detections.entries()) {
    const alone = await runDetection({ project, path, log, metadata, now });
    const { run, explained } = grouped[i];
    assert.equal(run.ok, alone.ok, path);
    assert.deepEqual(run.results, alone.results, path);
    assert.deepEqual(run.problems.map((p) => p.code), alone.problems.map((p) => p.code), path);
    if (run.results.length > 0) withResults++;
    assert.equal(explained !== undefined, run.ok && run.results.length === 0, `${path}: explained exactly when it ran and found nothing`);
    if (explained) assert.ok(whyNoResults(explained).message.length > 0);
  }
  assert.ok(withResults >= 1, `${withResults} detections find something in the sample`);
});

test('whyNoResults: the first clause that matched none of the events, at its position in the file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'why-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'detections'));
  const path = join(dir, 'detections/notepad.yml');
  const text = "name: Notepad\nsearch: 'sourcetype=XmlWinEventLog EventCode=1 Image=\"*\\\\notepad.exe\" | stats count by Computer'\n";
  writeFileSync(path, text);
  const project = Project.load([dir]);
  const [{ run, explained }] = await runOverOneLog(log, metadata, [{ project, path }], { explainEmpty: true });
  assert.ok(run.ok && run.results.length === 0, JSON.stringify(run.problems));
  const why = whyNoResults(explained!);
  assert.match(why.message, /^`Image="\*\\\\notepad\.exe"` matched none of \d+ events$/);
  const column = text.split('\n')[1].indexOf('Image=');
  assert.deepEqual(why.range?.start, { line: 1, character: column });
});
