// Saved searches of a Splunk app's savedsearches.conf run like detections: runDetection takes the
// search's label (`[Name] search`, the first one by default), spl-detect run takes --stanza NAME, and
// positions are in the .conf file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runDetection } from '../../../server/src/engine/eval/runDetection';
import { Project } from '../../../server/src/workspace/project';

const root = resolve(__dirname, '../../..');
const SAVED = [
  '[Admin Logons]',
  'search = kind=logon user=admin | stats count by dest',
  'cron_schedule = */5 * * * *',
  '',
  '[Failed Logons]',
  'search = kind=logon result=failure \\',
  '| stats count by user',
  '',
].join('\n');

function app(t: { after(fn: () => void): void }): { dir: string; saved: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'spl-saved-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'default'));
  const saved = join(dir, 'default/savedsearches.conf');
  writeFileSync(saved, SAVED);
  const log = join(dir, 'logons.json');
  writeFileSync(log, ['{"kind":"logon","user":"admin","dest":"h1","result":"success"}', '{"kind":"logon","user":"bob","dest":"h2","result":"failure"}', '{"kind":"logon","user":"bob","dest":"h2","result":"failure"}'].join('\n') + '\n');
  return { dir, saved, log };
}

test('runDetection runs the first saved search by default and another one by its label, with positions in the .conf', async (t) => {
  const { dir, saved, log } = app(t);
  const project = Project.load([dir]);
  const first = await runDetection({ project, path: saved, log, explain: true });
  assert.equal(first.ok, true, JSON.stringify(first.problems));
  assert.deepEqual([first.label, first.results.map((r) => [r.fields.dest, r.fields.count])], ['[Admin Logons] search', [['h1', '1']]]);
  const second = await runDetection({ project, path: saved, log, explain: true, search: '[Failed Logons] search' });
  assert.equal(second.ok, true, JSON.stringify(second.problems));
  assert.deepEqual(second.results.map((r) => [r.fields.user, r.fields.count, r.events]), [['bob', '2', [2, 3]]]);
  // The clause result=failure is counted where it is written: line 6 of the file (0-based 5).
  const clause = second.explain.find((e) => e.label === 'result=failure');
  assert.deepEqual(clause && [clause.range.start.line, clause.range.start.character, clause.count], [5, SAVED.split('\n')[5].indexOf('result=failure'), 2]);
  const unknown = await runDetection({ project, path: saved, log, search: '[Nope] search' });
  assert.deepEqual(unknown.problems.map((p) => p.message), [`${saved} has no search labelled [Nope] search (it has [Admin Logons] search, [Failed Logons] search)`]);
});

function cli(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'bin/spl-detect.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('spl-detect run --stanza NAME runs that saved search; --stanza on another file is a usage error', (t) => {
  const { dir } = app(t);
  const ran = cli(dir, 'run', 'default/savedsearches.conf', '--log', 'logons.json', '--stanza', 'Failed Logons', '--format', 'json');
  assert.equal(ran.code, 0, ran.stderr);
  assert.deepEqual(JSON.parse(ran.stdout).results.map((r: { fields: Record<string, string> }) => r.fields), [{ user: 'bob', count: '2' }]);
  writeFileSync(join(dir, 'x.spl'), 'kind=logon');
  const misused = cli(dir, 'run', 'x.spl', '--log', 'logons.json', '--stanza', 'Failed Logons');
  assert.equal(misused.code, 2);
  assert.match(misused.stderr, /--stanza names a saved search of a savedsearches.conf/);
  assert.equal(readFileSync(join(dir, 'default/savedsearches.conf'), 'utf8'), SAVED);
});
