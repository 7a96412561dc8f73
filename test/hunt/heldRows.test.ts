// A hunt bounds the rows its detections hold together (hunt/heldRows.ts): past the budget, the
// detection holding the most is left out with the reason at its command, largest first, and every
// other detection gives exactly what it gives in a hunt without the bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { generateLogs } from '../../bench/generate';
import { corpusPath } from '../../scripts/corpus/locate.mjs';
import type { EventMetadata } from '../../server/src/engine/event';
import { detectionsUnder } from '../../server/src/hunt/detections';
import { prepareSearch, SearchSession } from '../../server/src/engine/eval/runSearch';
import { hunt } from '../../server/src/hunt/hunt';
import { HeldRowsBudget } from '../../server/src/hunt/heldRows';
import { jsonEvents, parseTestSpl } from '../engine/eval/support';
import { Project } from '../../server/src/workspace/project';

const corpus = corpusPath('security_content');
const project = Project.load([corpus]);
const detections = detectionsUnder(project, [join(corpus, 'detections')]).filter((d) => !d.deprecated);
const SYSMON: EventMetadata = { source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', sourcetype: 'XmlWinEventLog' };
const NOW = 1_733_000_000;

test('past --max-buffered-rows the detections holding the most rows are left out, with the reason at their command; the others are unchanged', async () => {
  const logs = await generateLogs({ seed: 16, megabytes: 2, hitRate: 0.01, nearMissRate: 0.02, dataSourcesDir: join(corpus, 'data_sources'), cacheDir: join(tmpdir(), 'spl-detect-hunt-test') });
  const free = await hunt({ project, detections, log: logs.xml, metadata: SYSMON, now: NOW });
  const bounded = await hunt({ project, detections, log: logs.xml, metadata: SYSMON, now: NOW, maxBufferedRows: 2000 });
  assert.equal(free.skipped.filter((s) => s.reason.startsWith('RUN006')).length, 0, 'the default bound leaves nothing out of a 2 MB hunt');
  const leftOut = bounded.skipped.filter((s) => s.reason.startsWith('RUN006'));
  assert.ok(leftOut.length >= 3, `${leftOut.length} left out`);
  for (const skip of leftOut) {
    assert.match(skip.reason, /^RUN006: (tstats|stats|join|dedup|sort|eventstats|transaction|streamstats) held \d+ rows(?: and \d+ values)? when the hunt's detections together held more than 2000 \(--max-buffered-rows\): left out of the hunt/);
    // The position is the holding command's, in the detection's own file.
    const line = readFileSync(skip.detection.path, 'utf8').split('\n')[skip.line - 1];
    const command = /^RUN006: (\w+)/.exec(skip.reason)![1];
    assert.equal(line.slice(skip.column - 1, skip.column - 1 + command.length), command, `${skip.detection.path}:${skip.line}:${skip.column}`);
  }
  const freeRuns = new Map(free.ran.map((r) => [r.detection.path, r.run.results]));
  const leftPaths = new Set(leftOut.map((s) => s.detection.path));
  assert.equal(bounded.ran.length + leftOut.length, free.ran.length);
  for (const r of bounded.ran) {
    assert.ok(!leftPaths.has(r.detection.path));
    assert.deepEqual(r.run.results, freeRuns.get(r.detection.path), r.detection.path);
  }
  // Only a detection holding rows is ever left out.
  assert.ok(leftOut.every((s) => Number(/held (\d+) rows/.exec(s.reason)![1]) > 0));
});

test('what a search holds counts the values its aggregations keep, and the budget leaves out the largest holder first', async () => {
  const events = jsonEvents(Array.from({ length: 40 }, (_, i) => ({ box: i % 2 ? 'a' : 'b', cmd: `c${i}`, n: String(i) })));
  const open = async (spl: string) => SearchSession.open(prepareSearch({ text: spl, ast: parseTestSpl(spl), now: NOW }));
  // Two groups of 20 events: values() keeps 20 commands and stdev 20 numbers in each, 19 + 19 besides
  // the first (sum and avg keep none).
  const wide = await open('search * | stats values(cmd) as cmds stdev(n) as spread sum(n) as total avg(n) as mean by box');
  // Forty groups with a count each.
  const tall = await open('search * | stats count by cmd');
  for (const event of events) {
    wide.push(event);
    tall.push(event);
  }
  assert.equal(wide.heldRows().rows, 2 + 2 * (19 + 19));
  assert.equal(tall.heldRows().rows, 40);
  const left = new HeldRowsBudget(100).enforce([tall, wide]);
  assert.deepEqual(left, [1]);
  const outcome = await wide.close(false);
  assert.match(outcome.error?.message ?? '', /^stats held 2 rows and 76 values when the hunt's detections together held more than 100/);
  assert.equal((await tall.close(false)).rows.length, 40);
});
