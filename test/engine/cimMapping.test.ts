import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { parseLog } from '../../server/src/engine/readers/pipeline';
import { CimEngine, UnsupportedCalculationError } from '../../server/src/engine/cim/datamodel';
import { CimMappings, type CimMappingsData } from '../../server/src/cim/mappings';
import { CimCatalogue } from '../../server/src/cim/catalogue';
import { corpusPath } from '../../scripts/corpus/locate.mjs';

const root = resolve(__dirname, '../..');
const corpus = corpusPath('security_content', 'data_sources');
const SYSMON = { source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', sourcetype: 'xmlwineventlog' };
const cim = new CimEngine();

function exampleLog(file: string): { log: string; source: string; sourcetype: string } {
  const doc = parse(readFileSync(resolve(corpus, file), 'utf8'));
  return { log: doc.example_log, source: doc.source, sourcetype: doc.sourcetype };
}

/** One Sysmon EventID 1 event with the given EventData. */
function sysmonProcess(data: Record<string, string>): string {
  const body = Object.entries(data).map(([k, v]) => `<Data Name='${k}'>${v}</Data>`).join('');
  return `<Event><System><Provider Name='Microsoft-Windows-Sysmon'/><EventID>1</EventID><TimeCreated SystemTime='2024-01-01T00:00:00Z'/><Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>pc1</Computer></System><EventData>${body}</EventData></Event>\n`;
}

/** Add-on fields outside the dataset (raw searches use them; the corpus' `fields` lists name them). */
const ADDON_ONLY = new Set(['src_host', 'dest_host', 'object_category', 'src_ip', 'src_port']);

test('server/data/cim-mappings.json is exactly what scripts/generate-cim-mappings.mjs makes', async () => {
  const generator = await import(resolve(root, 'scripts/generate-cim-mappings.mjs'));
  const { dataSources, supplement } = generator.loadInputs();
  const expected = generator.buildMappings(dataSources, supplement);
  const shipped = JSON.parse(readFileSync(resolve(root, 'server/data/cim-mappings.json'), 'utf8'));
  assert.deepEqual(shipped, expected, 'regenerate with: node scripts/generate-cim-mappings.mjs');
  const corpusIds = expected.rules.filter((r: { origin: string }) => r.origin === 'corpus').map((r: { id: string }) => r.id);
  assert.deepEqual(corpusIds.sort(), ['crowdstrike_processrollup2', 'powershell_script_block_logging_4104', 'sysmon_eventid_1', 'sysmon_eventid_11', 'sysmon_eventid_13', 'windows_event_log_security_4688']);
  for (const rule of expected.rules) assert.ok(rule.cite.length > 10, `${rule.id} cites its source`);
  // Rules compile on first use: every one of them must compile.
  for (const rule of new CimMappings(expected).rules) assert.doesNotThrow(() => rule.compiled, rule.id);
  const catalogue = new CimCatalogue();
  for (const rule of expected.rules) {
    for (const dataset of rule.datasets) {
      const [model, name] = dataset.split('.');
      const ds = catalogue.dataset(model, name);
      assert.ok(ds, `${rule.id}: ${dataset} is a CIM dataset`);
      const known = new Set(catalogue.fieldsOf(ds).map((f) => f.name));
      for (const field of Object.keys(rule.fields)) {
        if (!/^[A-Z]/.test(field)) assert.ok(known.has(field) || ADDON_ONLY.has(field), `${rule.id}: ${field} is a ${dataset} field`);
      }
    }
  }
});

test('the Sysmon EventID 1 example_log maps to exact Endpoint.Processes fields', () => {
  const { log, source, sourcetype } = exampleLog('sysmon_eventid_1.yml');
  const [event] = parseLog(log, { source, sourcetype }).events;
  const record = cim.view('Endpoint.Processes').bind(event);
  assert.ok(record, 'EventID 1 is in Processes');
  const expected: Record<string, string> = {
    'Processes.dest': 'win-dc-6764986.attackrange.local',
    'Processes.user': 'ATTACKRANGE\\Administrator',
    'Processes.process': '"C:\\Windows\\system32\\cmd.exe" /c "reg save HKLM\\sam %%temp%%\\sam & reg save HKLM\\system %%temp%%\\system & reg save HKLM\\security %%temp%%\\security" ',
    'Processes.process_name': 'cmd.exe',
    'Processes.process_path': 'C:\\Windows\\System32\\cmd.exe',
    'Processes.process_id': '2296',
    'Processes.process_guid': '{96128EA2-F212-5F7E-E400-000000007F01}',
    'Processes.process_integrity_level': 'high',
    'Processes.process_current_directory': 'C:\\Users\\ADMINI~1\\AppData\\Local\\Temp\\',
    'Processes.original_file_name': 'Cmd.Exe',
    'Processes.parent_process_name': 'powershell.exe',
    'Processes.parent_process_path': 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    'Processes.parent_process_id': '4624',
    'Processes.parent_process_guid': '{96128EA2-F211-5F7E-DF00-000000007F01}',
    'Processes.process_hash': 'MD5=F4F684066175B77E0C3A000549D2922C,SHA256=935C1861DF1F4018D698E8B65ABFA02D7E9037D8F68CA3C2065B6CA165D44AD2,IMPHASH=3062ED732D4B25D1C64F084DAC97D37A',
    'Processes.loaded_file': 'unknown',
    'Processes.parent_user': 'unknown',
    'Processes.vendor_product': 'Microsoft Sysmon',
    'Processes.action': 'allowed',
  };
  for (const [name, value] of Object.entries(expected)) assert.equal(record.get(name), value, name);
  assert.match(String(record.get('Processes.parent_process')), /^"powershell.exe" -noninteractive -encodedcommand WwBDAG8A/);
  assert.equal(record.get('_time'), String(event.time));
  assert.equal(record.get('process_name'), 'cmd.exe', 'the bare name reads the same field');
  assert.equal(record.get('Processes.not_a_field'), undefined);
  const map = record.toMap();
  assert.equal(map.get('Processes.process_name'), 'cmd.exe');
  assert.equal(map.get('sourcetype'), 'xmlwineventlog');
});

test('calculated fields: a missing field reads "unknown", process_name falls back to the command line', () => {
  const log = [
    sysmonProcess({ ProcessId: '1' }),
    sysmonProcess({ CommandLine: '"C:\\Program Files\\My App\\my tool.exe" --run' }),
    sysmonProcess({ CommandLine: 'C:\\Windows\\foo.exe -a -b' }),
    sysmonProcess({ CommandLine: 'bar.exe' }),
    sysmonProcess({ ParentCommandLine: '"C:\\x\\parent.exe" /c', IntegrityLevel: 'System' }),
  ].join('');
  const view = cim.view('Endpoint.Processes');
  const records = parseLog(log).events.map((e) => view.bind(e)!);
  assert.equal(records.length, 5);
  for (const field of ['process', 'user', 'dest', 'parent_process', 'original_file_name', 'process_name', 'parent_process_name']) {
    const expected = field === 'dest' ? 'pc1' : 'unknown';
    assert.equal(records[0].get(`Processes.${field}`), expected, field);
  }
  assert.equal(records[1].get('Processes.process_name'), 'my tool.exe', 'quoted path');
  assert.equal(records[2].get('Processes.process_name'), 'foo.exe', 'unquoted path');
  assert.equal(records[3].get('Processes.process_name'), 'bar.exe', 'bare name');
  assert.equal(records[4].get('Processes.parent_process_name'), 'parent.exe');
  assert.equal(records[4].get('Processes.process_integrity_level'), 'system', 'lower-cased');
  assert.equal(records[4].get('Processes.process_path'), undefined, 'no calculation, no value');
});

test('membership comes from the mapping rules: the sample log sorted into datasets', () => {
  const log = readFileSync(resolve(root, 'samples/logs/msiexec_sysmon.log'));
  const events = parseLog(log, SYSMON).events;
  const membersOf = (datamodel: string): number[] => events.filter((e) => cim.view(datamodel).includes(e)).map((e) => e.line);
  assert.deepEqual(membersOf('Endpoint.Processes'), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(membersOf('Network_Traffic.All_Traffic'), [10]);
  assert.deepEqual(membersOf('Network_Traffic'), [10], 'a bare model is its root dataset');
  assert.deepEqual(membersOf('Endpoint.Filesystem'), [11]);
  assert.deepEqual(membersOf('Endpoint.Registry'), []);
  const traffic = cim.view('Network_Traffic.All_Traffic').bind(events[9])!;
  assert.equal(traffic.get('All_Traffic.dest'), '203.0.113.7');
  assert.equal(traffic.get('All_Traffic.dest_port'), '443');
  assert.equal(traffic.get('All_Traffic.transport'), 'tcp');
  assert.equal(traffic.get('All_Traffic.app'), 'msiexec.exe');
  const processes = cim.view('Endpoint.Processes');
  const renamed = processes.bind(events[7])!;
  assert.deepEqual([renamed.get('Processes.process_name'), renamed.get('Processes.original_file_name')], ['installer.exe', 'msiexec.exe']);
  const evasion = processes.bind(events[6])!;
  assert.equal(evasion.get('Processes.process'), 'msiexec.exe \u2013y C:\\Users\\bob\\AppData\\Local\\Temp\\payload.dll');
  // Without source/sourcetype the Windows Channel still identifies Sysmon.
  assert.deepEqual(parseLog(log).events.filter((e) => processes.includes(e)).map((e) => e.line), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  // An unrelated sourcetype and channel: nothing maps.
  const other = parseLog(log.toString().replace(/Microsoft-Windows-Sysmon\/Operational/g, 'Application'), { sourcetype: 'xmlwineventlog' }).events;
  assert.equal(other.filter((e) => processes.includes(e)).length, 0);
});

test('membership checks need no full extraction of Windows XML events', () => {
  const events = parseLog(readFileSync(resolve(root, 'samples/logs/msiexec_sysmon.log')), SYSMON).events;
  const registry = cim.view('Endpoint.Registry');
  assert.equal(events.filter((e) => registry.includes(e)).length, 0);
  assert.ok(events.every((e) => !e.isExtracted), 'EventCode was probed, not extracted');
});

test('source and sourcetype match case-insensitively (the corpus spells xmlwineventlog both ways)', () => {
  const crowdstrike = exampleLog('crowdstrike_processrollup2.yml');
  const view = cim.view('Endpoint.Processes');
  for (const sourcetype of ['crowdstrike:events:sensor', 'CrowdStrike:Events:Sensor']) {
    const [event] = parseLog(crowdstrike.log, { sourcetype }).events;
    const record = view.bind(event);
    assert.ok(record, sourcetype);
    assert.equal(record.get('Processes.process_name'), 'powershell.exe');
    assert.equal(record.get('Processes.parent_process_name'), 'explorer.exe');
  }
  const [untagged] = parseLog(crowdstrike.log, { sourcetype: 'json' }).events;
  assert.equal(view.includes(untagged), false, 'a JSON event of no known sourcetype maps nowhere');
});

test('Windows Security 4688 and 4624 example logs map through the supplement', () => {
  const p = exampleLog('windows_event_log_security_4688.yml');
  const [proc] = parseLog(p.log, { source: p.source, sourcetype: p.sourcetype }).events;
  const record = cim.view('Endpoint.Processes').bind(proc)!;
  assert.equal(record.get('Processes.process_name'), 'splunk-powershell.exe');
  assert.equal(record.get('Processes.parent_process_name'), 'splunkd.exe');
  assert.equal(record.get('Processes.process_id'), '0xf84');
  assert.equal(record.get('Processes.parent_process_id'), '0xb2c');
  assert.equal(record.get('Processes.process_integrity_level'), 'system');
  assert.match(String(record.get('Processes.process')), /splunk-powershell\.exe/);
  const a = exampleLog('windows_event_log_security_4624.yml');
  const [logon] = parseLog(a.log, { source: a.source, sourcetype: a.sourcetype }).events;
  const auth = cim.view('Authentication.Authentication').bind(logon)!;
  assert.deepEqual([auth.get('Authentication.action'), auth.get('Authentication.user'), auth.get('Authentication.src')], ['success', 'ELMER_SALAS', '10.0.1.16']);
  assert.equal(cim.mappings.searchFields(logon).get('Logon_Type'), '3', 'raw searches see the add-on alias');
});

test('search-time fields: raw fields plus add-on fields, for searches on raw events', () => {
  const { log, source, sourcetype } = exampleLog('sysmon_eventid_1.yml');
  const [event] = parseLog(log, { source, sourcetype }).events;
  const fields = cim.mappings.searchFields(event);
  assert.equal(fields.get('Image'), 'C:\\Windows\\System32\\cmd.exe');
  assert.equal(fields.get('process_name'), 'cmd.exe');
  assert.equal(fields.get('dest'), 'win-dc-6764986.attackrange.local');
  assert.equal(fields.get('signature_id'), '1');
  // The fields the data source lists (Splunk's add-ons give them): the listed-fields rule, then the CIM rule over it.
  assert.deepEqual(cim.mappings.rulesFor(event).map((r) => r.id), ['sysmon_common', 'sysmon_eventid_1_listed_fields', 'sysmon_eventid_1']);
  assert.deepEqual(
    ['EventDescription', 'signature', 'RecordNumber', 'MD5', 'IMPHASH', 'dvc_nt_host', 'process_integrity_level'].map((name) => fields.get(name)),
    ['Process Create', 'Process Create', '4522', 'F4F684066175B77E0C3A000549D2922C', '3062ED732D4B25D1C64F084DAC97D37A', 'win-dc-6764986.attackrange.local', 'high'],
  );
});

test('Web fields: "-" reads unknown, Rex calculations with a known input, lengths', () => {
  const line = 'src="198.51.100.1" server="www.example.com" status="-" http_method="POST" uri_path="http://evil.example.com:8080/x" http_user_agent="curl/7.58.0"\n';
  const [event] = parseLog(line, { sourcetype: 'nginx:plus:kv' }).events;
  const web = cim.view('Web.Web').bind(event)!;
  assert.equal(web.get('Web.status'), 'unknown');
  assert.equal(web.get('Web.url'), 'http://evil.example.com:8080/x');
  assert.equal(web.get('Web.url_domain'), 'evil.example.com');
  assert.equal(web.get('Web.url_length'), '30');
  assert.equal(web.get('Web.http_user_agent_length'), '11');
  assert.equal(web.get('Web.dest'), 'www.example.com');
  assert.equal(web.get('Web.http_referrer'), 'unknown');
});

test('an unsupported calculation fails clearly when read, and is listed up front', () => {
  const data: CimMappingsData = {
    source: 'test',
    rexInputs: {},
    rules: [{ id: 'malware', name: 'test', origin: 'supplement', cite: 'test', match: { sources: ['av'], sourcetypes: [], channels: [] }, datasets: ['Malware.Malware_Attacks'], fields: { signature: 'sig' } }],
  };
  const engine = new CimEngine(new CimCatalogue(), new CimMappings(data));
  const view = engine.view('Malware.Malware_Attacks');
  assert.deepEqual(view.unsupported.map((u) => u.field), ['date']);
  const [event] = parseLog('sig=Trojan.X host=pc\n', { source: 'av' }).events;
  const record = view.bind(event)!;
  assert.equal(record.get('Malware_Attacks.signature'), 'Trojan.X');
  assert.throws(() => record.get('Malware_Attacks.date'), (e: unknown) => e instanceof UnsupportedCalculationError && /strftime\(\) is not supported/.test(e.message) && /Malware\.Malware_Attacks\.date/.test(e.message));
  assert.throws(() => engine.view('Nope.Nothing'), /unknown data model dataset Nope.Nothing/);
});

test('child datasets: membership in Change.Account_Management implies Change.All_Changes', () => {
  const event = `<Event><System><EventID>4720</EventID><TimeCreated SystemTime='2024-02-21T18:02:22Z'/><Channel>Security</Channel><Computer>dc1</Computer></System><EventData><Data Name='TargetUserName'>svc_x</Data><Data Name='SubjectUserName'>admin</Data></EventData></Event>\n`;
  const [e] = parseLog(event, { source: 'XmlWinEventLog:Security', sourcetype: 'XmlWinEventLog' }).events;
  const account = cim.view('Change.Account_Management').bind(e)!;
  assert.equal(account.get('Account_Management.src_user'), 'admin');
  assert.equal(account.get('All_Changes.Account_Management.src_user'), 'admin');
  assert.equal(account.get('All_Changes.user'), 'svc_x', 'inherited field under the parent prefix');
  assert.equal(account.get('All_Changes.result_id'), '4720', 'calculated: result_id falls back to signature_id');
  const all = cim.view('Change').bind(e)!;
  assert.equal(all.get('All_Changes.action'), 'created');
  assert.equal(cim.view('Endpoint.Processes').includes(e), false);
});
