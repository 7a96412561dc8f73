// Corpus detections that search raw events (`sysmon`, `wineventlog_security`) and read add-on fields
// (process_name, dest, user, service ...) run with them: on the example_log of their data source each
// returns the row Splunk would, and without the add-on rules it returns nothing. On the msiexec
// sample they run too (its activity is none of theirs: no rows, no run error).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { Project } from '../../../server/src/workspace/project';
import { executeSearch, prepareSearch } from '../../../server/src/engine/eval/runSearch';
import { CimEngineProvider } from '../../../server/src/engine/eval/cimView';
import { displayValue } from '../../../server/src/engine/eval/values';
import { parseLog } from '../../../server/src/engine/readers/pipeline';
import type { LogEvent } from '../../../server/src/engine/event';
import { corpusPath } from '../../../scripts/corpus/locate.mjs';

const project = Project.load([corpusPath('security_content')]);

function exampleEvents(dataSource: string): LogEvent[] {
  const doc = parse(readFileSync(corpusPath('security_content', 'data_sources', dataSource), 'utf8'));
  return parseLog(doc.example_log, { source: doc.source, sourcetype: doc.sourcetype, index: 'main' }).events;
}

const sampleEvents = () =>
  parseLog(readFileSync(resolve(__dirname, '../../../samples/logs/msiexec_sysmon.log')), {
    source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational',
    sourcetype: 'xmlwineventlog',
    index: 'main',
  }).events;

/** The detection's rows (only the named fields) with and without the add-on rules. */
async function rows(detection: string, events: () => LogEvent[], fields: string[]): Promise<{ with: object[]; without: number }> {
  const analyzed = project.analyze(corpusPath('security_content', 'detections', detection))!.searches.find((s) => s.search.role === 'search')!;
  const text = analyzed.expansion?.text ?? analyzed.search.text;
  const ast = (analyzed.expandedParse ?? analyzed.parse).ast;
  const run = async (cim: CimEngineProvider | undefined) => {
    const outcome = await executeSearch(prepareSearch({ text, ast, cim, now: 1_700_000_000 }), events());
    assert.equal(outcome.error, undefined, `${detection}: ${outcome.error?.message}`);
    return outcome.rows;
  };
  const found = await run(new CimEngineProvider());
  return {
    with: found.map((row) => Object.fromEntries(fields.map((name) => [name, displayValue(row.get(name))]))),
    without: (await run(undefined)).length,
  };
}

const CASES: Array<{ detection: string; dataSource: string; fields: string[]; row: object }> = [
  {
    // `wineventlog_security` EventCode=4769 ... | stats ... by dest, service, service_id, TicketEncryptionType, TicketOptions
    detection: 'endpoint/kerberos_service_ticket_request_using_rc4_encryption.yml',
    dataSource: 'windows_event_log_security_4769.yml',
    fields: ['dest', 'service', 'service_id', 'count'],
    row: { dest: 'ar-win-dc.attackrange.local', service: 'AR-WIN-2$', service_id: 'ATTACKRANGE\\AR-WIN-2$', count: '1' },
  },
  {
    // `sysmon` EventCode=22 process_name=wermgr.exe QueryName IN (...) | stats ... by Image process_name ... dest
    detection: 'endpoint/wermgr_process_connecting_to_ip_check_web_services.yml',
    dataSource: 'sysmon_eventid_22.yml',
    fields: ['process_name', 'QueryName', 'dest'],
    row: { process_name: 'wermgr.exe', QueryName: '50.220.65.3.spam.dnsbl.sorbs.net', dest: 'win-dc-299.attackrange.local' },
  },
  {
    // `sysmon` EventCode=7 ImageLoaded=*.exe | stats ... by Image ImageLoaded ... process_name ... Hashes IMPHASH
    detection: 'endpoint/windows_executable_in_loaded_modules.yml',
    dataSource: 'sysmon_eventid_7.yml',
    fields: ['process_name', 'IMPHASH', 'dest'],
    row: { process_name: 'server.exe', IMPHASH: 'F34D5F2D4577ED6D9CEEC516C1F5A744', dest: 'ar-win-dc.attackrange.local' },
  },
  {
    // `sysmon` EventCode=3 ... DestinationPort=21 | stats ... by Image DestinationPort ... dest user
    detection: 'endpoint/windows_file_transfer_protocol_in_non_common_process_path.yml',
    dataSource: 'sysmon_eventid_3.yml',
    fields: ['Image', 'DestinationPort', 'dest', 'user'],
    row: { Image: 'C:\\Temp\\agent_tesla-deob.exe', DestinationPort: '21', dest: '41.77.117.236', user: 'ATTACKRANGE\\Administrator' },
  },
  {
    // `sysmon` EventCode=7 Signed=false ... | stats ... by Image ProcessGuid ImageLoaded user dest ...
    detection: 'endpoint/windows_unsigned_dll_side_loading_in_same_process_path.yml',
    dataSource: 'sysmon_eventid_7.yml',
    fields: ['Image', 'user', 'dest'],
    row: { Image: 'C:\\Users\\Administrator\\AppData\\Local\\Temp\\server.exe', user: 'ATTACKRANGE\\Administrator', dest: 'ar-win-dc.attackrange.local' },
  },
];

for (const { detection, dataSource, fields, row } of CASES) {
  test(`${detection} finds its example event (${dataSource}) through add-on fields, and nothing without them`, async () => {
    const outcome = await rows(detection, () => exampleEvents(dataSource), fields);
    assert.deepEqual(outcome.with, [row]);
    assert.equal(outcome.without, 0);
  });
}

test('on the msiexec sample the same detections run with add-on fields and find nothing (none of their activity is there)', async () => {
  for (const { detection, fields } of CASES) assert.deepEqual((await rows(detection, sampleEvents, fields)).with, [], detection);
});
