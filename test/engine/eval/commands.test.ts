// Commands (docs/semantics.md, "Commands"), with the provenance each result row carries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonEvents, run, textEvents } from './support';

const logins = jsonEvents([
  { _time: '2024-01-01T00:00:10Z', user: 'bob', src: '10.0.0.2', bytes: '10' }, // 1
  { _time: '2024-01-01T00:00:05Z', user: 'alice', src: '10.0.0.1', bytes: '5' }, // 2
  { _time: '2024-01-01T01:30:00Z', user: 'bob', src: '10.0.0.1', bytes: '20' }, // 3
  { _time: '2024-01-01T00:00:01Z', user: 'Bob', src: '10.0.0.9' }, // 4
  { _time: '2024-01-02T00:00:00Z', src: '10.0.0.3', bytes: 'n/a' }, // 5: no user
]);

test('stats: count vs count(x), values() sorted, dc, sum/avg, by-groups sorted, null by-field dropped', async () => {
  const outcome = await run('search * | stats count count(bytes) as with_bytes values(src) as srcs dc(src) as n sum(bytes) as total avg(bytes) as mean by user', logins);
  assert.deepEqual(outcome.table, [
    { user: 'Bob', count: '1', with_bytes: '0', srcs: '10.0.0.9', n: '1' },
    { user: 'alice', count: '1', with_bytes: '1', srcs: '10.0.0.1', n: '1', total: '5', mean: '5' },
    { user: 'bob', count: '2', with_bytes: '2', srcs: ['10.0.0.1', '10.0.0.2'], n: '2', total: '30', mean: '15' },
  ]);
  assert.deepEqual(outcome.lines, [[4], [2], [1, 3]]);
});

test('stats percentiles are nearest-rank (0-based rank floor(X/100*count)); median is perc50; mode is the most frequent', async () => {
  const sizes = jsonEvents([7, 1, 9, 3, 5, 'n/a', 3, 8].map((n) => ({ n: String(n), kind: 'a' })));
  const outcome = await run('search * | stats p50(n) as p50 perc25(n) as q1 exactperc90(n) as p90 upperperc99.5(n) as top p0(n) as low median(n) as med mode(n) as common count(n) as values', sizes);
  // Sorted numbers: 1 3 3 5 7 8 9 (7 of them; "n/a" is no number); floor(0.5*7)=3, floor(0.25*7)=1, floor(0.9*7)=6.
  assert.deepEqual(outcome.table, [{ p50: '5', q1: '3', p90: '9', top: '9', low: '1', med: '5', common: '3', values: '8' }]);
  const even = await run('search * | stats median(n) as med p100(n) as max', jsonEvents([1, 2, 3, 4].map((n) => ({ n: String(n) }))));
  // An even count's median is the higher middle value, as Splunk's nearest-rank gives it.
  assert.deepEqual(even.table, [{ med: '3', max: '4' }]);
  const none = await run('search * | stats median(n) as med mode(n) as common p50(n) as p', jsonEvents([{ m: '1' }]));
  assert.deepEqual(none.table, [{}]);
  const unknown = await run('search * | stats p101(n)', sizes);
  assert.equal(unknown.error?.message, 'aggregation p101() is not supported by the local engine');
});

test('stats without by gives one row, even over no events', async () => {
  const none = await run('search user=nobody | stats count', logins);
  assert.deepEqual(none.table, [{ count: '0' }]);
  assert.deepEqual(none.lines, [[]]);
  const all = await run('search * | stats min(_time) as first max(_time) as last earliest(user) as e latest(user) as l list(user) as users', logins);
  assert.equal(all.table[0].e, 'Bob');
  assert.equal(all.table[0].l, 'bob');
  assert.deepEqual(all.table[0].users, ['bob', 'alice', 'bob', 'Bob']);
  assert.deepEqual(all.lines, [[1, 2, 3, 4, 5]]);
});

test('stats: a multivalue by-field puts the row in each of its groups', async () => {
  const outcome = await run('search * | stats count by tag', textEvents(['tag=a tag=b', 'tag=b']));
  assert.deepEqual(outcome.table, [{ tag: 'a', count: '1' }, { tag: 'b', count: '2' }]);
  assert.deepEqual(outcome.lines, [[1], [1, 2]]);
});

