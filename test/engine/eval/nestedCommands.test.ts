// join, append, appendpipe, map and foreach (docs/semantics.md, "join, append, appendpipe", "map",
// "foreach"): subsearches read the log again, as Splunk searches the index again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonEvents } from './support';
import { failure, runWith } from './sourcesSupport';

const log = jsonEvents([
  { kind: 'proc', guid: 'g1', user: 'bob', image: 'a.exe' }, // 1
  { kind: 'proc', guid: 'g2', user: 'alice', image: 'b.exe' }, // 2
  { kind: 'file', guid: 'g1', file: 'x.txt' }, // 3
  { kind: 'file', guid: 'g1', file: 'y.txt' }, // 4
  { kind: 'proc', guid: 'g3', user: 'carol' }, // 5
  { kind: 'file', guid: 'g9', file: 'z.txt', user: 'mallory' }, // 6
]);

test('join: inner by default, the first subsearch row per match (max=1), provenance from both sides', async () => {
  const outcome = await runWith('search kind=proc | join guid [search kind=file | table guid file] | table guid user file', log);
  assert.deepEqual(outcome.table, [{ guid: 'g1', user: 'bob', file: 'x.txt' }]);
  assert.deepEqual(outcome.lines, [[1, 3]]);
});

test('join max=0 joins every matching row; type=left and type=outer keep rows without a match', async () => {
  const all = await runWith('search kind=proc | join max=0 guid [search kind=file] | table guid file', log);
  assert.deepEqual(all.table, [{ guid: 'g1', file: 'x.txt' }, { guid: 'g1', file: 'y.txt' }]);
  assert.deepEqual(all.lines, [[1, 3], [1, 4]]);
  for (const type of ['left', 'outer']) {
    const kept = await runWith(`search kind=proc | join type=${type} guid [search kind=file | table guid file] | table guid file`, log);
    assert.deepEqual(kept.table, [{ guid: 'g1', file: 'x.txt' }, { guid: 'g2' }, { guid: 'g3' }], type);
  }
});

test('join: subsearch fields overwrite the row (overwrite=false keeps the row\'s); no field list joins on the common fields', async () => {
  const events = jsonEvents([{ kind: 'a', id: '1', owner: 'main' }, { kind: 'b', id: '1', owner: 'sub' }]);
  const over = await runWith('search kind=a | join id [search kind=b | table id owner] | table owner', events);
  assert.deepEqual(over.table, [{ owner: 'sub' }]);
  const keep = await runWith('search kind=a | join overwrite=false id [search kind=b | table id owner] | table owner', events);
  assert.deepEqual(keep.table, [{ owner: 'main' }]);
  const common = await runWith('search kind=proc | table guid user | join [search kind=file | table guid file]', log);
  assert.deepEqual(common.table, [{ guid: 'g1', user: 'bob', file: 'x.txt' }]);
});

test('join: no row, no subsearch (the log is not read again)', async () => {
  let rereads = 0;
  const reread = () => {
    rereads++;
    return log;
  };
  const none = await runWith('search kind=nothing | join type=left guid [search kind=file] | table guid file', log, { reread });
  assert.deepEqual([none.table, rereads], [[], 0]);
  const some = await runWith('search kind=proc | join type=left guid [search kind=file] | table guid file', log, { reread });
  assert.deepEqual([some.table.length, rereads], [3, 1]);
});

test('join after a command holding rows joins each row as it comes, in order, with rows held before it first', async () => {
  // stats holds its groups: the subsearch runs before they come, and join holds none of them.
  const grouped = await runWith('search kind=proc | stats count by guid user | join type=left guid [search kind=file | stats values(file) as files by guid] | table guid user files', log);
  assert.deepEqual(grouped.table, [{ guid: 'g1', user: 'bob', files: ['x.txt', 'y.txt'] }, { guid: 'g2', user: 'alice' }, { guid: 'g3', user: 'carol' }]);
  assert.deepEqual(grouped.lines, [[1, 3, 4], [2], [5]]);
  // Nine rows reach join past a bound of five held rows: it holds none.
  const many = await runWith('search kind=proc | stats count by guid | eval n=split("a,b,c", ",") | mvexpand n | join type=left guid [search kind=file | table guid file]', log, { limits: { maxBufferedRows: 5 } });
  assert.deepEqual([many.error?.message, many.table.length], [undefined, 9]);
  // The proc rows reach join while the log is read (held); append's rows come at the end, after them.
  const mixed = await runWith('search kind=proc | table guid | append [search kind=file guid=g9 | table guid] | join type=left guid [search kind=file | table guid file] | table guid file', log);
  assert.deepEqual(mixed.table, [{ guid: 'g1', file: 'x.txt' }, { guid: 'g2' }, { guid: 'g3' }, { guid: 'g9', file: 'z.txt' }]);
});

