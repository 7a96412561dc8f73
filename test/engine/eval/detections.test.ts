// The msiexec detections of samples/ on samples/logs/msiexec_sysmon.log through runDetection: rows
// and their events as samples/README.md expects, explain counts at their places in the YAML file,
// the fast path, and tstats rules on the real CIM mapping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Project } from '../../../server/src/workspace/project';
import { runDetection, type DetectionRun } from '../../../server/src/engine/eval/runDetection';
import { describeClauses, describeRequirement, requiredLiterals, requiredWords } from '../../../server/src/engine/eval/fastPath';
import { CimEngineProvider } from '../../../server/src/engine/eval/cimView';
import { parseSpl } from '../../../server/src/spl/parser';
import { parseLog } from '../../../server/src/engine/readers/pipeline';
import { run } from './support';

const samples = resolve(__dirname, '../../../samples');
const log = join(samples, 'logs/msiexec_sysmon.log');
const dllregister = join(samples, 'detections/endpoint/windows_msiexec_dllregisterserver.yml');
const unregister = join(samples, 'detections/endpoint/windows_msiexec_unregister_dllregisterserver.yml');

function project(): Project {
  return Project.load([samples]);
}

async function detect(path: string, explain = false, extra: Partial<Parameters<typeof runDetection>[0]> = {}): Promise<DetectionRun> {
  return runDetection({ project: project(), path, log, explain, now: 1_700_000_000, ...extra });
}

