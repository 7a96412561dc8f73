// streamstats (docs/semantics.md, "streamstats"): running aggregates per group in row order, current=,
// window= with global= (one window or one per group), reset_on_change=, and what it refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonEvents, run } from './support';

const at = (seconds: number) => new Date(Date.UTC(2024, 0, 1) + seconds * 1000).toISOString();
const sessions = jsonEvents([
  { _time: at(0), session_id: 'A', x: '1' }, // 1
  { _time: at(10), session_id: 'A', x: '2' }, // 2
  { _time: at(15), session_id: 'B', x: '3' }, // 3
  { _time: at(40), session_id: 'A', x: '4' }, // 4
  { _time: at(45), session_id: 'B', x: '5' }, // 5
  { _time: at(50), x: '6' }, // 6: no session
]);

test('streamstats count by a field numbers the rows of each group in order; a row without the field passes unchanged', async () => {
  const outcome = await run('search * | streamstats count as rank by session_id | table session_id rank', sessions);
  assert.deepEqual(outcome.table, [
    { session_id: 'A', rank: '1' }, { session_id: 'A', rank: '2' }, { session_id: 'B', rank: '1' },
    { session_id: 'A', rank: '3' }, { session_id: 'B', rank: '2' }, {},
  ]);
  // Provenance stays each row's own event.
  assert.deepEqual(outcome.lines, [[1], [2], [3], [4], [5], [6]]);
  const totals = await run('search * | streamstats sum(x) as total avg(x) as mean | table total mean', sessions);
  assert.deepEqual(totals.table.map((r) => [r.total, r.mean]), [['1', '1'], ['3', '1.5'], ['6', '2'], ['10', '2.5'], ['15', '3'], ['21', '3.5']]);
});

test('streamstats current=false leaves the row itself out: the first row of a group has no average and a count of 0', async () => {
  const outcome = await run('search session_id=* | streamstats current=false count avg(x) as before by session_id | table session_id count before', sessions);
  assert.deepEqual(outcome.table, [
    { session_id: 'A', count: '0' }, { session_id: 'A', count: '1', before: '1' }, { session_id: 'B', count: '0' },
    { session_id: 'A', count: '2', before: '1.5' }, { session_id: 'B', count: '1', before: '3' },
  ]);
});

test('streamstats window=2 (the corpus form): one window of the last 2 rows; global=false keeps one per group', async () => {
  const spl = (global: string) => `search session_id=* | streamstats window=2 current=1 ${global}range(_time) as TimeDelta by session_id | table session_id TimeDelta`;
  const one = await run(spl(''), sessions);
  // Row 4 (A) shares the window only with row 3 (B): its A rows are itself alone.
  assert.deepEqual(one.table.map((r) => r.TimeDelta), ['0', '10', '0', '0', '0']);
  const perGroup = await run(spl('global=false '), sessions);
  assert.deepEqual(perGroup.table.map((r) => r.TimeDelta), ['0', '10', '0', '30', '30']);
  // The window keeps the rows as they were: a later eval that changes x does not reach back.
  const kept = await run('search * | streamstats window=2 sum(x) as s | eval x=0 | table s', sessions);
  assert.deepEqual(kept.table.map((r) => r.s), ['1', '3', '5', '7', '9', '11']);
});

test('streamstats reset_on_change=true starts again whenever the by-values change', async () => {
  const users = jsonEvents([{ user: 'a' }, { user: 'a' }, { user: 'b' }, { user: 'a' }]);
  const outcome = await run('search * | streamstats reset_on_change=true count by user | table user count', users);
  assert.deepEqual(outcome.table.map((r) => r.count), ['1', '2', '1', '1']);
});

test('streamstats refuses time_window=, reset_before=, allnum=true and a window past 10000, at the option', async () => {
  for (const [option, message] of [
    ['time_window=1h', 'streamstats time_window= is not supported by the local engine'],
    ['reset_before="(x>1)"', 'streamstats reset_before= is not supported by the local engine'],
    ['allnum=true', 'streamstats allnum=true is not supported by the local engine'],
    ['window=20000', 'streamstats window= takes a whole number from 0 to 10000'],
  ]) {
    const spl = `search * | streamstats ${option} count`;
    const outcome = await run(spl, sessions);
    assert.equal(outcome.error?.code, 'RUN004', option);
    assert.equal(outcome.error?.message, message);
    assert.equal(spl.slice(outcome.error!.span.start, outcome.error!.span.end), option);
  }
});