test('count(eval(...)) counts rows where the test holds', async () => {
  const outcome = await run('search * | stats count(eval(user="bob")) as big', logins);
  assert.deepEqual(outcome.table, [{ big: '2' }]);
});

test('eventstats keeps every row, adds its group aggregate, and each row keeps its own events as provenance', async () => {
  const outcome = await run('search * | eventstats count as per_user by user | where per_user > 1 | table user per_user', logins);
  assert.deepEqual(outcome.table, [{ user: 'bob', per_user: '2' }, { user: 'bob', per_user: '2' }]);
  assert.deepEqual(outcome.lines, [[1], [3]]);
  // A stats after it gathers its groups' own events, not every event each row's eventstats group saw.
  const regrouped = await run('search * | eventstats count as all | stats count by user', logins);
  const own: Record<string, number[]> = { alice: [2], bob: [1, 3], Bob: [4] };
  assert.deepEqual(regrouped.lines, regrouped.table.map((r) => own[String(r.user)]));
  assert.equal(regrouped.table.length, 3);
});

test('rename with wildcards, table order, fields + and -', async () => {
  const events = jsonEvents([{ 'Processes.dest': 'h1', 'Processes.user': 'u', other: 'o' }]);
  const renamed = await run('search * | rename Processes.* AS * | table user dest', events);
  assert.deepEqual(renamed.table, [{ user: 'u', dest: 'h1' }]);
  assert.deepEqual(Object.keys(renamed.table[0]), ['user', 'dest']);
  const prefixed = await run('search * | rename Processes.* AS p_* | table p_*', events);
  assert.deepEqual(prefixed.table, [{ p_dest: 'h1', p_user: 'u' }]);
  const minus = await run('search * | fields - Processes.* | table *', events);
  assert.ok(!Object.keys(minus.table[0]).some((k) => k.startsWith('Processes.')));
  assert.equal(minus.table[0].other, 'o');
  const plus = await run('search * | fields other', events);
  assert.deepEqual(Object.keys(plus.table[0]).sort(), ['_raw', '_time', 'other']);
});

test('convert ctime with timeformat (UTC), default format, non-numbers untouched', async () => {
  const events = jsonEvents([{ t: '1714644901', s: 'text' }]);
  const custom = await run('search * | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(t) ctime(s)', events);
  assert.equal(custom.table[0].t, '2024-05-02T10:15:01');
  assert.equal(custom.table[0].s, 'text');
  const plain = await run('search * | convert ctime(t) AS when', events);
  assert.equal(plain.table[0].when, '05/02/2024 10:15:01');
  assert.equal(plain.table[0].t, '1714644901');
});

test('head, sort, dedup', async () => {
  const head = await run('search * | head 2', logins);
  assert.deepEqual(head.lines, [[1], [2]]);
  assert.equal(head.eventsSeen, 2, 'reading stops once head has its rows');
  const sorted = await run('search * | sort - bytes, user | table user bytes', logins);
  // Descending: the string n/a (strings sort after numbers) first, the row without bytes last.
  assert.deepEqual(sorted.lines.flat(), [5, 3, 1, 2, 4]);
  const byText = await run('search * | sort str(bytes) | table bytes', logins);
  assert.deepEqual(byText.table.map((r) => r.bytes), ['10', '20', '5', 'n/a', undefined]);
  const deduped = await run('search * | dedup user', logins);
  assert.deepEqual(deduped.lines.flat(), [1, 2, 4]);
  const keepEmpty = await run('search * | dedup user keepempty=true', logins);
  assert.deepEqual(keepEmpty.lines.flat(), [1, 2, 4, 5]);
});

test('fillnull: listed fields stream; without fields every field seen', async () => {
  const listed = await run('search * | fillnull value=NA user | table user', logins);
  assert.equal(listed.table[4].user, 'NA');
  const all = await run('search * | table user bytes | fillnull', logins);
  assert.deepEqual(all.table[3], { user: 'Bob', bytes: '0' });
  assert.deepEqual(all.table[4], { user: '0', bytes: 'n/a' });
});

