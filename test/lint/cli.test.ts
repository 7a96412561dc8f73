// `spl-detect check` with lint findings (text, JSON, SARIF), --rule and --severity filters, the
// workspace configuration, and `spl-detect explain`, run in-process on a fixture workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCli } from '../../server/src/cli';
import { renderRuleDoc } from '../../server/src/lint/docs';
import { rules } from '../../server/src/lint/registry';
import { isDocumentRule } from '../../server/src/lint/rule';

const root = resolve(__dirname, '../..');
const searchRules = new Set(rules.filter((r) => !isDocumentRule(r)).map((r) => r.meta.id));
const workspace = join(root, 'test/fixtures/lint/workspace');
const detection = 'test/fixtures/lint/workspace/detections/endpoint/regsvr32_register_dll.yml';

function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runCli(args, { cwd: root, out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

interface JsonDiagnostic { file: string; line: number; column: number; severity: string; code: string; message: string }

function json(...args: string[]): { code: number; diagnostics: JsonDiagnostic[]; stderr: string } {
  const result = cli('check', workspace, '--format', 'json', ...args);
  return { code: result.code, diagnostics: JSON.parse(result.stdout).diagnostics, stderr: result.stderr };
}

const searchLine = readFileSync(join(root, detection), 'utf8').split('\n')[3];

test('check prints lint findings at the value in the file, follows .spl-detect.json and reports its problems', () => {
  const { code, diagnostics, stderr } = json();
  assert.match(stderr, /\.spl-detect\.json: unknown rule "SPL1999" \(ignored\)/);
  // The search rules' findings: the fixture detection is not complete enough for the file rules (SPL152 ...).
  const lint = diagnostics.filter((d) => searchRules.has(d.code));
  assert.deepEqual(
    lint.map((d) => `${d.code}:${d.severity}:${d.line}:${d.column}`),
    [
      `SPL103:warning:4:${searchLine.indexOf('"*/i*"') + 1}`,
      `SPL104:information:4:${searchLine.indexOf('"*/i*"') + 1}`,
      `SPL103:warning:4:${searchLine.indexOf('"*-i*"') + 1}`,
      `SPL101:error:4:${searchLine.indexOf('"*regsvr32*"') + 1}`,
    ],
  );
  assert.equal(lint.filter((d) => d.code === 'SPL102').length, 0, 'turned off by name in the configuration');
  assert.equal(code, 1, 'SPL101 is configured as an error');
});

test('--rule keeps only the named rules (id or name); --severity hides lower findings and sets the exit code', () => {
  assert.deepEqual([...new Set(json('--rule', 'SPL103').diagnostics.map((d) => d.code))], ['SPL103']);
  assert.deepEqual([...new Set(json('--rule', 'switch-variants', '--rule', 'SPL103').diagnostics.map((d) => d.code))].sort(), ['SPL103', 'SPL104']);
  const onlyWarnings = json('--rule', 'SPL103', '--rule', 'SPL104');
  assert.equal(onlyWarnings.code, 0, 'no error among the diagnostics shown');
  const severe = json('--severity', 'warning');
  assert.ok(severe.diagnostics.every((d) => d.severity === 'error' || d.severity === 'warning'));
  assert.ok(!severe.diagnostics.some((d) => d.code === 'SPL104'));
  assert.equal(cli('check', workspace, '--rule', 'no-such-rule').code, 2);
  assert.equal(cli('check', workspace, '--severity', 'loud').code, 2);
});

test('text output lists file:line:column, severity, rule id and message', () => {
  const { stdout } = cli('check', workspace, '--rule', 'SPL103');
  const first = stdout.split('\n')[0];
  assert.equal(first.startsWith(`${detection}:4:${searchLine.indexOf('"*/i*"') + 1}: warning SPL103: "*/i*" matches every value`), true, first);
});

test('SARIF: lint rules carry name, description, a helpUri to their page and the page as help markdown', () => {
  const { stdout } = cli('check', workspace, '--format', 'sarif');
  const sarif = JSON.parse(stdout);
  assert.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0];
  const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'SPL103');
  assert.equal(rule.name, 'over-broad-substring');
  assert.match(rule.shortDescription.text, /^A wildcard value of the form/);
  assert.match(rule.fullDescription.text, /switch prefix/);
  assert.match(rule.helpUri, /^file:\/\/.*\/docs\/rules\/SPL103\.md$/);
  assert.equal(rule.help.markdown, renderRuleDoc(rules.find((r) => r.meta.id === 'SPL103')!));
  for (const result of run.results) assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
  const levels = run.results.filter((r: { ruleId: string }) => r.ruleId === 'SPL104').map((r: { level: string }) => r.level);
  assert.deepEqual(levels, ['note'], 'information is a SARIF note');
});

test('explain prints a rule page by id or name; other codes get their summary; unknown codes are bad usage', () => {
  const page = renderRuleDoc(rules.find((r) => r.meta.id === 'SPL104')!);
  assert.deepEqual(cli('explain', 'SPL104'), { code: 0, stdout: page, stderr: '' });
  assert.equal(cli('explain', 'switch-variants').stdout, page);
  assert.match(cli('explain', 'MAC001').stdout, /^MAC001 undefined-macro\n\nThe macro is not defined/);
  assert.equal(cli('explain', 'SPL1999').code, 2);
  assert.equal(cli('explain').code, 2);
  assert.match(cli('--help').stdout, /spl-detect explain ID/);
});
