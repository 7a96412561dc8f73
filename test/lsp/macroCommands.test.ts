// The spl.expandMacros command and the splDetect.macroFolders setting, over stdio against
// test/fixtures/lsp/macro_workspace (and test/fixtures/lsp/macro_workspace_extra, a macro folder
// kept outside the workspace).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { EXPAND_MACROS_COMMAND, SETTINGS_SECTION, type ExpandMacrosResult } from '../../server/src/lsp/protocol';
import { cursorIn } from './cursor';
import { FIXTURES, LSP_TEST, LspSession, fileUri } from './harness';

const MACRO_WORKSPACE = join(FIXTURES, 'macro_workspace');
const MSIEXEC = join(MACRO_WORKSPACE, 'detections/endpoint/windows_msiexec_dllregisterserver.yml');
const ALLOWLISTED = join(MACRO_WORKSPACE, 'detections/custom/org_allowlisted_shells.yml');
const EXTRA_FOLDER_SETTING = { [SETTINGS_SECTION]: { macroFolders: ['../macro_workspace_extra'] } };

let session: LspSession;
before(async () => {
  session = await LspSession.start(MACRO_WORKSPACE, { diagnosticsSettleMs: 0 });
});
after(() => session.dispose());

const expand = (args: unknown[]) => session.request<ExpandMacrosResult | null>('workspace/executeCommand', { command: EXPAND_MACROS_COMMAND, arguments: args });
const CONVERT = 'convert timeformat="%Y-%m-%dT%H:%M:%S" ctime';

test('initialize announces the command', LSP_TEST, async () => {
  const { capabilities } = await session.initializeResult;
  assert.deepEqual(capabilities.executeCommandProvider?.commands, [EXPAND_MACROS_COMMAND]);
});

test('spl.expandMacros returns the detection search fully expanded, one command per line', LSP_TEST, async () => {
  const uri = await session.open(MSIEXEC);
  const result = await expand([uri]);
  await session.close(uri);
  assert.deepEqual(result, {
    label: 'search',
    text: [
      '| tstats summariesonly=false allow_old_summaries=true fillnull_value=null count min(_time) as firstTime max(_time) as lastTime' +
        ' from datamodel=Endpoint.Processes where (Processes.process_name=msiexec.exe OR Processes.original_file_name=msiexec.exe)' +
        ' Processes.process IN ("*/y*", "*-y*") by Processes.dest Processes.user Processes.parent_process_name Processes.process_name' +
        ' Processes.original_file_name Processes.process Processes.process_id Processes.parent_process_id',
      '| rename Processes.* AS *',
      `| ${CONVERT}(firstTime)`,
      `| ${CONVERT}(lastTime)`,
      '| search *',
    ].join('\n'),
    complete: true,
  });
});

test('spl.expandMacros with a position expands the search under the cursor; a closed file is read from disk', LSP_TEST, async () => {
  const text = readFileSync(MSIEXEC, 'utf8');
  const result = await expand([fileUri(MSIEXEC), cursorIn(text, "search: '| from data$0model Risk.All_Risk")]);
  assert.equal(result?.label, 'drilldown_searches[1].search');
  assert.equal(result?.complete, true);
  assert.deepEqual(result?.text.split('\n').slice(-2), [`| ${CONVERT}(firstTime)`, `| ${CONVERT}(lastTime)`]);
});

test('spl.expandMacros: an undefined macro makes the result incomplete; bad arguments are an error', LSP_TEST, async () => {
  const result = await expand([fileUri(ALLOWLISTED)]);
  assert.equal(result?.complete, false);
  assert.ok(result?.text.includes('NOT `org_allowlisted_hosts`'), result?.text);
  assert.equal(await expand([fileUri(join(MACRO_WORKSPACE, 'no_such_file.yml'))]), null);
  await assert.rejects(expand([42]), /spl\.expandMacros takes \[documentUri, position\?\]/);
  await assert.rejects(session.request('workspace/executeCommand', { command: 'spl.unknown', arguments: [] }), /Unknown command spl\.unknown/);
});

const macroProblems = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => String(d.code).startsWith('MAC')).map((d) => `${d.code} ${d.message}`);

test('splDetect.macroFolders: a macro defined in an extra folder resolves once the setting names it', LSP_TEST, async () => {
  const uri = await session.open(ALLOWLISTED);
  assert.deepEqual(macroProblems((await session.waitForVersion(uri, 1)).diagnostics), [
    'MAC001 Undefined macro `org_allowlisted_hosts`',
  ]);

  await session.changeSettings(EXTRA_FOLDER_SETTING);
  const resolved = await session.waitForDiagnostics(uri, (params) => macroProblems(params.diagnostics).length === 0);
  assert.deepEqual(macroProblems(resolved.diagnostics), []);
  const text = readFileSync(ALLOWLISTED, 'utf8');
  const hover = await session.request<Hover>('textDocument/hover', { textDocument: { uri }, position: cursorIn(text, 'NOT `org_allow$0listed_hosts`') });
  assert.match((hover.contents as MarkupContent).value, /^\*\*`org_allowlisted_hosts`\*\* — \.\.\/macro_workspace_extra\/macros\/org_allowlisted_hosts\.yml:3 /);

  // Removing the folder again brings the problem back.
  await session.changeSettings({ [SETTINGS_SECTION]: { macroFolders: [] } });
  const undefinedAgain = await session.waitForDiagnostics(uri, (params) => macroProblems(params.diagnostics).length > 0);
  assert.deepEqual(macroProblems(undefinedAgain.diagnostics), ['MAC001 Undefined macro `org_allowlisted_hosts`']);
  await session.close(uri);
});

test('splDetect.macroFolders set before start: the first diagnostics already see the extra macros', LSP_TEST, async () => {
  const configured = await LspSession.start(MACRO_WORKSPACE, { diagnosticsSettleMs: 0 }, { settings: EXTRA_FOLDER_SETTING });
  try {
    const uri = await configured.open(ALLOWLISTED);
    assert.deepEqual(macroProblems((await configured.waitForVersion(uri, 1)).diagnostics), []);
    assert.ok(configured.logMessages.some((m) => m.includes('extra macro folders: ') && m.includes('macro_workspace_extra')), configured.logMessages.join('\n'));
  } finally {
    await configured.dispose();
  }
});
