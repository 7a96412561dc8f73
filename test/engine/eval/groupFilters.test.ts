// Group filters (keyFilter.ts): the row-local commands after `stats ... by` that decide only from the
// by-fields drop a group as it is made. Each search gives the same rows, with the same events behind
// them, with and without; a command reading an aggregation, or a field computed from one (eval,
// rename, convert), ends what is run early.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareSearch } from '../../../server/src/engine/eval/runSearch';
import { jsonEvents, parseTestSpl, run } from './support';

const events = jsonEvents([
  { a: 'foo', b: '1', n: 3, mv: ['x', 'y'] },
  { a: 'bar', b: '2', n: 5, mv: 'x' },
  { a: 'foo', b: '2', n: 1, mv: 'z' },
  { a: 'baz', b: '1', n: 9 },
  { a: 'foo', b: '1', n: 7, mv: ['y'] },
  { b: '3', n: 2 },
]);

/** Whether the grouping of `spl` drops groups as they are made. */
function filtersGroups(spl: string): boolean {
  const { stages } = prepareSearch({ text: spl, ast: parseTestSpl(spl) });
  return stages.some((s) => s.stage.grouping?.filtersGroups);
}

async function assertSameRows(spl: string, filtered: boolean): Promise<void> {
  assert.equal(filtersGroups(spl), filtered, `${spl}: ${filtered ? 'should' : 'should not'} filter groups`);
  const withFilters = await run(spl, events);
  const without = await run(spl, events, { groupFilters: false });
  assert.equal(withFilters.error, undefined, spl);
  assert.deepEqual(withFilters.table, without.table, spl);
  assert.deepEqual(withFilters.lines, without.lines, spl);
}

test('filters on by-fields drop groups as they are made: search, where, regex, through rename, eval, fields, convert', async () => {
  await assertSameRows('search * | stats count by a | search a=foo', true);
  await assertSameRows('search * | stats count min(n) as m by a b | rename a AS x | where x!="bar" | search b=1', true);
  await assertSameRows('search * | stats count by a | eval y=a."!" | where y="foo!"', true);
  await assertSameRows('search * | stats count by a b | fields a | search a=foo', true);
  await assertSameRows('search * | stats count by a | regex a="^ba"', true);
  await assertSameRows('search * | stats count by mv | search mv=x', true);
  await assertSameRows('search * | stats count by a | convert num(count) | search a=bar | search *', true);
  // The empty filter macro's `search *` decides nothing, but is no barrier either.
  await assertSameRows('search * | stats count by a | search * | where a="baz"', true);
});

test('a rename of a by-field over an aggregation of the same name makes it the by-field (it has a value in every group)', async () => {
  // drop_dm_object_name after `values(Processes.process) AS process ... by Processes.process`.
  await assertSameRows('search * | eval G.a=a | stats values(b) as a by G.a | rename G.* AS * | search a=foo', true);
  await assertSameRows('search * | eval G.a=a | stats values(b) as a by G.a | rename G.a AS a | where a!="bar"', true);
  // Not once the by-field may be null: removed, written by eval or lookup, renamed away, or two sources for one target.
  await assertSameRows('search * | eval G.a=a | stats values(b) as a by G.a | fields - G.a | rename G.* AS * | search a=1', false);
  await assertSameRows('search * | eval G.a=a | stats values(b) as a by G.a | eval G.a=if(G.a="foo", null(), G.a) | rename G.* AS * | search a=1', false);
  await assertSameRows('search * | eval G.a=a | stats values(b) as a by G.a | rename G.a AS H | rename H AS a | search a=2', true);
  await assertSameRows('search * | eval G.a=a, G.b=b | stats values(n) as a by G.a G.b | rename G.* AS a | search a=1', false);
  await assertSameRows('search * | eval G.a=a | stats values(b) as a by G.a | fields a | rename G.* AS * | search a=1', false);
});

test('filters reading an aggregation, or a field computed from one, are not run early', async () => {
  await assertSameRows('search * | stats count by a | where count > 1', false);
  await assertSameRows('search * | stats count by a | eval c=count | where c > 1', false);
  await assertSameRows('search * | stats count by a | rename count AS c | search c>1', false);
  await assertSameRows('search * | stats count min(n) as m by a | convert num(m) as mm | where mm > 2', false);
  await assertSameRows('search * | stats values(b) as vb by a | search vb=2', false);
  await assertSameRows('search * | stats count by a | regex count="^1$"', false);
  // A bare term reads the whole row; a wildcard aggregation's names are not known.
  await assertSameRows('search * | stats count by a | search foo', false);
  await assertSameRows('search * | stats values(*) as * by a | search a=foo', false);
  // A command that is not row-local ends what is run early.
  await assertSameRows('search * | stats count by a | sort - count | search a=foo', false);
  // Filters before the barrier still run early.
  await assertSameRows('search * | stats count by a | search a=foo OR a=bar | eval c=count | where c > 1', true);
});

test('a command failing on the by-fields alone keeps the group: its real row decides', async () => {
  // On the by-fields alone count is null and the if() gives a boolean, which eval cannot store.
  await assertSameRows('search * | stats count by a | eval x=if(isnull(count), 1==1, 5) | where a="foo"', true);
});
