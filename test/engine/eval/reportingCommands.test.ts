// top, rare, timechart, addtotals, transaction, makeresults, replace, and the commands a local run
// cannot have data for (docs/semantics.md, sections of the same names).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonEvents, run, textEvents } from './support';

const logins = jsonEvents([
  { _time: '2024-01-01T00:00:10Z', user: 'bob', src: 'a' }, // 1
  { _time: '2024-01-01T00:01:00Z', user: 'alice', src: 'a' }, // 2
  { _time: '2024-01-01T00:02:00Z', user: 'bob', src: 'b' }, // 3
  { _time: '2024-01-01T00:16:00Z', user: 'bob', src: 'a' }, // 4
  { _time: '2024-01-01T00:17:00Z', user: 'carol', src: 'c' }, // 5
  { _time: '2024-01-01T00:18:00Z', src: 'c' }, // 6: no user
]);

test('top: most common values first with count and percent of the rows that have the field; limit, countfield, percentfield, showperc', async () => {
  const outcome = await run('search * | top user', logins);
  assert.deepEqual(outcome.table, [{ user: 'bob', count: '3', percent: '60' }, { user: 'alice', count: '1', percent: '20' }, { user: 'carol', count: '1', percent: '20' }]);
  assert.deepEqual(outcome.lines, [[1, 3, 4], [2], [5]]);
  const options = await run('search * | top limit=1 countfield=n percentfield=p user', logins);
  assert.deepEqual(options.table, [{ user: 'bob', n: '3', p: '60' }]);
  const noPercent = await run('search * | top 2 showperc=false src', logins);
  assert.deepEqual(noPercent.table, [{ src: 'a', count: '3' }, { src: 'c', count: '2' }]);
  const third = await run('search * | top limit=1 user src', logins);
  assert.deepEqual(third.table, [{ user: 'bob', src: 'a', count: '2', percent: '40' }]);
});

test('top ... by: per group, groups sorted; useother sums the rest; rare: least common first', async () => {
  const by = await run('search * | top limit=1 user by src', logins);
  assert.deepEqual(by.table, [{ src: 'a', user: 'bob', count: '2', percent: '66.666667' }, { src: 'b', user: 'bob', count: '1', percent: '100' }, { src: 'c', user: 'carol', count: '1', percent: '100' }]);
  const other = await run('search * | top limit=1 useother=true user', logins);
  assert.deepEqual(other.table, [{ user: 'bob', count: '3', percent: '60' }, { user: 'OTHER', count: '2', percent: '40' }]);
  const rare = await run('search * | rare src', logins);
  assert.deepEqual(rare.table.map((r) => [r.src, r.count]), [['b', '1'], ['c', '2'], ['a', '3']]);
});

test('timechart span=: one row per bucket from the first to the last, count 0 in empty buckets; BY makes a column per value', async () => {
  const count = await run('search * | timechart span=5m count', logins);
  assert.deepEqual(count.table, [
    { _time: '1704067200', count: '3' },
    { _time: '1704067500', count: '0' },
    { _time: '1704067800', count: '0' },
    { _time: '1704068100', count: '3' },
  ]);
  assert.deepEqual(count.lines, [[1, 2, 3], [], [], [4, 5, 6]]);
  const by = await run('search * | timechart span=15m count by user', logins);
  assert.deepEqual(by.table, [
    { _time: '1704067200', NULL: '0', alice: '1', bob: '2', carol: '0' },
    { _time: '1704068100', NULL: '1', alice: '0', bob: '1', carol: '1' },
  ]);
  const limited = await run('search * | timechart span=1h limit=1 usenull=false count by user', logins);
  assert.deepEqual(limited.table, [{ _time: '1704067200', bob: '3', OTHER: '2' }]);
  const dc = await run('search * | timechart span=1h cont=false dc(src) as sources max(src) as top', logins);
  assert.deepEqual(dc.table, [{ _time: '1704067200', sources: '3', top: 'c' }]);
});

test('timechart without span= fails: the automatic span depends on a search time range a local run does not have', async () => {
  const outcome = await run('search * | timechart count', logins);
  assert.match(outcome.error?.message ?? '', /timechart needs span= locally/);
});

test('addtotals: row totals of the numeric values into fieldname= (the corpus score pattern); col=true adds a totals row (the row totals summed too)', async () => {
  const events = jsonEvents([{ jndi: '1', env_var: '0', obf: '1', note: 'x' }, { jndi: '0', note: 'y' }, { note: 'z' }]);
  const score = await run('search * | addtotals fieldname=Score jndi, env_var, obf | where Score >= 2 | table note Score', events);
  assert.deepEqual(score.table, [{ note: 'x', Score: '2' }]);
  const all = await run('search * | table jndi obf note | addtotals col=t labelfield=note label=ALL', events);
  assert.deepEqual(all.table, [{ jndi: '1', obf: '1', note: 'x', Total: '2' }, { jndi: '0', note: 'y', Total: '0' }, { note: 'z' }, { jndi: '1', obf: '1', Total: '2', note: 'ALL' }]);
});

