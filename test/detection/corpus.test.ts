// The rules about a whole detection document (SPL152-SPL162) over the 1,613 active detections of
// security_content (`detections/` less `deprecated/`), with the repository's data_sources/ and
// stories/: the counts per rule and severity (corpus-counts.golden.json), every finding but the
// SPL157 hints listed in corpus-findings.golden.txt (a new or lost finding shows as a diff to triage in
// docs/corpus-findings.md; regenerate with UPDATE_GOLDEN=1), and the true findings the issue names at
// file, line and column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { rules } from '../../server/src/lint/registry';
import type { RuleSetting } from '../../server/src/lint/config';
import { LineIndex } from '../../server/src/text/lineIndex';
import type { Diagnostic } from '../../server/src/text/diagnostic';
import { Project } from '../../server/src/workspace/project';
import { applyFix } from '../lint/lintHarness';
import { corpusPath } from '../../scripts/corpus/locate.mjs';

const corpus = corpusPath('security_content');
const DOCUMENT_RULES = ['SPL152', 'SPL153', 'SPL154', 'SPL155', 'SPL156', 'SPL157', 'SPL158', 'SPL159', 'SPL160', 'SPL161', 'SPL162'];
const countsGolden = join(__dirname, 'corpus-counts.golden.json');
const findingsGolden = join(__dirname, 'corpus-findings.golden.txt');

const project = Project.load([corpus]);
const settings: Record<string, RuleSetting> = {};
for (const rule of rules) if (!DOCUMENT_RULES.includes(rule.meta.id)) settings[rule.meta.id] = 'off';
project.setLintConfig({ rules: settings });

interface Found { file: string; line: number; column: number; text: string; diagnostic: Diagnostic }

const active = project.documents().filter((d) => d.kind === 'detection' && !relative(corpus, d.path).startsWith('detections/deprecated/'));
const found: Found[] = [];
for (const document of active) {
  const lines = new LineIndex(document.text);
  for (const diagnostic of project.analyze(document.path)!.diagnostics) {
    if (!DOCUMENT_RULES.includes(diagnostic.code)) continue;
    const position = lines.positionAt(diagnostic.span.start);
    const text = document.text.slice(diagnostic.span.start, diagnostic.span.end);
    found.push({ file: relative(corpus, document.path), line: position.line + 1, column: position.character + 1, text, diagnostic });
  }
}
const at = (code: string) => found.filter((f) => f.diagnostic.code === code).map((f) => `${f.file}:${f.line}:${f.column} ${f.text}`);

test('the corpus has 1,613 active detections, 205 data sources and 247 stories', () => {
  assert.equal(active.length, 1613);
  assert.equal(project.content.dataSources().length, 205);
  assert.equal(project.content.stories().length, 247);
});

test('no rule fails on any active detection', () => {
  const failures = found.filter((f) => /failed on this search/.test(f.diagnostic.message));
  assert.deepEqual(failures.map((f) => `${f.file}: ${f.diagnostic.message}`), []);
});

test('SPL155: the 79 data_source names that data_sources/ does not have, each at its text', () => {
  const unknown = found.filter((f) => f.diagnostic.code === 'SPL155');
  assert.equal(unknown.length, 79);
  assert.ok(unknown.every((f) => f.diagnostic.message.startsWith(`\`${f.text}\` is not the name of a data source`)), 'the finding covers the name');
  assert.ok(at('SPL155').includes('detections/application/windows_ad_add_self_to_group.yml:9:3 Windows Event Log Security 4728'));
  const renamed = unknown.find((f) => f.text === 'Windows Security 5136')!;
  assert.match(renamed.diagnostic.message, /did you mean `Windows Event Log Security 5136`/);
});

test('SPL156: the one analytic_story that names no story, and a story listed twice', () => {
  assert.deepEqual(at('SPL156'), [
    'detections/endpoint/attacker_tools_on_endpoint.yml:28:5 Monitor for Unauthorized Software',
    'detections/endpoint/winevent_windows_task_scheduler_event_action_started.yml:39:5 Winter Vivern',
  ]);
});

