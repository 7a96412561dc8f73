// A subsearch standing as a term of a search expression becomes the search text `format` writes from
// its results (docs/semantics.md, "Subsearches in search expressions"): OR over rows, AND over a
// row's fields, OR over a multivalue field's values; internal fields left out; `search` and `query`
// fields spliced in as text; no rows is `NOT ( )`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SUBSEARCH_MAXOUT } from '../../../server/src/engine/eval/subsearchFilter';
import { runSearch } from '../../../server/src/engine/eval/runSearch';
import { jsonEvents, parseTestSpl } from './support';
import { failure, runWith } from './sourcesSupport';

const log = jsonEvents([
  { kind: 'proc', user: 'bob', dest: 'ws1', image: 'C:\\Windows\\cmd.exe' }, // 1
  { kind: 'proc', user: 'alice', dest: 'ws2', image: 'C:\\Tools\\psexec.exe' }, // 2
  { kind: 'proc', user: 'carol', dest: 'ws1', image: 'C:\\Windows\\reg.exe' }, // 3
  { kind: 'allow', user: 'BOB', dest: 'WS1' }, // 4
  { kind: 'allow', user: 'carol', dest: 'ws9' }, // 5
  { kind: 'tools', pattern: '*\\windows\\*' }, // 6
]);

async function lines(spl: string): Promise<number[]> {
  const outcome = await runWith(spl, log);
  assert.equal(outcome.error, undefined, failure(spl, outcome));
  return outcome.lines.flat();
}

test('OR over the rows, AND over each row\'s fields; values match as search does (any case)', async () => {
  // Rows (user=BOB dest=WS1) and (user=carol dest=ws9): bob on ws1 matches the first; carol is on ws1, not ws9.
  assert.deepEqual(await lines('search kind=proc [search kind=allow | table user dest]'), [1]);
  // One field per row: bob and carol.
  assert.deepEqual(await lines('search kind=proc [search kind=allow | fields user]'), [1, 3]);
  // An allow-list: everyone the subsearch does not name.
  assert.deepEqual(await lines('search kind=proc NOT [search kind=allow | fields user]'), [2]);
});

test('a value keeps its wildcards; a multivalue field is an OR of its values', async () => {
  assert.deepEqual(await lines('search kind=proc [search kind=tools | rename pattern as image | table image]'), [1, 3]);
  assert.deepEqual(await lines('search kind=proc [search kind=allow | stats values(user) as user]'), [1, 3]);
});

test('internal fields are left out: a subsearch of whole events formats their fields, not _raw or _time', async () => {
  // Event 5 formats as kind=allow user=carol dest=ws9 (source, sourcetype, index too): no proc event has them all.
  assert.deepEqual(await lines('search kind=proc OR kind=allow [search kind=allow user=carol]'), [5]);
  // A proc event has no _user: were it formatted, nothing would match.
  assert.deepEqual(await lines('search kind=proc [search kind=allow | eval _user=user | table _user user]'), [1, 3]);
});

test('no rows is NOT ( ): the search keeps nothing, and NOT [ ] keeps everything', async () => {
  assert.deepEqual(await lines('search kind=proc [search kind=nothing | fields user]'), []);
  assert.deepEqual(await lines('search kind=proc NOT [search kind=nothing | fields user]'), [1, 2, 3]);
  // Rows whose only fields are internal format to nothing as well.
  assert.deepEqual(await lines('search kind=proc [search kind=allow | eval _hidden=user | fields _hidden]'), []);
});

