// Two corpus detections whose search holds a subsearch as a search term, run as shipped through
// runDetection on Sysmon events made from the sample log's: suspicious_reg_exe_process keeps the
// cmd.exe rows whose process_id is the parent of a reg.exe (`search [| tstats ... | table process_id
// dest]`), suspicious_linux_discovery_commands filters tstats with `where [| inputlookup ...]`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runDetection } from '../../../server/src/engine/eval/runDetection';
import { Project } from '../../../server/src/workspace/project';
import { corpusPath } from '../../../scripts/corpus/locate.mjs';

const root = resolve(__dirname, '../../..');
const corpus = corpusPath('security_content');
const sampleLines = readFileSync(resolve(root, 'samples/logs/msiexec_sysmon.log'), 'utf8').split('\n');
const SYSMON = { source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', sourcetype: 'xmlwineventlog', index: 'main' };

/** A Sysmon process creation from the sample's xcopy event (line 9) with another process and parent. */
function processEvent(image: string, pid: number, parentImage: string, parentPid: number, commandLine: string): string {
  return sampleLines[8]
    .replace("<Data Name='ParentImage'>C:\\Windows\\System32\\cmd.exe<", `<Data Name='ParentImage'>${parentImage}<`)
    .replace("<Data Name='ProcessId'>4108<", `<Data Name='ProcessId'>${pid}<`)
    .replace('C:\\Windows\\System32\\xcopy.exe', image)
    .replace("<Data Name='OriginalFileName'>XCOPY.EXE<", `<Data Name='OriginalFileName'>${image.split('\\').pop()}<`)
    .replace('xcopy.exe /y C:\\src C:\\dst', commandLine)
    .replace("<Data Name='ParentProcessId'>4100<", `<Data Name='ParentProcessId'>${parentPid}<`);
}

function writeLog(t: { after(fn: () => void): void }, lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'spl-corpus-subsearch-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'sysmon.log');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

function detection(project: Project, name: string): string {
  const found = project.documents().find((d) => d.kind === 'detection' && d.path.endsWith(`/${name}.yml`));
  assert.ok(found, name);
  return found.path;
}

test('suspicious_reg_exe_process: the cmd.exe (not from explorer) that started reg.exe, through its search [| tstats ...]', async (t) => {
  const log = writeLog(t, [
    processEvent('C:\\Windows\\System32\\cmd.exe', 5100, 'C:\\Windows\\System32\\services.exe', 600, 'cmd.exe /c reg query HKLM'), // 1: hit
    processEvent('C:\\Windows\\System32\\reg.exe', 5101, 'C:\\Windows\\System32\\cmd.exe', 5100, 'reg query HKLM'), // 2
    processEvent('C:\\Windows\\System32\\cmd.exe', 5200, 'C:\\Windows\\System32\\services.exe', 600, 'cmd.exe /c dir'), // 3: no reg.exe child
    processEvent('C:\\Windows\\System32\\cmd.exe', 5300, 'C:\\Windows\\explorer.exe', 3000, 'cmd.exe'), // 4: from explorer
    processEvent('C:\\Windows\\System32\\reg.exe', 5301, 'C:\\Windows\\System32\\cmd.exe', 5300, 'reg query HKCU'), // 5
  ]);
  const project = Project.load([corpus]);
  const run = await runDetection({ project, path: detection(project, 'suspicious_reg_exe_process'), log, metadata: SYSMON, explain: true, now: 1_700_000_000 });
  assert.equal(run.ok, true, JSON.stringify(run.problems));
  assert.deepEqual(run.results.map((r) => [r.fields.process_id, r.fields.parent_process_name, r.events]), [['5100', 'services.exe', [1]]]);
  // The subsearch is one clause of the search command, counted at its brackets in the YAML file.
  const clause = run.explain.find((e) => e.predicate === 'subsearch');
  assert.ok(clause, run.explain.map((e) => e.label).join(', '));
  const text = readFileSync(detection(project, 'suspicious_reg_exe_process'), 'utf8');
  assert.match(text.slice(clause.span.start, clause.span.end), /^\[\| tstats `security_content_summariesonly` count FROM datamodel=Endpoint.Processes where Processes.parent_process_name=cmd.exe/);
  assert.deepEqual([clause.evaluated, clause.count], [2, 1]);
});

test('suspicious_linux_discovery_commands: tstats where [| inputlookup linux_tool_discovery_process.csv ...] keeps only listed commands', async (t) => {
  // Process creations whose command lines are (1, 2) and are not (3) in the lookup.
  const lines = ['cat /etc/passwd', 'uname -a', 'notepad.exe'].map((cmd, i) => processEvent('C:\\Windows\\System32\\sh.exe', 7000 + i, 'C:\\Windows\\System32\\bash.exe', 6999, cmd));
  const log = writeLog(t, lines);
  const project = Project.load([corpus]);
  const path = detection(project, 'suspicious_linux_discovery_commands');
  const run = await runDetection({ project, path, log, metadata: SYSMON, explain: true, now: 1_700_000_000 });
  assert.equal(run.ok, true, JSON.stringify(run.problems));
  // Its own threshold (more than 40 distinct commands) keeps no row; the clause counts say what matched.
  assert.deepEqual(run.results, []);
  const clause = run.explain.find((e) => e.predicate === 'subsearch');
  assert.ok(clause);
  assert.deepEqual([clause.evaluated, clause.count], [3, 2]);
});
