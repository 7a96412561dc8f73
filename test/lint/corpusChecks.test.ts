// The switch, escape, wildcard and case rules (SPL104, SPL107, SPL109-SPL111) and the regex, catalogue,
// CIM, field-flow and filter macro rules (SPL120-SPL150) over the security_content corpus: the true
// findings of the hand triage (docs/corpus-findings.md, "## Lint") at file, line and column, and every
// finding of these rules listed in corpus-checks.golden.txt (regenerate with UPDATE_GOLDEN=1), so a new
// finding or a lost one shows up as a diff to triage. SPL121 (a note on ~190 PCRE spellings) and
// SPL151 (required_fields, ~2,300) are only counted, by corpus.test.ts. The rules about a whole
// detection document (SPL152-SPL162) have their own corpus test: test/detection/corpus.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { rules } from '../../server/src/lint/registry';
import type { RuleSetting } from '../../server/src/lint/config';
import { LineIndex } from '../../server/src/text/lineIndex';
import { Project } from '../../server/src/workspace/project';
import { corpusPath } from '../../scripts/corpus/locate.mjs';

const corpus = corpusPath('security_content');
const golden = join(__dirname, 'corpus-checks.golden.txt');
const LISTED = ['SPL104', 'SPL107', 'SPL109', 'SPL110', 'SPL111', 'SPL120', 'SPL122', 'SPL130', 'SPL131', 'SPL132', 'SPL140', 'SPL141', 'SPL150'];

const project = Project.load([corpus]);
const settings: Record<string, RuleSetting> = {};
for (const rule of rules) if (!LISTED.includes(rule.meta.id)) settings[rule.meta.id] = 'off';
project.setLintConfig({ rules: settings });

const lines: string[] = [];
for (const document of project.documents()) {
  const analysis = project.analyze(document.path)!;
  const index = new LineIndex(document.text);
  for (const d of analysis.diagnostics) {
    if (!LISTED.includes(d.code)) continue;
    const p = index.positionAt(d.span.start);
    const text = document.text.slice(d.span.start, d.span.end).replace(/\s+/g, ' ');
    lines.push(`${d.code} ${d.severity} ${relative(corpus, document.path)}:${p.line + 1}:${p.character + 1} ${text}`);
  }
}
lines.sort();

const at = (code: string, file: string) =>
  lines.filter((l) => l.startsWith(`${code} `) && l.includes(` ${file}:`)).map((l) => l.slice(l.indexOf(file) + file.length + 1));

test('SPL109: a single switch value of a program known to take the other forms (schtasks, wmic, powershell code)', () => {
  assert.deepEqual(at('SPL109', 'detections/endpoint/schtasks_run_task_on_demand.yml'), ['13:286 "*/run*"']);
  assert.deepEqual(at('SPL109', 'detections/endpoint/wmic_xsl_execution_via_url.yml'), ['13:227 "*/format:*"']);
  const powershell = lines.filter((l) => l.includes(' detections/endpoint/remote_process_instantiation_via_wmi_and_powershell.yml:'));
  assert.ok(powershell.length === 3 && powershell.every((l) => l.startsWith('SPL109 information ')), 'cmdlet parameters: the dashes only');
  assert.deepEqual(at('SPL104', 'detections/endpoint/windows_msiexec_dllregisterserver.yml'), [], 'msiexec takes / and - only');
});

test('SPL110: doubled wildcards and a backslash before a wildcard', () => {
  assert.deepEqual(at('SPL110', 'detections/endpoint/serviceprincipalnames_discovery_with_setspn.yml'), ['13:269 "**/**"']);
  assert.deepEqual(at('SPL110', 'detections/endpoint/linux_mysql_privilege_escalation.yml'), ['11:198 "*\\!**"']);
  assert.deepEqual(at('SPL110', 'detections/endpoint/windows_driver_load_non_standard_path.yml'), ['11:171 "system32\\*"']);
});

test('SPL111: case-sensitive comparisons of Windows names, and lower() compared with upper-case letters', () => {
  assert.deepEqual(at('SPL111', 'detections/endpoint/excessive_number_of_taskhost_processes.yml'), ['13:439 "taskhost.exe"', '13:513 "taskhostex.exe"']);
  assert.equal(at('SPL111', 'detections/endpoint/windows_remote_access_software_brc4_loaded_dll.yml').length, 4);
  assert.deepEqual(at('SPL111', 'detections/web/exploit_public_facing_application_via_apache_commons_text.yml'), ['11:593 "%getRuntime%"']);
});

test('SPL140: Processes.orig_process_name in windows_network_share_interaction_with_net (not in the CIM Processes dataset)', () => {
  assert.deepEqual(at('SPL140', 'detections/endpoint/windows_network_share_interaction_with_net.yml'), [
    '11:312 Processes.orig_process_name',
    '11:353 Processes.orig_process_name',
  ]);
  assert.deepEqual(at('SPL140', 'detections/endpoint/process_creating_lnk_file_in_suspicious_location.yml'), ['11:713 Processes.path']);
});

test('SPL141: fields read after stats/tstats/fields that nothing produces', () => {
  assert.deepEqual(at('SPL141', 'detections/endpoint/detect_exchange_web_shell.yml'), ['11:262 process_guid']);
  assert.deepEqual(at('SPL141', 'detections/endpoint/windows_identify_powershell_web_access_iis_pool.yml'), ['23:14 TargetServerName']);
  assert.deepEqual(at('SPL141', 'detections/application/windows_ad_object_owner_updated.yml'), ['11:917 new_owner_group']);
});

test('SPL122: unescaped dots of file names in match() and rex', () => {
  assert.deepEqual(at('SPL122', 'detections/endpoint/windows_remote_access_software_brc4_loaded_dll.yml'), ['11:292 .', '11:330 .', '11:367 .', '11:405 .']);
  assert.deepEqual(at('SPL122', 'detections/web/connectwise_screenconnect_authentication_bypass.yml'), ['11:319 .']);
});

test('no corpus regex is invalid, no command, function or argument count is unknown, every detection has its filter', () => {
  const errors = lines.filter((l) => / (error|warning) /.test(l) && /^SPL1(20|31|32) |^SPL150 warning/.test(l));
  assert.deepEqual(errors, []);
});

test('every finding of these rules on the corpus is the recorded one', () => {
  const actual = lines.join('\n') + '\n';
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, actual);
  assert.ok(existsSync(golden), 'missing golden: run UPDATE_GOLDEN=1 node test/run.mjs test/lint/corpusChecks');
  assert.equal(actual, readFileSync(golden, 'utf8'));
});
