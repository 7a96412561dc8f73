import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LSP_TEST, LspSession, WORKSPACE, fileUri, withoutLint } from './harness';

let session: LspSession;
before(async () => {
  session = await LspSession.start();
});
after(() => session.dispose());

// Parse and macro findings; lint findings on these real detections are test/lint's subject.
const brief = (diagnostics: Diagnostic[]) =>
  withoutLint(diagnostics).map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code} ${d.message}`);

/** A detection with a broken search; the `''` escapes before the error make file and SPL offsets differ. */
const BROKEN_DETECTION = [
  'name: Broken Search',
  'id: 0f4a1c9e-0000-4000-8000-000000000001',
  'version: 1',
  "search: '`sysmon` process_name=''cmd.exe'' | stats count by dest | eval note=\"unclosed'",
  'description: the string of the eval is never closed',
  '',
].join('\n');
const FIXED_DETECTION = BROKEN_DETECTION.replace('note="unclosed', 'note="closed"');

test('a broken search inside a single-quoted YAML search is reported at its exact line and character', LSP_TEST, async () => {
  const uri = await session.open(join(WORKSPACE, 'detections/custom/broken_search.yml'), BROKEN_DETECTION);
  const { diagnostics, version } = await session.waitForVersion(uri, 1);
  assert.equal(version, 1);
  const line = BROKEN_DETECTION.split('\n')[3];
  // From the opening quote of the string to the end of the search: file columns, not SPL offsets
  // (each '' before it is one character of SPL but two of the file).
  const quote = line.indexOf('"unclosed');
  assert.deepEqual(brief(diagnostics), [
    `3:${quote}-3:${line.length - 1} SPL001 Unterminated string: no closing " before the end of the search`,
  ]);
  assert.equal(diagnostics[0].severity, 1);
  assert.equal(diagnostics[0].source, 'spl');
  await session.close(uri);
});

test('an error in a block-scalar search is reported on its own line, after the YAML indentation', LSP_TEST, async () => {
  const text = 'name: Block Broken\nsearch: |\n  `sysmon` EventCode=1\n  | | stats count\ntags: {}\n';
  const uri = await session.open(join(WORKSPACE, 'detections/custom/block_broken.yml'), text);
  const { diagnostics } = await session.waitForVersion(uri, 1);
  assert.deepEqual(brief(diagnostics), ["3:2-3:5 SPL006 Empty pipeline stage: nothing between '|' and '|'"]);
  await session.close(uri);
});

for (const file of [
  'detections/endpoint/windows_msiexec_dllregisterserver.yml',
  'detections/endpoint/process_deleting_its_process_file_path.yml',
  'detections/application/windows_ad_suspicious_gpo_modification.yml',
  'macros/security_content_ctime.yml',
  'macros/process_msiexec.yml',
  'default/macros.conf',
  'hunting.spl',
]) {
  test(`no diagnostics on the correct ${file}`, LSP_TEST, async () => {
    const uri = await session.open(join(WORKSPACE, file));
    const { diagnostics } = await session.waitForVersion(uri, 1);
    assert.deepEqual(brief(diagnostics), []);
    await session.close(uri);
  });
}

test('diagnostics follow didChange and are cleared on close', LSP_TEST, async () => {
  const path = join(WORKSPACE, 'detections/custom/edited.yml');
  const good = FIXED_DETECTION;
  const uri = await session.open(path, good);
  assert.deepEqual(brief((await session.waitForVersion(uri, 1)).diagnostics), []);

  const version = await session.change(uri, BROKEN_DETECTION);
  const broken = await session.waitForVersion(uri, version);
  assert.ok(broken.diagnostics.some((d) => d.severity === 1), 'the edit introduced an error');

  const fixed = await session.change(uri, good);
  assert.deepEqual(brief((await session.waitForVersion(uri, fixed)).diagnostics), []);

  await session.change(uri, BROKEN_DETECTION);
  await session.close(uri);
  const cleared = await session.waitForDiagnostics(uri, (params) => params.version === undefined);
  assert.deepEqual(cleared.diagnostics, []);
});