test('a search field\'s first value is spliced in as search text, a query field\'s as a quoted term', async () => {
  assert.deepEqual(await lines('search kind=proc [search kind=allow user=carol | eval search="user=alice OR dest=ws1" | fields search]'), [1, 2, 3]);
  assert.deepEqual(await lines('search kind=proc [search kind=tools | eval query="psexec.exe" | fields query]'), [2]);
  // Only the first value of a multivalue search field is used.
  assert.deepEqual(await lines('search kind=proc [search kind=allow user=carol | eval search=mvappend("user=alice", "user=bob") | fields search]'), [2]);
  const spl = 'search kind=proc [search kind=tools | eval search="user=bob | stats count" | fields search]';
  assert.match(failure(spl, await runWith(spl, log)), /^RUN005: the subsearch's search field cannot be spliced into the search: it is not one search expression \(in: user=bob \| stats count\) @ \[search kind=tools/);
});

test('a subsearch may start with inputlookup (an allow-list in a lookup table)', async () => {
  const users = await lines('search kind=proc [| inputlookup users | search role=analyst | fields user]');
  assert.deepEqual(users, [2]);
});

test('the subsearch runs before the first event is read; its problems stop the run at their position', async () => {
  const spl = 'search kind=proc [search kind=allow | eval x=nosuchfunction(user)]';
  assert.equal(failure(spl, await runWith(spl, log)), "RUN002: eval function nosuchfunction() is not supported by the local engine @ nosuchfunction");
  const stream = await runWith('search kind=proc [search kind=allow | fields user]', log, { rereadable: false });
  assert.match(failure('search kind=proc [search kind=allow | fields user]', stream), /^RUN005: search's subsearch reads the log again, which needs a log file \(not a stream\) @ \[search/);
});

test(`at most ${SUBSEARCH_MAXOUT} subsearch rows reach the search, with a warning`, async () => {
  const spl = `search kind=proc [| makeresults count=${SUBSEARCH_MAXOUT + 5} | streamstats count as n | eval user=if(n>${SUBSEARCH_MAXOUT}, "alice", "nobody") | fields user]`;
  const outcome = await runWith(spl, log);
  assert.equal(outcome.error, undefined, failure(spl, outcome));
  assert.deepEqual(outcome.lines.flat(), [], 'alice is past the limit');
  assert.deepEqual(outcome.warnings.map((w) => [w.code, w.message]), [['RUN006', `the subsearch returned ${SUBSEARCH_MAXOUT + 5} rows; a search takes its first ${SUBSEARCH_MAXOUT} (limits.conf [subsearch] maxout)`]]);
});

test('explain counts the subsearch as one predicate at its brackets (every event: --explain does not short-circuit)', async () => {
  const spl = 'search kind=proc NOT [search kind=allow | fields user]';
  const outcome = await runSearch({ text: spl, ast: parseTestSpl(spl), explain: true, now: 1_700_000_000, sources: { events: () => log } }, log);
  const predicate = outcome.predicates.find((p) => p.kind === 'subsearch');
  assert.deepEqual(predicate && [predicate.label, spl.slice(predicate.span.start, predicate.span.end), predicate.evaluated, predicate.satisfied], [
    '[search kind=allow | fields user]',
    '[search kind=allow | fields user]',
    6,
    4,
  ]);
});

test('a cancelled run stops in its subsearch and reports a cancelled run', async () => {
  const controller = new AbortController();
  controller.abort();
  const outcome = await runWith('search kind=proc [search kind=allow | fields user]', log, { signal: controller.signal });
  assert.equal(outcome.cancelled, true);
  assert.equal(outcome.error, undefined);
  assert.deepEqual(outcome.rows, []);
});

test('return: field="value", alias=field and $field from the first <count> rows, each row an OR clause', async () => {
  // The first allow row only (count 1): user=BOB.
  assert.deepEqual(await lines('search kind=proc [search kind=allow | return user]'), [1]);
  // Two rows: (user=BOB) OR (user=carol); an alias renames the field.
  assert.deepEqual(await lines('search kind=proc [search kind=allow | return 2 user]'), [1, 3]);
  assert.deepEqual(await lines('search kind=proc [search kind=tools | eval who="alice" | return user=who]'), [2]);
  // What return makes is the search field: the text it splices.
  const made = await runWith('search kind=allow | return 2 user dest', log);
  assert.deepEqual(made.table, [{ search: '(user=BOB dest=WS1) OR (user=carol dest=ws9)' }]);
  const quoted = await runWith('search kind=proc user=alice | return $image', log);
  assert.deepEqual(quoted.table, [{ search: '"C:\\\\Tools\\\\psexec.exe"' }]);
});

test('a subsearch as a field\'s value splices its return text after field= (no row matches nothing)', async () => {
  assert.deepEqual(await lines('search kind=proc user=[search kind=allow user=carol | return $user]'), [3]);
  assert.deepEqual(await lines('search kind=proc image=[search kind=proc user=alice | return $image]'), [2]);
  assert.deepEqual(await lines('search kind=proc user=[search kind=nothing | return $user]'), []);
  const spl = 'search kind=proc user=[search kind=allow | fields user]';
  assert.match(failure(spl, await runWith(spl, log)), /^RUN001: a subsearch as user's value must give the text to splice in a search field: end it with \| return \$field @ \[search kind=allow \| fields user\]$/);
});