test('SPL159: the six risk_score values that differ from confidence x impact / 100, with the score Splunk uses', () => {
  assert.deepEqual(at('SPL159'), [
    'detections/cloud/o365_cross_tenant_access_change.yml:57:15 75',
    'detections/endpoint/linux_auditd_auditd_service_stop.yml:53:15 49',
    'detections/endpoint/linux_auditd_find_credentials_from_password_stores.yml:52:15 25',
    'detections/endpoint/linux_auditd_find_ssh_private_keys.yml:52:15 25',
    'detections/endpoint/linux_auditd_unix_shell_configuration_modification.yml:53:15 25',
    'detections/endpoint/windows_multiple_ntlm_null_domain_authentications.yml:54:15 50',
  ]);
  const ntlm = found.find((f) => f.file.endsWith('windows_multiple_ntlm_null_domain_authentications.yml') && f.diagnostic.code === 'SPL159')!;
  assert.match(ntlm.diagnostic.message, /round\(100 × 75 \/ 100\) = 75: Splunk will use 75/);
});

test('SPL152: the misspelt data_sources key, fixed to data_source', () => {
  const misspelt = found.filter((f) => f.diagnostic.code === 'SPL152' && f.text === 'data_sources');
  assert.deepEqual(misspelt.map((f) => `${f.file}:${f.line}:${f.column}`), [
    'detections/endpoint/windows_identify_powershell_web_access_iis_pool.yml:6:1',
    'detections/web/windows_iis_server_pswa_console_access.yml:6:1',
  ]);
  const path = join(corpus, misspelt[0].file);
  const fixed = applyFix(readFileSync(path, 'utf8'), misspelt[0].diagnostic);
  const scratch = new Project();
  for (const document of project.documents()) if (document.kind === 'macro-yaml') scratch.upsert(document.path, document.text);
  scratch.upsert(path, fixed);
  assert.ok(!scratch.analyze(path)!.diagnostics.some((d) => d.code === 'SPL152' && /data_sources/.test(d.message)));
});

test('SPL157 reports a technique listed with its sub-technique as a hint only (ESCU 4.x accepts it), and no malformed id', () => {
  const attack = found.filter((f) => f.diagnostic.code === 'SPL157');
  assert.ok(attack.length > 800, 'hundreds of shipped detections list both');
  assert.deepEqual([...new Set(attack.map((f) => f.diagnostic.severity))], ['hint']);
});

test('findings per rule and severity match the recorded counts', () => {
  const counts: Record<string, Record<string, number>> = Object.fromEntries(DOCUMENT_RULES.map((id) => [id, {}]));
  for (const f of found) counts[f.diagnostic.code][f.diagnostic.severity] = (counts[f.diagnostic.code][f.diagnostic.severity] ?? 0) + 1;
  const actual = JSON.stringify({ detections: active.length, counts }, null, 2) + '\n';
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(countsGolden, actual);
  assert.ok(existsSync(countsGolden), 'missing golden: run UPDATE_GOLDEN=1 node test/run.mjs test/detection/corpus');
  assert.equal(actual, readFileSync(countsGolden, 'utf8'));
});

test('every finding but the SPL157 hints is the recorded one', () => {
  const lines = found
    .filter((f) => f.diagnostic.severity !== 'hint')
    .map((f) => `${f.diagnostic.code} ${f.diagnostic.severity} ${f.file}:${f.line}:${f.column} ${f.text.replace(/\s+/g, ' ')}`)
    .sort();
  const actual = lines.join('\n') + '\n';
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(findingsGolden, actual);
  assert.ok(existsSync(findingsGolden), 'missing golden: run UPDATE_GOLDEN=1 node test/run.mjs test/detection/corpus');
  assert.equal(actual, readFileSync(findingsGolden, 'utf8'));
});
