// map's search is SPL made at run time; Splunk expands its macros when it parses it, as it does for
// any search (docs/semantics.md, "map"). runDetection expands them with the workspace's macros.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Project } from '../../../server/src/workspace/project';
import { runDetection } from '../../../server/src/engine/eval/runDetection';
import { failure, runWith } from './sourcesSupport';
import { jsonEvents } from './support';

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

test('map: an undefined macro in its search stops the run before any event is read, at the macro (MAC001)', async (t) => {
  const search = 'kind=proc | map search="search `no_such_macro` guid=$guid$"';
  const { project, path, log } = workspace(t, search);
  const run = await runDetection({ project, path, log, now: 1_700_000_000 });
  assert.equal(run.ok, false);
  assert.deepEqual(run.problems.map((p) => [p.code, p.message, p.range.start.line, p.range.start.character]), [
    ['MAC001', "Undefined macro `no_such_macro` in map's search (Splunk expands it when map runs the search)", 1, "search: '".length + search.indexOf('no_such_macro')],
  ]);
  assert.equal(run.stats.eventsRead, 0);
});

test('map: a macro the run cannot expand is RUN005 at the search option, quoting the search as written', async () => {
  const spl = 'search kind=proc | map search="search `of_guid($guid$)` kind=file"';
  const outcome = await runWith(spl, jsonEvents([{ kind: 'proc', guid: 'g1' }]), { expandMacros: (text) => ({ text, problems: [`Undefined macro \`of_guid(1)\` (expanding: ${text.trim()})`] }) });
  assert.equal(
    failure(spl, outcome),
    "RUN005: map's search (in: search `of_guid($guid$)` kind=file): Undefined macro `of_guid(1)` (expanding: search `of_guid(map_token)` kind=file) @ \"search `of_guid($guid$)` kind=file\"",
  );
});