test('bin/bucket floors _time to the span', async () => {
  const outcome = await run('search * | bucket _time span=1h | stats count by _time', logins);
  assert.deepEqual(outcome.table, [
    { _time: String(Date.UTC(2024, 0, 1) / 1000), count: '3' },
    { _time: String(Date.UTC(2024, 0, 1, 1) / 1000), count: '1' },
    { _time: String(Date.UTC(2024, 0, 2) / 1000), count: '1' },
  ]);
  const numeric = await run('search * | bin bytes span=10 | stats count by bytes', logins);
  assert.deepEqual(numeric.table.map((r) => r.bytes), ['0-10', '10-20', '20-30', 'n/a']);
});

test('rex extracts named groups (PCRE (?P<name>) and (?<name>)); regex filters', async () => {
  const events = textEvents(['user=bob cmd="msiexec.exe /y x.dll"', 'user=al cmd="notepad.exe a.txt"']);
  const rex = await run('search * | rex field=cmd "^(?P<image>\\S+)\\s+(?<arg>\\S+)" | table image arg', events);
  assert.deepEqual(rex.table, [{ image: 'msiexec.exe', arg: '/y' }, { image: 'notepad.exe', arg: 'a.txt' }]);
  const multi = await run('search * | rex max_match=0 "(?<word>[a-z]+)\\.(?:exe|dll)" | table word', events);
  assert.deepEqual(multi.table[0].word, ['msiexec', 'x']);
  const sed = await run('search * | rex field=cmd mode=sed "s/\\.exe/.EXE/g" | table cmd', events);
  assert.equal(sed.table[0].cmd, 'msiexec.EXE /y x.dll');
  assert.deepEqual((await run('search * | regex cmd="(?i)MSIEXEC"', events)).lines.flat(), [1]);
  assert.deepEqual((await run('search * | regex cmd!="msiexec"', events)).lines.flat(), [2]);
});

test('regexes RE2 cannot run fail the run naming the construct, at the regex', async () => {
  const events = textEvents(['a=1']);
  for (const [spl, construct] of [
    ['search * | regex _raw="(a)\\1"', /backreference/],
    ['search * | where match(_raw, "a(?=1)")', /lookahead/],
    ['search * | rex "(?<x>a)(?!b)"', /lookahead/],
  ] as const) {
    const outcome = await run(spl, events);
    assert.equal(outcome.error?.code, 'RUN003', spl);
    assert.match(outcome.error!.message, construct);
    assert.ok(spl.slice(outcome.error!.span.start, outcome.error!.span.end).startsWith('"'), spl);
  }
});

test('a catastrophic regex finishes (RE2 runs in linear time)', async () => {
  const evil = 'a'.repeat(5000) + '!';
  const events = textEvents([`x=${evil}`]);
  const outcome = await run('search * | regex x="^(a+)+$" | where match(x, "^(a|aa)+$")', events);
  assert.equal(outcome.error, undefined);
  assert.deepEqual(outcome.table, []);
});

test('an unsupported command fails the run naming it, at its position', async () => {
  const spl = 'search * | transpose 5';
  const outcome = await run(spl, textEvents(['a=1']));
  assert.equal(outcome.error?.code, 'RUN001');
  assert.match(outcome.error!.message, /'transpose'/);
  assert.equal(spl.slice(outcome.error!.span.start, outcome.error!.span.end), 'transpose');
  const option = await run('search * | stats count(x) by y partitions=2', textEvents(['a=1']));
  assert.ok(option.error, 'an unsupported option fails too');
});

test('cancellation stops the run and returns no results', async () => {
  const controller = new AbortController();
  const many = textEvents(Array.from({ length: 50 }, (_, i) => `n=${i}`));
  async function* slow() {
    for (const [i, event] of many.entries()) {
      if (i === 10) controller.abort();
      yield event;
    }
  }
  const parsed = await import('../../../server/src/spl/parser');
  const { runSearch } = await import('../../../server/src/engine/eval/runSearch');
  const spl = 'search * | stats count';
  const outcome = await runSearch({ text: spl, ast: parsed.parseSpl(spl).ast, signal: controller.signal }, slow());
  assert.equal(outcome.cancelled, true);
  assert.deepEqual(outcome.rows, []);
  assert.equal(outcome.eventsSeen, 10);
});
