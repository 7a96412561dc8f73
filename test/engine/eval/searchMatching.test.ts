// Search-command semantics (docs/semantics.md, "Search matching"), one rule per test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonEvents, matchingLines, run, textEvents } from './support';

const people = jsonEvents([
  { user: 'Bob', path: 'C:\\Windows\\System32\\MSIEXEC.EXE', n: '10' }, // line 1
  { user: 'alice', path: 'C:\\Temp\\msiexec.exe', n: '9' }, // line 2
  { user: 'bob*', path: 'D:\\tools\\other.exe', n: 'x' }, // line 3
  { path: 'E:\\x.exe', n: '100' }, // line 4: no user
]);

test('search: values ignore case and * is a wildcard', async () => {
  assert.deepEqual(await matchingLines('search user=bob', people), [1]);
  assert.deepEqual(await matchingLines('search user=BO*', people), [1, 3]);
  assert.deepEqual(await matchingLines('search path="*\\\\msiexec.exe"', people), [1, 2]);
  assert.deepEqual(await matchingLines('search path="*msiexec*"', people), [1, 2]);
});

test('search: field names are case-sensitive', async () => {
  assert.deepEqual(await matchingLines('search USER=bob', people), []);
});

test('search-time IN: case-insensitive wildcards, any value', async () => {
  assert.deepEqual(await matchingLines('search user IN ("ALICE", "b*")', people), [1, 2, 3]);
  assert.deepEqual(await matchingLines('search path IN ("*/y*", "*-y*")', people), []);
});

test('where/eval: case-sensitive and * is literal', async () => {
  assert.deepEqual(await matchingLines('search * | where user="bob"', people), []);
  assert.deepEqual(await matchingLines('search * | where user="Bob"', people), [1]);
  assert.deepEqual(await matchingLines('search * | where user="bob*"', people), [3]);
});

test('where: an unquoted right-hand side is a field (where a=b compares two fields)', async () => {
  const events = jsonEvents([
    { a: 'x', b: 'x' },
    { a: 'x', b: 'y' },
    { a: 'b', b: 'z' },
  ]);
  assert.deepEqual(await matchingLines('search * | where a=b', events), [1]);
  assert.deepEqual(await matchingLines('search * | where a="b"', events), [3]);
});

test('precedence: search reads OR before AND, eval/where AND before OR', async () => {
  const events = jsonEvents([
    { a: '1', b: '0', c: '0' }, // line 1
    { a: '0', b: '1', c: '1' }, // line 2
    { a: '1', b: '1', c: '0' }, // line 3
  ]);
  // search: a=1 (b=1 OR c=1)  -> line 3 only
  assert.deepEqual(await matchingLines('search a=1 b=1 OR c=1', events), [3]);
  // where: (a=1 AND b=1) OR c=1 -> lines 2 and 3
  assert.deepEqual(await matchingLines('search * | where a=1 AND b=1 OR c=1', events), [2, 3]);
});

test('field!=value needs the field; NOT field=value keeps events without it', async () => {
  assert.deepEqual(await matchingLines('search user!=bob', people), [2, 3]);
  assert.deepEqual(await matchingLines('search NOT user=bob', people), [2, 3, 4]);
});

test('comparisons are numeric when both sides are numbers, else string', async () => {
  assert.deepEqual(await matchingLines('search n>9', people), [1, 4]);
  // "x" is not a number: compared as a string, "x" > "9".
  assert.deepEqual(await matchingLines('search n>9a', people), [3]);
  assert.deepEqual(await matchingLines('search * | where n>9', people), [1, 3, 4]);
  assert.deepEqual(await matchingLines('search * | where n<"9"', people), [1, 4]);
});

test('multivalue fields match when any value matches', async () => {
  const events = textEvents(['user=alice user=bob', 'user=carol']);
  assert.deepEqual(await matchingLines('search user=BOB', events), [1]);
  assert.deepEqual(await matchingLines('search * | where user="bob"', events), [1]);
  assert.deepEqual(await matchingLines('search user!=bob', events), [2]);
});

test('terms match _raw on segment boundaries, ignoring case', async () => {
  const events = textEvents(['Error: disk full', 'errors=3 at C:\\Windows\\msiexec.exe now', 'all fine']);
  assert.deepEqual(await matchingLines('search error', events), [1]);
  assert.deepEqual(await matchingLines('search error*', events), [1, 2]);
  assert.deepEqual(await matchingLines('search msiexec.exe', events), [2]);
  assert.deepEqual(await matchingLines('search exe', events), [2]);
  assert.deepEqual(await matchingLines('search siexec', events), []);
  assert.deepEqual(await matchingLines('search "disk full"', events), [1]);
  assert.deepEqual(await matchingLines('search *', events), [1, 2, 3]);
});

test('search as a later command filters results with the same rules', async () => {
  const outcome = await run('search * | stats count by user | search user=B*', people);
  assert.deepEqual(outcome.table, [{ user: 'Bob', count: '1' }, { user: 'bob*', count: '1' }]);
});

test('time-range modifiers are reported and ignored', async () => {
  const outcome = await run('search earliest=-24h user=bob', people);
  assert.deepEqual(outcome.lines.flat(), [1]);
  assert.equal(outcome.warnings[0]?.code, 'RUN008');
});