test('join: a subsearch problem fails the run before reading, at its position; usetime is not supported', async () => {
  const bad = 'search kind=proc | join guid [search kind=file | frobnicate x]';
  assert.equal(failure(bad, await runWith(bad, log)), "RUN001: command 'frobnicate' is not supported by the local engine @ frobnicate");
  const stream = 'search kind=proc | join guid [search kind=file]';
  assert.match(failure(stream, await runWith(stream, log, { rereadable: false })), /RUN005: join's subsearch reads the log again, which needs a log file/);
  const usetime = 'search * | join usetime=true guid [search kind=file]';
  assert.match(failure(usetime, await runWith(usetime, log)), /RUN004: join usetime=true is not supported by the local engine @ usetime=true/);
  const type = 'search * | join type=cross guid [search kind=file]';
  assert.match(failure(type, await runWith(type, log)), /RUN004: join type=cross: expected inner, outer or left/);
});

test('a subsearch keeps at most maxResults rows, with a warning', async () => {
  const outcome = await runWith('search kind=proc | join type=left max=0 kind [search *]', log, { limits: { maxResults: 2 } });
  assert.ok(outcome.warnings.some((w) => /a subsearch's 4 rows past maxResults=2 were dropped/.test(w.message)), JSON.stringify(outcome.warnings));
});

test('a subsearch stops when the run is cancelled while it reads', async () => {
  const controller = new AbortController();
  function* abortingReread() {
    controller.abort();
    yield* log;
  }
  const spl = 'search kind=proc | join guid [search kind=file]';
  const outcome = await runWith(spl, log, { signal: controller.signal, reread: abortingReread });
  // The run reports itself cancelled (as when the main search is cancelled), not failed.
  assert.equal(outcome.cancelled, true);
  assert.equal(failure(spl, outcome), 'no error');
  assert.deepEqual(outcome.rows, []);
});

test('append: the rows, then the subsearch\'s rows', async () => {
  const outcome = await runWith('search kind=proc | table user | append [search kind=file | table file]', log);
  assert.deepEqual(outcome.table, [{ user: 'bob' }, { user: 'alice' }, { user: 'carol' }, { file: 'x.txt' }, { file: 'y.txt' }, { file: 'z.txt' }]);
  assert.deepEqual(outcome.lines, [[1], [2], [5], [3], [4], [6]]);
  const limited = await runWith('search kind=proc | table user | append maxout=1 [search kind=file | table file]', log);
  assert.equal(limited.table.length, 4);
});

test('appendpipe: the subpipeline runs over copies of the rows so far; its rows come after them', async () => {
  const total = await runWith('search kind=proc | stats count by user | appendpipe [stats sum(count) as count | eval user="ALL"]', log);
  assert.deepEqual(total.table, [{ user: 'alice', count: '1' }, { user: 'bob', count: '1' }, { user: 'carol', count: '1' }, { count: '3', user: 'ALL' }]);
  assert.deepEqual(total.lines[3], [1, 2, 5]);
  const untouched = await runWith('search kind=proc | table user | appendpipe [eval user="changed"]', log);
  assert.deepEqual(untouched.table.map((r) => r.user), ['bob', 'alice', 'carol', 'changed', 'changed', 'changed']);
});

test('map: the search once per row with $field$ replaced, over the log; provenance adds the row\'s events', async () => {
  const outcome = await runWith('search kind=proc user=bob | map search="search kind=file guid=$guid$ | eval via=\\"$user$\\""', log);
  assert.deepEqual(outcome.table.map((r) => [r.file, r.via]), [['x.txt', 'bob'], ['y.txt', 'bob']]);
  assert.deepEqual(outcome.lines, [[1, 3], [1, 4]]);
});

test('map: maxsearches (default 10) limits the searches, with a warning; a row without a $field$ is skipped', async () => {
  const limited = await runWith('search kind=proc | map maxsearches=1 search="search kind=file guid=$guid$"', log);
  assert.deepEqual(limited.table.map((r) => r.file), ['x.txt', 'y.txt']);
  assert.ok(limited.warnings.some((w) => w.message === 'map ran its search for the first 1 of 3 rows (maxsearches=1)'));
  const skipped = await runWith('search kind=file | map search="search kind=proc user=$user$"', log);
  assert.deepEqual(skipped.table.map((r) => r.user), []);
  assert.ok(skipped.warnings.some((w) => w.message === 'map skipped the search of a row without $user$'));
});

test('map: the search is checked before any event is read; an unexpanded macro in it is named', async () => {
  const bad = 'search * | map search="search x=$y$ | frobnicate"';
  assert.match(failure(bad, await runWith(bad, log)), /^RUN001: map's search: command 'frobnicate' is not supported by the local engine \(at 'frobnicate'\) @ "search x=\$y\$ \| frobnicate"$/);
  const macro = 'search * | map search="search `wineventlog_security` TargetLogonId=$id$"';
  assert.match(failure(macro, await runWith(macro, log)), /RUN005: map's search: macro `wineventlog_security` was not expanded/);
});

test('foreach: <<FIELD>> and <<MATCHSTR>> in the template, for each field a pattern names', async () => {
  const events = jsonEvents([{ count_a: '1', count_b: '5', other: '7' }]);
  const doubled = await runWith('search * | foreach count_* [eval <<FIELD>>=<<FIELD>>*2, seen_<<MATCHSTR>>="<<MATCHSTR>>"] | table count_* seen_* other', events);
  assert.deepEqual(doubled.table, [{ count_a: '2', count_b: '10', seen_a: 'a', seen_b: 'b', other: '7' }]);
  const nulls = await runWith('search * | eval x="null", y="kept" | foreach * [eval <<FIELD>> = if(<<FIELD>>="null",null(),<<FIELD>>)] | table x y', events);
  assert.deepEqual(nulls.table, [{ y: 'kept' }]);
  const quoted = await runWith('search * | foreach count_* [eval total=coalesce(total,0) + \'<<FIELD>>\'] | table total', events);
  assert.deepEqual(quoted.table, [{ total: '6' }]);
});

test('foreach: a template runs eval, rex, convert or rename; others and mode=multivalue fail before reading', async () => {
  const stats = 'search * | foreach a* [stats count]';
  assert.match(failure(stats, await runWith(stats, log)), /RUN001: foreach templates run eval, rex, convert, rename locally, not stats @ \[stats count\]/);
  const mode = 'search * | foreach mode=multivalue a [eval x=<<ITEM>>]';
  assert.match(failure(mode, await runWith(mode, log)), /RUN004: foreach mode=multivalue is not supported/);
});
