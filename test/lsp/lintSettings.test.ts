// splDetect.lint.rules and splDetect.lint.enable over stdio: the settings go over the workspace's
// .spl-detect.json, and each change re-publishes the open documents' diagnostics.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { SETTINGS_SECTION } from '../../server/src/lsp/protocol';
import { LSP_TEST, LspSession, WORKSPACE } from './harness';

const DETECTION = 'detections/endpoint/windows_msiexec_dllregisterserver.yml';
/** The workspace file: SPL102 (a hint inside tstats here) off, SPL104 (information here) raised to error. */
const WORKSPACE_CONFIG = { rules: { SPL102: 'off', 'switch-variants': 'error' } };

const SEVERITY = ['', 'error', 'warning', 'information', 'hint'];
const isLint = (d: Diagnostic) => /^SPL1\d\d$/.test(String(d.code));
/** The rules these tests configure; other rules (added as the linter grows) may report on the detection too. */
const SUBJECT_RULES = new Set(['SPL102', 'SPL103', 'SPL104']);
/** `code severity` of the subject rules' and the non-lint diagnostics, sorted: the problems list minus the messages. */
const summary = (diagnostics: Diagnostic[]) =>
  diagnostics.filter((d) => !isLint(d) || SUBJECT_RULES.has(String(d.code))).map((d) => `${d.code} ${SEVERITY[d.severity ?? 0]}`).sort();
const lintSettings = (lint: unknown) => ({ [SETTINGS_SECTION]: { lint } });

let workspace: string;
let session: LspSession;
let uri: string;
/** The detection with a syntax error in its first drilldown: a diagnostic that is not lint's. */
let text: string;

before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'spl-lsp-lint-settings-'));
  cpSync(WORKSPACE, workspace, { recursive: true });
  writeFileSync(join(workspace, '.spl-detect.json'), JSON.stringify(WORKSPACE_CONFIG));
  session = await LspSession.start(workspace, { diagnosticsSettleMs: 0 });
  const path = join(workspace, DETECTION);
  // regsvr32 instead of msiexec: regsvr32 takes the Unicode dashes the list lacks, so SPL104 reports (msiexec takes / and - only).
  text = readFileSync(path, 'utf8')
    .replace("search: '%original_detection_search% | search  user = $user$ dest = $dest$'", "search: '| eval x=(1'")
    .replace('where `process_msiexec` Processes.process IN', 'where Processes.process_name=regsvr32.exe Processes.process IN');
  assert.ok(text.includes("'| eval x=(1'"));
  assert.ok(text.includes('Processes.process_name=regsvr32.exe Processes.process IN'));
  uri = await session.open(path, text);
});
after(async () => {
  await session.dispose();
  rmSync(workspace, { recursive: true, force: true });
});

/** The next diagnostics of the detection that `accept` takes. */
async function next(accept: (diagnostics: Diagnostic[]) => boolean = () => true): Promise<string[]> {
  const params: PublishDiagnosticsParams = await session.waitForDiagnostics(uri, (p) => accept(p.diagnostics));
  return summary(params.diagnostics);
}
const WARNING = 2;
const lacks = (code: string) => (diagnostics: Diagnostic[]) => !diagnostics.some((d) => d.code === code);

test('without settings the workspace .spl-detect.json applies', LSP_TEST, async () => {
  assert.deepEqual(summary((await session.waitForVersion(uri, 1)).diagnostics), [
    'SPL004 error',
    'SPL103 warning',
    'SPL103 warning',
    'SPL104 error',
  ]);
});

test('a rule set to "off" disappears; settings win over the workspace file, by id or by name', LSP_TEST, async () => {
  await session.changeSettings(lintSettings({ rules: { SPL103: 'off', 'leading-wildcard': 'warning' } }));
  // SPL102 is off by id in the file and on by name in the settings: the settings win.
  assert.deepEqual(await next(lacks('SPL103')), ['SPL004 error', 'SPL102 warning', 'SPL104 error']);
});

test('a severity change shows in the next publish', LSP_TEST, async () => {
  await session.changeSettings(lintSettings({ rules: { SPL103: 'off', SPL102: 'error', SPL104: 'hint' } }));
  assert.deepEqual(await next(), ['SPL004 error', 'SPL102 error', 'SPL104 hint']);
});

test('splDetect.lint.enable=false removes every lint diagnostic and keeps the others; true brings them back', LSP_TEST, async () => {
  await session.changeSettings(lintSettings({ enable: false, rules: { SPL103: 'off' } }));
  const disabled = (await session.waitForDiagnostics(uri)).diagnostics;
  assert.deepEqual(disabled.filter(isLint), []);
  assert.deepEqual(summary(disabled), ['SPL004 error']);

  await session.changeSettings(lintSettings({ enable: true, rules: {} }));
  assert.deepEqual(await next(), ['SPL004 error', 'SPL103 warning', 'SPL103 warning', 'SPL104 error']);
});

test('invalid values are reported in the log and ignored; the valid ones still apply; the server keeps running', LSP_TEST, async () => {
  await session.changeSettings(lintSettings({ enable: 'yes', rules: { SPL103: 'loud', SPL999: 'off', 'over-broad-substring': ['error', 'x'], SPL104: 'warning' } }));
  // SPL104: the valid entry applies. SPL103: both entries are invalid, so it keeps its default severity.
  assert.deepEqual(await next((diagnostics) => diagnostics.some((d) => d.code === 'SPL104' && d.severity === WARNING)), [
    'SPL004 error',
    'SPL103 warning',
    'SPL103 warning',
    'SPL104 warning',
  ]);
  const warnings = session.logMessages.join('\n');
  assert.match(warnings, /splDetect\.lint\.rules: rule "SPL103": the level must be one of off, error, warning, information, hint/);
  assert.match(warnings, /splDetect\.lint\.rules: unknown rule "SPL999"/);
  assert.match(warnings, /splDetect\.lint\.rules: rule "over-broad-substring": options must be an object/);
  assert.match(warnings, /splDetect\.lint\.enable must be true or false \(got "yes"\)/);

  // Settings of the wrong shape altogether: reported, and lint runs with the workspace file alone.
  await session.changeSettings(lintSettings({ rules: 'off' }));
  assert.deepEqual(await next(), ['SPL004 error', 'SPL103 warning', 'SPL103 warning', 'SPL104 error']);
  assert.match(session.logMessages.join('\n'), /splDetect\.lint\.rules: "rules" must be an object/);
  await session.changeSettings(lintSettings({ rules: { SPL103: 'hint' } }));
  assert.deepEqual(await next(), ['SPL004 error', 'SPL103 hint', 'SPL103 hint', 'SPL104 error']);
  // One change at a time: the server reads the settings when it handles the change, not when it was sent.
  await session.changeSettings(lintSettings(42));
  assert.deepEqual(await next(), ['SPL004 error', 'SPL103 warning', 'SPL103 warning', 'SPL104 error']);
  assert.match(session.logMessages.join('\n'), /splDetect\.lint must be an object/);
  assert.ok(session.alive);
});

test('settings given before the first load apply to the first diagnostics', LSP_TEST, async () => {
  const configured = await LspSession.start(workspace, { diagnosticsSettleMs: 0 }, { settings: lintSettings({ rules: { SPL103: 'information' } }) });
  try {
    const opened = await configured.open(join(workspace, DETECTION), text);
    const first = (await configured.waitForVersion(opened, 1)).diagnostics;
    assert.deepEqual(summary(first), ['SPL004 error', 'SPL103 information', 'SPL103 information', 'SPL104 error']);
  } finally {
    await configured.dispose();
  }
});
