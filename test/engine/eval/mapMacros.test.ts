// map's search is SPL made at run time; Splunk expands its macros when it parses it, as it does for
// any search (docs/semantics.md, "map"). runDetection expands them with the workspace's macros.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Project } from '../../../server/src/workspace/project';
import { runDetection } from '../../../server/src/engine/eval/runDetection';

const LOG = [
  { kind: 'proc', guid: 'g1', user: 'bob' },
  { kind: 'file', guid: 'g1', file: 'x.txt' },
  { kind: 'file', guid: 'g2', file: 'y.txt' },
  { kind: 'proc', guid: 'g2', user: 'alice' },
]
  .map((event) => JSON.stringify(event))
  .join('\n');

function workspace(t: { after(fn: () => void): void }, search: string): { project: Project; path: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'spl-map-macros-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'detections'));
  mkdirSync(join(dir, 'macros'));
  writeFileSync(join(dir, 'macros/file_events.yml'), 'definition: kind=file\ndescription: file events\nname: file_events\n');
  writeFileSync(join(dir, 'macros/of_guid.yml'), 'arguments:\n- guid\ndefinition: guid=$guid$\ndescription: one guid\nname: of_guid(1)\n');
  const path = join(dir, 'detections/map_macro.yml');
  writeFileSync(path, `name: Map Macro\nsearch: '${search}'\n`);
  const log = join(dir, 'events.json');
  writeFileSync(log, LOG);
  return { project: Project.load([dir]), path, log };
}

test('map: macros in its search are expanded with the workspace macros, after $field$ substitution', async (t) => {
  const { project, path, log } = workspace(t, 'kind=proc | map search="search `file_events` `of_guid($guid$)`" | table guid file');
  const run = await runDetection({ project, path, log, now: 1_700_000_000 });
  assert.equal(run.ok, true, JSON.stringify(run.problems));
  assert.deepEqual(run.results.map((r) => [r.fields.guid, r.fields.file, r.events]), [['g1', 'x.txt', [1, 2]], ['g2', 'y.txt', [3, 4]]]);
});

test('map: an undefined macro in its search fails the run before any event is read, at the search option', async (t) => {
  const search = 'kind=proc | map search="search `no_such_macro` guid=$guid$"';
  const { project, path, log } = workspace(t, search);
  const run = await runDetection({ project, path, log, now: 1_700_000_000 });
  assert.equal(run.ok, false);
  const [problem] = run.problems;
  assert.equal(problem.code, 'RUN005');
  assert.match(problem.message, /^map's search \(in: search `no_such_macro` guid=\$guid\$\): Undefined macro `no_such_macro`$/);
  // The problem sits on the quoted search in the YAML file (line 2, after `search: '`).
  assert.equal(problem.range.start.line, 1);
  assert.equal(problem.range.start.character, 'search: \''.length + search.indexOf('"search'));
  assert.equal(run.stats.eventsRead, 0);
});