test('transaction: start/end conditions, maxspan, grouped by fields; merged fields, duration, eventcount', async () => {
  const tasks = jsonEvents([
    { _time: '2024-01-01T00:00:00Z', EventCode: '4698', Task_Name: 'T1', dest: 'h1' }, // 1
    { _time: '2024-01-01T00:00:30Z', EventCode: '4698', Task_Name: 'T2', dest: 'h1' }, // 2
    { _time: '2024-01-01T00:01:00Z', EventCode: '4699', Task_Name: 'T1', dest: 'h2' }, // 3
    { _time: '2024-01-01T00:20:00Z', EventCode: '4699', Task_Name: 'T2', dest: 'h1' }, // 4
  ]);
  const both = await run('search * | transaction Task_Name startswith=(EventCode=4698) endswith=(EventCode=4699) | table Task_Name dest duration eventcount', tasks);
  assert.deepEqual(both.table, [{ Task_Name: 'T1', dest: ['h1', 'h2'], duration: '60', eventcount: '2' }, { Task_Name: 'T2', dest: 'h1', duration: '1170', eventcount: '2' }]);
  assert.deepEqual(both.lines, [[1, 3], [2, 4]]);
  const span = await run('search * | transaction Task_Name startswith=(EventCode=4698) endswith=(EventCode=4699) maxspan=2m | table Task_Name', tasks);
  assert.deepEqual(span.table, [{ Task_Name: 'T1' }]);
  const evicted = await run('search * | transaction Task_Name startswith=(EventCode=4698) endswith=(EventCode=4699) maxspan=2m keepevicted=true | table Task_Name closed_txn eventcount', tasks);
  assert.deepEqual(evicted.table, [{ Task_Name: 'T1', closed_txn: '1', eventcount: '2' }, { Task_Name: 'T2', closed_txn: '0', eventcount: '1' }, { Task_Name: 'T2', closed_txn: '0', eventcount: '1' }]);
});

test('transaction: without conditions, maxpause cuts a group; eval() conditions; the merged _raw', async () => {
  const outcome = await run('search * | transaction user maxpause=5m | table user eventcount _raw', logins);
  assert.deepEqual(outcome.table.map((r) => [r.user, r.eventcount]), [['bob', '2'], ['alice', '1'], ['bob', '1'], ['carol', '1']]);
  assert.equal(String(outcome.table[0]._raw).split('\n').length, 2);
  const evalStart = await run('search * | transaction user startswith=eval(src="b") | table user eventcount', logins);
  assert.deepEqual(evalStart.table, [{ user: 'bob', eventcount: '2' }]);
});

test('makeresults: count= rows at now; format=csv|json data=', async () => {
  const rows = await run('| makeresults count=2 | eval n=1', []);
  assert.deepEqual(rows.table, [{ _time: '1700000000', n: '1' }, { _time: '1700000000', n: '1' }]);
  const csv = await run('| makeresults format=csv data="user,role\nbob,admin\nalice,"', []);
  assert.deepEqual(csv.table, [{ _time: '1700000000', user: 'bob', role: 'admin' }, { _time: '1700000000', user: 'alice' }]);
  const json = await run('| makeresults format=json data="[{\\"a\\":1,\\"b\\":[\\"x\\",\\"y\\"]},{\\"a\\":null}]"', []);
  assert.deepEqual(json.table, [{ _time: '1700000000', a: '1', b: ['x', 'y'] }, { _time: '1700000000' }]);
  const later = await run('search * | makeresults', logins);
  assert.match(later.error?.message ?? '', /makeresults must be the first command/);
});

test('replace: whole values, wildcards carried over, first pair wins, IN limits the fields', async () => {
  const events = textEvents(['src=::ffff:10.0.0.1 op=%%14674', 'src=10.0.0.2 op=%%14675']);
  const outcome = await run('search * | replace "::ffff:*" with * in src | replace "%%14674" with "Value Added", "%%14675" with "Value Deleted" in op | table src op', events);
  assert.deepEqual(outcome.table, [{ src: '10.0.0.1', op: 'Value Added' }, { src: '10.0.0.2', op: 'Value Deleted' }]);
  const everywhere = await run('search * | replace "10.*" with "ten" | table src', events);
  assert.deepEqual(everywhere.table, [{ src: '::ffff:10.0.0.1' }, { src: 'ten' }]);
  const middle = await run('search * | replace "*:*:*" with "*-*" in src | table src', events);
  assert.deepEqual(middle.table, [{ src: '-' }, { src: '10.0.0.2' }]);
  // Matched without backtracking: many wildcards on a long value that does not match still finish.
  const long = jsonEvents([{ cmd: 'a'.repeat(50_000) }]);
  const many = await run('search * | replace "*a*a*a*a*a*a*a*a*b" with "x" in cmd | eval n=len(cmd) | table n', long);
  assert.deepEqual(many.table, [{ n: '50000' }]);
});

test('mstats fails naming why, at the command (iplocation without a database: iplocation.test.ts)', async () => {
  const mstats = '| mstats avg(cpu) where index=metrics by host';
  const outcome = await run(mstats, []);
  assert.equal(outcome.error?.message, 'mstats reads metrics indexes: there is no metrics data in a local run');
  assert.equal(mstats.slice(outcome.error!.span.start, outcome.error!.span.end), 'mstats');
  const append = await run('search * | append [mstats count where index=m]', logins);
  assert.match(append.error?.message ?? '', /no metrics data in a local run/);
});
