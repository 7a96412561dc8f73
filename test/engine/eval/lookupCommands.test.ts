// lookup, inputlookup, outputlookup (docs/semantics.md, "lookup and inputlookup"): fixture tables in
// test/fixtures/engine/lookups/ and real security_content lookups.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonEvents, run, textEvents } from './support';
import { CORPUS_LOOKUPS, failure, runWith } from './sourcesSupport';

const people = jsonEvents([{ user: 'bob' }, { user: 'Bob' }, { user: 'alice' }, { host: 'h1' }]);

test('lookup: exact and case-sensitive by default; several matching rows give multivalue outputs in file order', async () => {
  const outcome = await runWith('search * | lookup users user OUTPUT role dept | table user role dept', people);
  assert.deepEqual(outcome.table, [{ user: 'bob', role: ['admin', 'operator'], dept: ['it', 'ops'] }, { user: 'Bob' }, { user: 'alice', role: 'analyst' }, {}]);
});

test('lookup: case_sensitive_match=false matches any case; max_matches=1 keeps the first row', async () => {
  const outcome = await runWith('search * | lookup users_any_case user OUTPUT role | table user role', people);
  assert.deepEqual(outcome.table, [{ user: 'bob', role: 'admin' }, { user: 'Bob', role: 'admin' }, { user: 'alice', role: 'analyst' }, {}]);
});

test('lookup: AS names the event fields; without OUTPUT every other table field is output', async () => {
  const events = jsonEvents([{ account: 'alice' }]);
  const aliased = await runWith('search * | lookup users user AS account OUTPUT role AS account_role | table account account_role role', events);
  assert.deepEqual(aliased.table, [{ account: 'alice', account_role: 'analyst' }]);
  const all = await runWith('search * | lookup users user AS account | fields - _* source sourcetype index linecount host', jsonEvents([{ account: 'bob' }]));
  assert.deepEqual(all.table, [{ account: 'bob', role: ['admin', 'operator'], dept: ['it', 'ops'] }]);
});

test('lookup: OUTPUT replaces output fields (and clears them without a match); OUTPUTNEW only fills missing ones', async () => {
  const events = jsonEvents([{ user: 'alice', role: 'preset' }, { user: 'nobody', role: 'preset' }]);
  const output = await runWith('search * | lookup users user OUTPUT role | table user role', events);
  assert.deepEqual(output.table, [{ user: 'alice', role: 'analyst' }, { user: 'nobody' }]);
  const outputNew = await runWith('search * | lookup users user OUTPUTNEW role dept | table user role dept', jsonEvents([{ user: 'bob', role: 'preset' }]));
  assert.deepEqual(outputNew.table, [{ user: 'bob', role: 'preset', dept: ['it', 'ops'] }]);
});

test('lookup: WILDCARD(field) patterns, min_matches with default_match for rows that match nothing', async () => {
  const events = jsonEvents([
    { file_path: 'C:\\Users\\bob\\AppData\\Local\\Temp\\a.exe' },
    { file_path: 'C:\\WINDOWS\\notepad.exe' },
    { file_path: 'D:\\data\\x.txt' },
    { file_path: 'C:\\Users\\bob\\Downloads\\Temp\\setup.exe' },
  ]);
  const outcome = await runWith('search * | lookup suspicious_paths path AS file_path OUTPUT verdict | table verdict', events);
  assert.deepEqual(outcome.table.map((r) => r.verdict), ['temp', 'system', 'none', ['temp', 'download']]);
});

test('lookup: CIDR(field) blocks and single addresses', async () => {
  const events = jsonEvents([{ src: '10.1.2.3' }, { src: '192.168.1.77' }, { src: '8.8.8.8' }, { src: '1.1.1.1' }, { src: 'not-an-ip' }]);
  const outcome = await runWith('search * | lookup networks net AS src OUTPUT zone | table src zone', events);
  assert.deepEqual(outcome.table.map((r) => r.zone ?? null), ['internal', 'lab', 'dns', null, null]);
});

test('lookup: a multivalue input matches each of its values; a null input leaves the row as it is', async () => {
  const outcome = await runWith('search * | lookup users user OUTPUT role | table user role', textEvents(['user=alice user=bob', 'other=1']));
  assert.deepEqual(outcome.table, [{ user: ['alice', 'bob'], role: ['admin', 'analyst', 'operator'] }, {}]);
});

test('lookup tables are RFC 4180 CSV: quoted commas and line breaks', async () => {
  const outcome = await runWith('search * | lookup users user OUTPUT dept', jsonEvents([{ user: 'carol, jr' }]));
  assert.equal(outcome.table[0].dept, 'sales\nnorth');
});