test('a YAML file outside detections/ and macros/ gets no diagnostics, tokens or symbols', LSP_TEST, async () => {
  const outside = await session.open(join(WORKSPACE, 'notes/search_notes.yml'));
  const dataSource = await session.open(join(WORKSPACE, 'data_sources/sysmon_eventid_1.yml'));
  // Notifications are sent in order: once a later document's diagnostics arrive, none is pending
  // for the files opened before it.
  const sentinel = await session.open(join(WORKSPACE, 'macros/sysmon.yml'));
  await session.waitForVersion(sentinel, 1);
  assert.deepEqual(session.diagnosticsReceived(outside), []);
  assert.deepEqual(session.diagnosticsReceived(dataSource), []);
  assert.deepEqual(await session.request('textDocument/semanticTokens/full', { textDocument: { uri: outside } }), { data: [] });
  assert.deepEqual(await session.request('textDocument/documentSymbol', { textDocument: { uri: outside } }), []);
  for (const uri of [outside, dataSource, sentinel]) await session.close(uri);
});

test('a macro defined twice: the warning points at the other definition in its own file', LSP_TEST, async () => {
  // Unsaved: exists only in the editor, so closing it removes the duplicate again.
  const copy = await session.open(join(WORKSPACE, 'macros/process_msiexec_copy.yml'), 'definition: (Processes.process_name=msiexec.exe)\nname: process_msiexec\n');
  const { diagnostics } = await session.waitForVersion(copy, 1);
  const duplicate = diagnostics.find((d) => d.code === 'MAC005');
  assert.ok(duplicate, `expected MAC005, got ${JSON.stringify(brief(diagnostics))}`);
  assert.deepEqual(duplicate.range, { start: { line: 1, character: 6 }, end: { line: 1, character: 21 } });
  const original = join(WORKSPACE, 'macros/process_msiexec.yml');
  const originalLines = readFileSync(original, 'utf8').split('\n');
  const nameLine = originalLines.findIndex((line) => line.startsWith('name: process_msiexec'));
  assert.deepEqual(duplicate.relatedInformation?.map((info) => info.location), [
    { uri: fileUri(original), range: { start: { line: nameLine, character: 6 }, end: { line: nameLine, character: 21 } } },
  ]);
  await session.close(copy);

  // With the copy closed the original is the only definition again.
  const originalUri = await session.open(original);
  assert.deepEqual(brief((await session.waitForVersion(originalUri, 1)).diagnostics), []);
  await session.close(originalUri);
});

test('editing a macro file re-checks the open detections that call it', LSP_TEST, async () => {
  const detection = await session.open(join(WORKSPACE, 'detections/endpoint/windows_msiexec_dllregisterserver.yml'));
  assert.deepEqual(brief((await session.waitForVersion(detection, 1)).diagnostics), []);
  const macroPath = join(WORKSPACE, 'macros/process_msiexec.yml');
  const macroText = readFileSync(macroPath, 'utf8');
  const macro = await session.open(macroPath, macroText);
  await session.waitForVersion(macro, 1);

  await session.change(macro, macroText.replace('name: process_msiexec', 'name: process_msiexec_renamed'));
  const undefinedMacro = await session.waitForDiagnostics(detection, (params) => withoutLint(params.diagnostics).length > 0);
  assert.deepEqual(
    withoutLint(undefinedMacro.diagnostics).map((d) => d.code),
    ['MAC001'],
    `expected the call of the renamed macro to be undefined, got ${JSON.stringify(brief(undefinedMacro.diagnostics))}`,
  );
  const line = readFileSync(join(WORKSPACE, 'detections/endpoint/windows_msiexec_dllregisterserver.yml'), 'utf8').split('\n').findIndex((l) => l.startsWith('search:'));
  assert.equal(withoutLint(undefinedMacro.diagnostics)[0].range.start.line, line);

  // Closing the unsaved edit restores the file on disk, and with it the macro.
  await session.close(macro);
  const restored = await session.waitForDiagnostics(detection, (params) => withoutLint(params.diagnostics).length === 0);
  assert.deepEqual(withoutLint(restored.diagnostics), []);
  await session.close(detection);
});
