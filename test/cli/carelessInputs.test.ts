// Careless inputs that used to end in exit 0 or a confusing message, through bin/spl-detect.js: a
// detection whose YAML is broken elsewhere than its search, tests whose attack_data is an alias
// bomb, stats over no events, a search that starts with inputlookup, wildcard aggregations.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OFFLINE_ENV } from '../support/offlineEnv';

const ROOT = resolve(__dirname, '../..');
let workspace: string;

before(() => {
  workspace = mkdtempSync(join(tmpdir(), 'spl-careless-'));
  mkdirSync(join(workspace, 'detections'));
  mkdirSync(join(workspace, 'lookups'));
  writeFileSync(join(workspace, 'lookups/users.csv'), 'user,role\nann,admin\nbob,user\n');
  writeFileSync(join(workspace, 'events.json'), '{"user":"ann","action":"login"}\n{"user":"bob","action":"logout"}\n');
  cpSync(join(ROOT, 'samples/logs/msiexec_sysmon.log'), join(workspace, 'sysmon.log'));
});
after(() => rmSync(workspace, { recursive: true, force: true }));

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/spl-detect.js'), ...args], { cwd: workspace, encoding: 'utf8', env: OFFLINE_ENV });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function detection(name: string, yaml: string): string {
  writeFileSync(join(workspace, 'detections', `${name}.yml`), yaml);
  return `detections/${name}.yml`;
}

test('run of a detection with a YAML error outside its search fails with the DOC001 at its position', () => {
  const file = detection('broken_yaml', "name: Broken\nsearch: 'user=* | stats count'\ndescription: [unclosed\n");
  const run = cli(['run', file, '--log', 'events.json']);
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^detections\/broken_yaml\.yml:4:1: error DOC001: /m);
  assert.match(run.stderr, /^0 result\(s\); 0 events read/m);
});

test('test on tests whose attack_data is an alias bomb fails, saying so, instead of "the test has no attack_data"', () => {
  let yaml = "name: Bomb\nsearch: 'user=*'\n";
  for (let i = 0; i < 12; i++) yaml += `a${i}: &a${i} [${Array(9).fill(i === 0 ? 'x' : `*a${i - 1}`).join(', ')}]\n`;
  const file = detection('bomb', `${yaml}tests:\n- name: Bomb Test\n  attack_data: *a11\n`);
  const test = cli(['test', file]);
  assert.equal(test.code, 1, test.stdout + test.stderr);
  assert.match(test.stdout, /^fail {4}detections\/bomb\.yml \[tests\]: `tests:` uses YAML aliases that expand to more than 10000 nodes \(an alias bomb/m);
  const check = cli(['check', file, '--rule', 'DOC013']);
  assert.match(check.stdout, /^detections\/bomb\.yml:16:1: error DOC013: /m);
});

test('stats count over no event says the row comes from no log event; inputlookup reads no event', () => {
  const none = cli(['run', detection('none', "name: None\nsearch: 'user=nobody | stats count'\n"), '--log', 'events.json']);
  assert.equal(none.code, 0, none.stderr);
  assert.deepEqual(none.stdout.split('\n').slice(0, 2), ['result 1: from no log event', '  count = 0']);
  const lookup = cli(['run', detection('lookup', "name: Lookup\nsearch: '| inputlookup users.csv'\n"), '--log', 'sysmon.log']);
  assert.equal(lookup.code, 0, lookup.stderr);
  assert.match(lookup.stdout, /^result 1: from no log event\n {2}user = ann\n {2}role = admin\n/);
  assert.match(lookup.stderr, /^2 result\(s\); 0 events read, 0 unparsed, 0 skipped by the fast path/m);
});

test('stats dc(*) as * gives one column per field, named as the field; streamstats refuses a wildcard at the field', () => {
  writeFileSync(join(workspace, 'wide.json'), '{"user":"ann","action":"login"}\n{"user":"bob","action":"login"}\n{"user":"ann","action":"logout","extra":"x"}\n');
  const run = cli(['run', detection('wildcard', "name: Wildcard\nsearch: 'user=* | stats dc(*) as * values(act*) as was_* by user'\n"), '--log', 'wide.json', '--format', 'json']);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const rows = (JSON.parse(run.stdout) as { results: { fields: Record<string, unknown> }[] }).results.map((r) => r.fields);
  // The by-field keeps the group's value; every event's index and linecount count too, internal
  // fields (_raw, _time) do not.
  assert.deepEqual(rows, [
    { user: 'ann', action: '2', extra: '1', index: '1', linecount: '1', was_ion: ['login', 'logout'] },
    { user: 'bob', action: '1', index: '1', linecount: '1', was_ion: 'login' },
  ]);
  const search = 'user=* | streamstats dc(*) as *';
  const refused = cli(['run', detection('wildcard_stream', `name: Wildcard stream\nsearch: '${search}'\n`), '--log', 'wide.json']);
  assert.equal(refused.code, 1, refused.stdout + refused.stderr);
  const column = "search: '".length + search.indexOf('(*)') + 2;
  assert.match(refused.stderr, new RegExp(`^detections/wildcard_stream\\.yml:2:${column}: error RUN002: dc\\(\\*\\): a wildcard field in an aggregation \\(one column per matching field\\) is not supported by the local engine here; name the fields$`, 'm'));
});
