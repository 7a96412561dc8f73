// `| from datamodel:Model.Dataset` and `| from lookup:table` (docs/semantics.md, "from") on the sample
// Sysmon log: the dataset's members with its fields under their own names, over the event's fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CimEngineProvider } from '../../../server/src/engine/eval/cimView';
import { runSearch } from '../../../server/src/engine/eval/runSearch';
import { parseLog } from '../../../server/src/engine/readers/pipeline';
import { parseTestSpl, withTable, type Outcome } from './support';
import { FIXTURE_LOOKUPS, failure } from './sourcesSupport';
import { LookupFolder } from '../../../server/src/engine/eval/lookupTables';
import type { LogEvent } from '../../../server/src/engine/event';

const sysmon = parseLog(readFileSync(resolve(__dirname, '../../../samples/logs/msiexec_sysmon.log')), {
  source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational',
  sourcetype: 'xmlwineventlog',
  index: 'main',
}).events;

async function runFrom(spl: string, events: LogEvent[] = sysmon): Promise<Outcome> {
  const outcome = await runSearch(
    { text: spl, ast: parseTestSpl(spl), now: 1_700_000_000, cim: new CimEngineProvider(), sources: { lookups: new LookupFolder(FIXTURE_LOOKUPS), events: () => events } },
    events,
  );
  return withTable(outcome);
}

test('from datamodel: the dataset\'s events, its fields by their own names, colon or space', async () => {
  for (const spl of [
    '| from datamodel Endpoint.Processes | search parent_process_name=cmd.exe | table process_name parent_process_name process_id',
    '| from datamodel:Endpoint.Processes | search parent_process_name=cmd.exe | table process_name parent_process_name process_id',
    '| from datamodel:"Endpoint.Processes" where parent_process_name=cmd.exe | table process_name parent_process_name process_id',
  ]) {
    const outcome = await runFrom(spl);
    assert.equal(failure(spl, outcome), 'no error');
    assert.deepEqual(outcome.lines, [[2], [5], [7], [8], [9]], spl);
    assert.deepEqual(outcome.table[3], { process_name: 'installer.exe', parent_process_name: 'cmd.exe', process_id: '4107' }, spl);
  }
});

test('from datamodel: the event\'s own fields and _raw stay readable; a command that sets or removes a field decides', async () => {
  const raw = await runFrom('| from datamodel Endpoint.Processes | regex _raw="xcopy" | table OriginalFileName process_name dest');
  assert.deepEqual(raw.table, [{ OriginalFileName: 'XCOPY.EXE', process_name: 'xcopy.exe', dest: 'win-dc-6764986.attackrange.local' }]);
  const changed = await runFrom('| from datamodel Endpoint.Processes | head 1 | eval process_name="changed" | fields - dest | table process_name dest');
  assert.deepEqual(changed.table, [{ process_name: 'changed' }]);
  // Events outside the dataset are not members (lines 10 and 11 are not process creations).
  const all = await runFrom('| from datamodel Endpoint.Processes | stats count');
  assert.deepEqual(all.table, [{ count: '9' }]);
});

test('from datamodel over data the mapping does not cover warns RUN009 at the dataset; unknown datasets and types fail at their name', async () => {
  const okta = parseLog(`${JSON.stringify({ eventType: 'user.session.start' })}\n`, { format: 'json', source: 'okta_log', sourcetype: 'OktaIM2:log', index: 'main' }).events;
  const spl = '| from datamodel Authentication.Authentication | stats count';
  const outcome = await runFrom(spl, okta);
  assert.deepEqual(outcome.warnings.map((w) => [w.code, spl.slice(w.span.start, w.span.end), /so from returns nothing/.test(w.message)]), [['RUN009', 'Authentication.Authentication', true]]);
  const unknown = '| from datamodel Nope.Nothing';
  assert.match(failure(unknown, await runFrom(unknown)), /^RUN004: .* @ Nope\.Nothing$/);
  const saved = '| from savedsearch:my_report';
  assert.equal(failure(saved, await runFrom(saved)), 'RUN001: from savedsearch is not supported by the local engine (it runs from datamodel and from lookup) @ savedsearch');
});

test('from lookup: the table\'s rows, as inputlookup', async () => {
  const outcome = await runFrom('| from lookup:users | search role=admin OR role=analyst | table user role');
  assert.deepEqual(outcome.table, [{ user: 'bob', role: 'admin' }, { user: 'alice', role: 'analyst' }]);
});