test('security_content lookups: hijacklibs (default_match false), lolbas_file_path (two wildcard inputs), remote_access_software (max_matches 1), ace_type_lookup (exact)', async () => {
  const processes = jsonEvents([
    { process_name: 'OUTLLIB.DLL', process_path: 'C:\\Temp\\OUTLLIB.DLL' },
    { process_name: 'rundll32.exe', process_path: 'C:\\Windows\\System32\\rundll32.exe' },
    { process_name: 'rundll32.exe', process_path: 'C:\\Users\\bob\\rundll32.exe' },
    { process_name: 'AnyDesk.exe', process_path: 'C:\\Tools\\AnyDesk.exe' },
  ]);
  const spl = [
    'search *',
    'lookup hijacklibs library AS process_name OUTPUT islibrary',
    'lookup lolbas_file_path lolbas_file_name as process_name lolbas_file_path as process_path OUTPUT description as is_lolbas_path',
    'lookup remote_access_software remote_utility AS process_name OUTPUT isutility, description as signature',
    'table process_name islibrary is_lolbas_path isutility signature',
  ].join(' | ');
  const outcome = await runWith(spl, processes, { lookups: CORPUS_LOOKUPS });
  assert.equal(outcome.error, undefined, failure(spl, outcome));
  assert.deepEqual(outcome.table.map((r) => r.islibrary), ['TRUE', 'false', 'false', 'false']);
  assert.deepEqual(outcome.table.map((r) => r.is_lolbas_path), ['false', 'Used by Windows to execute dll files', 'false', 'false']);
  assert.deepEqual(outcome.table.map((r) => r.signature), ['false', 'false', 'false', 'AnyDesk']);
  assert.equal(outcome.table[3].isutility, 'TRUE');
  const ace = await runWith('search * | lookup ace_type_lookup ace_type_string as aceType OUTPUT ace_type_value as aceType', jsonEvents([{ aceType: 'OA' }, { aceType: 'oa' }]), { lookups: CORPUS_LOOKUPS });
  assert.deepEqual(ace.table.map((r) => r.aceType ?? null), ['Object access allowed', null]);
});

test('lookup problems fail the run at their position: unknown table, non-CSV, unknown field, no lookups folder', async () => {
  const cases: Array<[string, RegExp, string]> = [
    ['search * | lookup nosuch user OUTPUT role', /RUN004: lookup 'nosuch' is not defined in .*lookups/, 'nosuch'],
    ['search * | lookup a_model x', /RUN004: lookup 'a_model' reads a_model.mlmodel, not a CSV file/, 'a_model'],
    ['search * | lookup users login AS user OUTPUT role', /RUN004: lookup users has no field 'login'/, 'login AS user'],
    ['search * | lookup users user OUTPUT salary', /RUN004: lookup users has no field 'salary' to output/, 'salary'],
  ];
  for (const [spl, message, at] of cases) {
    const outcome = await runWith(spl, people);
    assert.match(failure(spl, outcome), message, spl);
    assert.ok(failure(spl, outcome).endsWith(`@ ${at}`), failure(spl, outcome));
  }
  const bare = await run('search * | lookup users user OUTPUT role', people);
  assert.match(bare.error?.message ?? '', /this run has no lookups folder/);
});

test('inputlookup: the table rows in file order, a WHERE search (case-insensitive wildcards), start/max, a .csv name', async () => {
  const all = await runWith('| inputlookup users', people);
  assert.deepEqual(all.table, [{ user: 'bob', role: 'admin', dept: 'it' }, { user: 'alice', role: 'analyst' }, { user: 'bob', role: 'operator', dept: 'ops' }, { user: 'carol, jr', role: 'guest', dept: 'sales\nnorth' }]);
  assert.deepEqual(all.lines, [[], [], [], []]);
  const where = await runWith('| inputlookup users where user=BO* role!=admin', people);
  assert.deepEqual(where.table, [{ user: 'bob', role: 'operator', dept: 'ops' }]);
  const window = await runWith('| inputlookup start=1 max=2 users.csv', people);
  assert.deepEqual(window.table.map((r) => r.user), ['alice', 'bob']);
  const stats = await runWith('| inputlookup ace_type_lookup | stats count', [], { lookups: CORPUS_LOOKUPS });
  // 18 lines, the last without a line break: a header and 17 rows.
  assert.deepEqual(stats.table, [{ count: '17' }]);
});

test('inputlookup append=true adds the rows after the earlier ones; elsewhere inputlookup must start the search', async () => {
  const appended = await runWith('search user=alice | table user | inputlookup append=t users where role=guest | table user role', people);
  assert.deepEqual(appended.table, [{ user: 'alice' }, { user: 'carol, jr', role: 'guest' }]);
  const spl = 'search * | inputlookup users';
  assert.match(failure(spl, await runWith(spl, people)), /RUN004: inputlookup must start the search .* unless append=true @ inputlookup/);
});

test('outputlookup is refused: a local run is read-only', async () => {
  const spl = 'search * | stats count by user | outputlookup users';
  assert.match(failure(spl, await runWith(spl, people)), /RUN001: outputlookup writes a lookup table; a local run is read-only.* @ outputlookup/);
});

test('a KV store collection without local data reads as empty, with a RUN008 warning at its name (a first-seen search sees everyone as new)', async () => {
  const spl = 'search * | lookup seen_users user OUTPUT firstTimeSeen | where isnull(firstTimeSeen) | table user';
  const outcome = await runWith(spl, people);
  assert.equal(failure(spl, outcome), 'no error');
  assert.deepEqual(outcome.table, [{ user: 'bob' }, { user: 'Bob' }, { user: 'alice' }, {}]);
  assert.deepEqual(
    outcome.warnings.map((w) => [w.code, w.message, spl.slice(w.span.start, w.span.end)]),
    [['RUN008', "lookup 'seen_users' is the KV store collection seen_users, which has no local data: it is read as empty (as in a new Splunk install); put its rows in seen_users.csv next to its definition to use them", 'seen_users']],
  );
  // Its fields are the collection's fields_list: another name is still an error.
  const unknown = 'search * | lookup seen_users login OUTPUT firstTimeSeen';
  assert.match(failure(unknown, await runWith(unknown, people)), /^RUN004: lookup seen_users has no field 'login' \(its fields: _key, user, firstTimeSeen\)/);
  const input = await runWith('| inputlookup seen_users | stats count', []);
  assert.deepEqual([input.table, input.warnings.map((w) => w.code)], [[{ count: '0' }], ['RUN008']]);
});