test('windows_msiexec_dllregisterserver hits lines 2, 5 (upper-case /Y) and 6, not 7 (Unicode dash)', async () => {
  const result = await detect(dllregister);
  assert.equal(result.ok, true, JSON.stringify(result.problems));
  const byLine = new Map(result.results.map((r) => [r.events.join(','), r.fields]));
  assert.deepEqual([...byLine.keys()].sort(), ['2', '5', '6']);
  assert.deepEqual(byLine.get('5'), {
    count: '1',
    firstTime: '2024-05-02T10:18:45',
    lastTime: '2024-05-02T10:18:45',
    dest: 'win-dc-6764986.attackrange.local',
    user: 'ATTACKRANGE\\bob',
    parent_process_name: 'cmd.exe',
    process_name: 'msiexec.exe',
    original_file_name: 'msiexec.exe',
    process: 'MSIEXEC.EXE /Y C:\\Users\\bob\\AppData\\Local\\Temp\\payload.dll',
    process_id: '4104',
    parent_process_id: '4100',
  });
  assert.equal(byLine.get('6')!.parent_process_name, 'explorer.exe');
  assert.deepEqual(result.metadata, { index: 'main', source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', sourcetype: 'xmlwineventlog' });
  assert.equal(result.stats.eventsUnparsed, 0);
});

test('windows_msiexec_unregister_dllregisterserver hits lines 3 and 8 (renamed msiexec via original_file_name)', async () => {
  const result = await detect(unregister);
  assert.equal(result.ok, true);
  assert.deepEqual(result.results.map((r) => r.events).sort(), [[3], [8]]);
  const renamed = result.results.find((r) => r.events[0] === 8)!;
  assert.equal(renamed.fields.process_name, 'installer.exe');
  assert.equal(renamed.fields.original_file_name, 'msiexec.exe');
});

function entry(result: DetectionRun, label: string) {
  const found = result.explain.find((e) => e.label === label);
  assert.ok(found, `no explain entry ${label}: ${result.explain.map((e) => e.label).join(', ')}`);
  return found!;
}

test('explain: per-clause counts at their positions in the YAML file; macro clauses at the call site', async () => {
  const result = await detect(dllregister, true);
  const text = readFileSync(dllregister, 'utf8');
  const slash = entry(result, 'Processes.process="*/y*"');
  const dash = entry(result, 'Processes.process="*-y*"');
  // Among the 9 Endpoint.Processes events: /y in lines 1, 2, 5 (/Y) and 9; -y only in line 6's path.
  assert.deepEqual([slash.count, slash.evaluated], [4, 9]);
  assert.deepEqual([dash.count, dash.evaluated], [1, 9]);
  assert.equal(text.slice(slash.span.start, slash.span.end), '"*/y*"');
  assert.equal(text.slice(dash.span.start, dash.span.end), '"*-y*"');
  assert.equal(slash.exact, true);
  const line = text.split('\n').findIndex((l) => l.startsWith('search:'));
  assert.equal(slash.range.start.line, line);

  const name = entry(result, 'Processes.process_name=msiexec.exe');
  const original = entry(result, 'Processes.original_file_name=msiexec.exe');
  // process_name is msiexec.exe in lines 2-7 (6 events); original_file_name also in line 8 (7).
  assert.deepEqual([name.count, original.count], [6, 7]);
  for (const e of [name, original]) {
    assert.equal(e.exact, false);
    assert.equal(text.slice(e.span.start, e.span.end), '`process_msiexec`');
    assert.equal(e.related?.[0]?.file, join(samples, 'macros/process_msiexec.yml'));
  }
  const macroText = readFileSync(join(samples, 'macros/process_msiexec.yml'), 'utf8');
  const nameRelated = name.related![0].span;
  assert.equal(macroText.slice(nameRelated.start, nameRelated.end), 'Processes.process_name=msiexec.exe');

  const dataset = entry(result, 'datamodel=Endpoint.Processes');
  assert.deepEqual([dataset.count, dataset.evaluated], [9, 11]);
  const stages = result.explain.filter((e) => e.kind === 'stage').map((e) => [e.command, e.rowsIn, e.rowsOut]);
  assert.deepEqual(stages, [['tstats', 11, 3], ['rename', 3, 3], ['convert', 3, 3], ['convert', 3, 3], ['search', 3, 3]]);
});

test('fast path: msiexec.exe is required (every way to process_name/original_file_name keeps raw text); explain turns it off', async () => {
  const fast = await detect(dllregister);
  assert.deepEqual(fast.stats.requiredLiterals, [['msiexec.exe']]);
  assert.equal(fast.stats.eventsFiltered, 1, 'line 9 (xcopy) has no msiexec.exe');
  const exact = await detect(dllregister, true);
  assert.deepEqual(exact.stats.requiredLiterals, []);
  assert.equal(exact.stats.eventsFiltered, 0);
  assert.deepEqual(exact.results.map((r) => r.events), fast.results.map((r) => r.events));
});

test('fast path derivation: AND adds clauses; OR and IN make one clause of alternatives; NOT, metadata and constants give none', () => {
  const cim = new CimEngineProvider();
  const literals = (spl: string) => requiredLiterals(parseSpl(spl).ast.stages[0], cim);
  assert.deepEqual(literals('search powershell.exe -enc'), [['-enc'], ['powershell.exe']]);
  assert.deepEqual(literals('search (Image=*cmd.exe OR Image=*powershell.exe) CommandLine=*whoami*'), [['cmd.exe', 'powershell.exe'], ['whoami']]);
  assert.deepEqual(literals('search Image IN ("*\\cmd.exe", "*\\pwsh.exe") x=abc'), [['abc'], ['cmd.exe', 'pwsh.exe']]);
  // An alternative holding another alternative adds nothing: any text with powershell.exe has shell.exe.
  assert.deepEqual(literals('search Image=*powershell.exe OR Image=*shell.exe'), [['shell.exe']]);
  // (a AND b) OR c requires (a OR c) AND (b OR c).
  assert.deepEqual(literals('search (aaa bbb) OR ccc'), [['aaa', 'ccc'], ['bbb', 'ccc']]);
  // A clause implied by a stricter one goes: [whoami] makes [cmd.exe, whoami] redundant.
  assert.deepEqual(literals('search whoami (cmd.exe OR whoami)'), [['whoami']]);
  // A branch without any requirement leaves the OR without one.
  assert.deepEqual(literals('search (Image=*cmd.exe OR EventCode=1) CommandLine=*whoami*'), [['whoami']]);
  assert.deepEqual(literals('search NOT foo.exe'), []);
  assert.deepEqual(literals('search NOT (foo.exe OR bar.exe)'), []);
  assert.deepEqual(literals('search sourcetype=xmlwineventlog host=abc'), []);
  assert.deepEqual(literals('search sourcetype=abc OR host=abc'), []);
  assert.deepEqual(literals('| tstats count from datamodel=Endpoint.Processes where Processes.process_name=cmd.exe'), [['cmd.exe']]);
  assert.deepEqual(
    literals('| tstats count from datamodel=Endpoint.Processes where (Processes.process_name=cmd.exe OR Processes.original_file_name=cmd.exe OR Processes.process_name=pwsh.exe) Processes.process="* /c *"'),
    [['cmd.exe', 'pwsh.exe']],
  );
  // "unknown" is what the data model gives a missing user: never required of the raw text.
  assert.deepEqual(literals('| tstats count from datamodel=Endpoint.Processes where Processes.user=unknown'), []);
  assert.deepEqual(literals('| tstats count from datamodel=Endpoint.Processes where Processes.user=unknown OR Processes.process_name=cmd.exe'), []);
  assert.deepEqual(literals('| tstats count from datamodel=Endpoint.Processes where Processes.action=allowed'), []);
  assert.deepEqual(literals('| tstats count from datamodel=Endpoint.Processes where Processes.dest=*abc*'), [['abc']]);
  assert.deepEqual(literals('| tstats count from datamodel=Endpoint.Processes where Processes.vendor_product=*sysmon*'), []);
});

test('fast path words: top-level tests of values too short for a literal require whole words', () => {
  const cim = new CimEngineProvider();
  const words = (spl: string) => requiredWords(parseSpl(spl).ast.stages[0], cim);
  assert.deepEqual(words('search source=x EventID=20 | stats count'), [['20']]);
  assert.deepEqual(words('search EventCode IN (3, 22) Image=*cmd.exe'), [['22', '3']]);
  assert.deepEqual(words('search (EventCode=1 OR EventCode="A1") x=1'), [['1', 'a1'], ['1']]);
  // Not a plain short value on an extracted field, or not required of every match: no word.
  assert.deepEqual(words('search EventCode=4688 EventCode=2* NOT EventID=7 x!=1 linecount=1 host=ab _time=1'), []);
  assert.deepEqual(words('search EventCode=1 OR Image=*cmd.exe'), []);
  assert.deepEqual(words('search (EventCode=1 Image=x) OR EventCode=3'), [], 'an AND inside an OR is not looked into');
  assert.deepEqual(words('| tstats count from datamodel=Endpoint.Processes where Processes.process_id=1'), [], 'tstats: none');
  assert.equal(describeRequirement([['msiexec.exe']], [['20'], ['1', '3']]), 'msiexec.exe and the word 20 and one of the words (1, 3)');
});

test('the fast path requirement in words, as spl-detect run prints it', () => {
  assert.equal(describeClauses([['msiexec.exe']]), 'msiexec.exe');
  assert.equal(describeClauses([['-ex', 'bypass'], ['pwsh.exe', 'sqlps.exe'], ['abc']]), 'one of (-ex, bypass) and one of (pwsh.exe, sqlps.exe) and abc');
  // However many and however long the literals, the summary names three of a clause, each an excerpt.
  const many = Array.from({ length: 32 }, (_, i) => `literal${i}${'x'.repeat(i * 10)}`);
  assert.equal(describeClauses([many]), `one of (literal0, literal1xxxxxxxxxx, literal2xxxxxxxxxxxxxxxxxxxx and 29 more)`);
  assert.equal(describeClauses([['y'.repeat(100)]]), `${'y'.repeat(37)}...`);
});

test('fast path derivation stays bounded: at most 8 clauses of at most 32 alternatives', () => {
  const cim = new CimEngineProvider();
  const literals = (spl: string) => requiredLiterals(parseSpl(spl).ast.stages[0], cim);
  const terms = Array.from({ length: 20 }, (_, i) => `term${String(i).padStart(2, '0')}`);
  assert.equal(literals(`search ${terms.join(' ')}`).length, 8);
  const wide = Array.from({ length: 40 }, (_, i) => `x=alt${i}z`).join(' OR ');
  assert.deepEqual(literals(`search (${wide}) keep`), [['keep']]);
  // 12 ORs of 12 ANDed terms would distribute into 12^12 clauses.
  const nested = Array.from({ length: 12 }, (_, i) => `(${Array.from({ length: 12 }, (_, j) => `t${i}x${j}`).join(' ')})`).join(' OR ');
  const bounded = literals(`search ${nested}`);
  assert.ok(bounded.length > 0 && bounded.length <= 8 && bounded.every((clause) => clause.length === 12));
});

const sysmonEvents = () =>
  parseLog(readFileSync(log), { source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', sourcetype: 'xmlwineventlog', index: 'main' }).events;

test('tstats: a null by-field drops the row unless fillnull_value is set (security_content sets the string "null")', async () => {
  const base = '| tstats count from datamodel=Endpoint.Processes where Processes.process_name=msiexec.exe by Processes.mem_used';
  const dropped = await run(base, sysmonEvents(), { cim: true });
  assert.deepEqual(dropped.table, []);
  const filled = await run(base.replace('tstats', 'tstats summariesonly=false allow_old_summaries=true fillnull_value=null'), sysmonEvents(), { cim: true });
  assert.deepEqual(filled.table, [{ 'Processes.mem_used': 'null', count: '6' }]);
  assert.deepEqual(filled.lines, [[2, 3, 4, 5, 6, 7]]);
});

test('tstats: aggregations over the dataset, dotted by-fields kept, values() sorted', async () => {
  const outcome = await run(
    '| tstats count dc(Processes.process_name) as names values(Processes.parent_process_name) as parents min(_time) as first max(_time) as last earliest(Processes.process_id) as e latest(Processes.process_id) as l from datamodel=Endpoint.Processes by Processes.user',
    sysmonEvents(),
    { cim: true },
  );
  assert.equal(outcome.error, undefined);
  assert.equal(outcome.table.length, 1);
  const row = outcome.table[0];
  assert.equal(row['Processes.user'], 'ATTACKRANGE\\bob');
  assert.equal(row.count, '9');
  assert.deepEqual(row.parents, ['cmd.exe', 'explorer.exe']);
  assert.ok(Number(row.first) < Number(row.last));
  assert.deepEqual(outcome.lines, [[1, 2, 3, 4, 5, 6, 7, 8, 9]]);
});

test('tstats: by _time span=1h buckets the event times', async () => {
  const outcome = await run('| tstats count from datamodel=Endpoint.Processes by _time span=1h', sysmonEvents(), { cim: true });
  assert.deepEqual(outcome.table, [{ _time: String(Date.UTC(2024, 4, 2, 10) / 1000), count: '9' }]);
});

test('tstats over data the CIM mapping does not cover warns RUN009, naming the data source and what the mapping covers', async () => {
  const okta = parseLog(`${JSON.stringify({ eventType: 'user.authentication.auth_via_mfa', outcome: { result: 'FAILURE' } })}\n`, {
    format: 'json', source: 'okta_log', sourcetype: 'OktaIM2:log', index: 'main',
  }).events;
  const spl = '| tstats count from datamodel=Authentication where Authentication.action=failure by Authentication.user';
  const outcome = await run(spl, okta, { cim: true });
  assert.deepEqual(outcome.table, []);
  assert.deepEqual(
    outcome.warnings.map((w) => [w.code, spl.slice(w.span.start, w.span.end), w.message]),
    [[
      'RUN009',
      'datamodel=Authentication',
      'none of the 1 event(s) can belong to Authentication.Authentication: the CIM mapping has no rule that puts data of ' +
        'sourcetype=OktaIM2:log source=okta_log in it, so tstats counts nothing (the mapping covers Channel=Security, ' +
        'source=WinEventLog:Security, source=XmlWinEventLog:Security; docs/semantics.md, "CIM mapping")',
    ]],
  );
  // Sysmon data the mapping covers: no event is a registry change here, which is no mapping gap.
  const registry = await run('| tstats count from datamodel=Endpoint.Registry by Registry.dest', sysmonEvents(), { cim: true });
  assert.deepEqual([registry.table, registry.warnings], [[], []]);
  // A log with members and unmapped events: the results stand, no warning.
  const mixed = await run('| tstats count from datamodel=Endpoint.Processes', [...okta, ...sysmonEvents()], { cim: true });
  assert.deepEqual([mixed.table, mixed.warnings], [[{ count: '9' }], []]);
});

test('tstats: an unknown data model fails at the datamodel= option', async () => {
  const spl = '| tstats count from datamodel=Nope.Nothing';
  const outcome = await run(spl, sysmonEvents(), { cim: true });
  assert.equal(outcome.error?.code, 'RUN004');
  assert.equal(spl.slice(outcome.error!.span.start, outcome.error!.span.end), 'datamodel=Nope.Nothing');
});

test('an unsupported command in a detection is reported at its position in the file', async () => {
  const p = project();
  const path = join(samples, 'detections/endpoint/test_unsupported.yml');
  const text = "name: Test Unsupported\nsearch: '| tstats count from datamodel=Endpoint.Processes by Processes.dest | `drop_dm_object_name(Processes)` | transpose 3'\n";
  p.upsert(path, text);
  const result = await runDetection({ project: p, path, log });
  assert.equal(result.ok, false);
  const problem = result.problems.find((x) => x.code === 'RUN001');
  assert.ok(problem, JSON.stringify(result.problems));
  assert.match(problem!.message, /'transpose'/);
  assert.equal(text.slice(problem!.span.start, problem!.span.end), 'transpose');
  assert.equal(problem!.range.start.line, 1);
});

test('cancellation through runDetection ends the run without results', async () => {
  const controller = new AbortController();
  controller.abort();
  const result = await detect(dllregister, false, { signal: controller.signal });
  assert.equal(result.ok, false);
  assert.equal(result.stats.cancelled, true);
  assert.deepEqual(result.results, []);
});

test('maxEvents bounds the run and says so', async () => {
  const result = await detect(dllregister, true, { limits: { maxEvents: 3 } });
  assert.equal(result.ok, true);
  assert.ok(result.problems.some((p) => p.code === 'RUN006' && /maxEvents/.test(p.message)));
  assert.deepEqual(result.results.map((r) => r.events), [[2]]);
});
