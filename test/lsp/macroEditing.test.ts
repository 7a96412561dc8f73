// Rename, completion, signature help and quick fixes for macros, over stdio against
// test/fixtures/lsp/macro_workspace. Positions are `$0` markers in the text.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  CodeAction,
  CompletionList,
  Diagnostic,
  Range,
  SignatureHelp,
  TextDocumentEdit,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { cursorIn, rangeOf, textIn, withCursor } from './cursor';
import { FIXTURES, LSP_TEST, LspSession } from './harness';

const MACRO_WORKSPACE = join(FIXTURES, 'macro_workspace');
const TEMP_FOLDER = 'detections/custom/msiexec_from_temp_folder.yml';
const MSIEXEC = 'detections/endpoint/windows_msiexec_dllregisterserver.yml';

let session: LspSession;
before(async () => {
  session = await LspSession.start(MACRO_WORKSPACE, { diagnosticsSettleMs: 0 });
});
after(() => session.dispose());

const read = (file: string) => readFileSync(join(MACRO_WORKSPACE, file), 'utf8');
const relativeFile = (uri: string) => relative(MACRO_WORKSPACE, fileURLToPath(uri)).split('\\').join('/');

/** Applies LSP edits to a text (edits of one document never overlap). */
function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((sum, line) => sum + line.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((result, edit) => result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end)), text);
}

/** The server sends plain TextEdits in its TextDocumentEdits (no snippet or annotated edits). */
type PlainDocumentEdit = Omit<TextDocumentEdit, 'edits'> & { edits: TextEdit[] };
const documentEdits = (edit: WorkspaceEdit) => (edit.documentChanges ?? []) as PlainDocumentEdit[];

/** A scratch detection opened with the text of `marked` (one `$0`): its uri and the cursor. */
async function openScratch(name: string, marked: string) {
  const { text, position } = withCursor(marked);
  const uri = await session.open(join(MACRO_WORKSPACE, 'detections/custom', name), text);
  return { uri, text, position };
}

test('prepareRename gives the range of the name under the cursor, in a call and in a conf stanza', LSP_TEST, async () => {
  for (const [file, snippet, expected] of [
    [TEMP_FOLDER, '`process_in_$0folder("msiexec.exe"', rangeOf(read(TEMP_FOLDER), 'process_in_folder', '`process_in_folder(')],
    ['default/macros.conf', '[process_$0in_folder(2)]', rangeOf(read('default/macros.conf'), 'process_in_folder', '[process_in_folder(2)]')],
  ] as [string, string, Range][]) {
    const text = read(file);
    const uri = await session.open(join(MACRO_WORKSPACE, file), text);
    const range = await session.request<Range | null>('textDocument/prepareRename', { textDocument: { uri }, position: cursorIn(text, snippet) });
    assert.deepEqual(range, expected, snippet);
    await session.close(uri);
  }
});

test('prepareRename refuses built-in macros with a message, and answers null off a macro', LSP_TEST, async () => {
  const text = read(TEMP_FOLDER);
  const uri = await session.open(join(MACRO_WORKSPACE, TEMP_FOLDER), text);
  await assert.rejects(
    session.request('textDocument/prepareRename', { textDocument: { uri }, position: cursorIn(text, '`drop_dm_$0object_name(') }),
    /`drop_dm_object_name\(1\)` is built in \(Splunk CIM \/ ES app\), not defined in this workspace/,
  );
  assert.equal(await session.request('textDocument/prepareRename', { textDocument: { uri }, position: cursorIn(text, 'min(_ti$0me) as firstTime from') }), null);
  await session.close(uri);
});

test('rename edits every call and the definition across files; open documents carry their version', LSP_TEST, async () => {
  const text = read(TEMP_FOLDER);
  const uri = await session.open(join(MACRO_WORKSPACE, TEMP_FOLDER), text);
  const edit = await session.request<WorkspaceEdit>('textDocument/rename', {
    textDocument: { uri },
    position: cursorIn(text, '`process_in_$0folder('),
    newName: 'process_in_dir',
  });
  await session.close(uri);
  const changes = documentEdits(edit);
  assert.deepEqual(
    changes.map((change) => [relativeFile(change.textDocument.uri), change.textDocument.version, change.edits.length]),
    [
      [TEMP_FOLDER, 1, 1],
      ['default/macros.conf', null, 1],
    ],
  );
  assert.equal(applyEdits(text, changes[0].edits), text.replace('`process_in_folder(', '`process_in_dir('));
  const conf = read('default/macros.conf');
  assert.equal(applyEdits(conf, changes[1].edits), conf.replace('[process_in_folder(2)]', '[process_in_dir(2)]'));
});

test('rename sees unsaved text: the edited document gets edits for its new calls at its current version', LSP_TEST, async () => {
  const original = read(MSIEXEC);
  const uri = await session.open(join(MACRO_WORKSPACE, MSIEXEC), original);
  const edited = original.replace('| `security_content_ctime(lastTime)` | `windows_msiexec', '| `security_content_ctime(lastTime)` | `security_content_ctime(_time)` | `windows_msiexec');
  const version = await session.change(uri, edited);
  const edit = await session.request<WorkspaceEdit>('textDocument/rename', {
    textDocument: { uri },
    position: cursorIn(edited, '`security_content_ctime(_ti$0me)`'),
    newName: 'ctime_iso',
  });
  await session.close(uri);
  const byFile = new Map(documentEdits(edit).map((change) => [relativeFile(change.textDocument.uri), change]));
  assert.equal(byFile.get(MSIEXEC)?.textDocument.version, version);
  // Two calls in the search (three with the unsaved one) and two in the drilldown searches.
  assert.equal(byFile.get(MSIEXEC)?.edits.length, 5);
  assert.equal(applyEdits(edited, byFile.get(MSIEXEC)!.edits), edited.split('security_content_ctime(').join('ctime_iso('));
  assert.deepEqual([...byFile.keys()].sort(), [
    'detections/custom/msiexec_from_temp_folder.yml',
    'detections/endpoint/office_application_spawn_regsvr32_process.yml',
    MSIEXEC,
    'macros/security_content_ctime.yml',
  ]);
  const yaml = read('macros/security_content_ctime.yml');
  assert.equal(applyEdits(yaml, byFile.get('macros/security_content_ctime.yml')!.edits), yaml.replace('name: security_content_ctime', 'name: ctime_iso'));
});

test('a client without documentChanges gets the rename as changes per uri', LSP_TEST, async () => {
  const plain = await LspSession.start(MACRO_WORKSPACE, {}, { documentChanges: false });
  try {
    const text = read(TEMP_FOLDER);
    const uri = await plain.open(join(MACRO_WORKSPACE, TEMP_FOLDER), text);
    const edit = await plain.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: cursorIn(text, '`shell_$0processes`'), newName: 'shells' });
    assert.equal(edit.documentChanges, undefined);
    const changes = Object.entries(edit.changes ?? {}).map(([changed, edits]) => [relativeFile(changed), edits.map((e) => textIn(read(relativeFile(changed)), e.range))]);
    assert.deepEqual(changes.sort(), [
      ['default/macros.conf', ['shell_processes']],
      ['detections/custom/msiexec_from_temp_folder.yml', ['shell_processes']],
      ['detections/custom/org_allowlisted_shells.yml', ['shell_processes']],
      ['local/macros.conf', ['shell_processes']],
    ]);
  } finally {
    await plain.dispose();
  }
});

test('rename to an invalid or already defined name is an error with a message', LSP_TEST, async () => {
  const text = read(TEMP_FOLDER);
  const uri = await session.open(join(MACRO_WORKSPACE, TEMP_FOLDER), text);
  const position = cursorIn(text, '`shell_$0processes`');
  await assert.rejects(session.request('textDocument/rename', { textDocument: { uri }, position, newName: 'shell processes' }), {
    message: "'shell processes' is not a valid macro name (letters, digits, _ . : -).",
  });
  await assert.rejects(session.request('textDocument/rename', { textDocument: { uri }, position, newName: 'process_msiexec' }), {
    message: '`process_msiexec` is already defined (macros YAML).',
  });
  await session.close(uri);
});

test('completion inside backticks: every macro, inserted as a snippet with argument placeholders', LSP_TEST, async () => {
  const { uri, text, position } = await openScratch('completion_scratch.yml', "name: Completion Scratch\nsearch: '| tstats count from datamodel=Endpoint.Processes | `secu$0'\n");
  const list = await session.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position, context: { triggerKind: 1 } });
  await session.close(uri);
  assert.deepEqual(
    list.items.map((item) => item.label),
    [
      'drop_dm_object_name(1)',
      'fillnull_config',
      'oldsummaries_config',
      'process_in_folder(2)',
      'process_msiexec',
      'process_regsvr32',
      'security_content_ctime(1)',
      'security_content_summariesonly',
      'shell_processes',
      'summariesonly_config',
      // Not defined anywhere: the filter contentctl generates for this detection's name.
      'completion_scratch_filter',
    ],
  );
  assert.equal(list.items.length, 11);
  const replaced = rangeOf(text, 'secu', '`secu');
  const byLabel = (label: string) => list.items.find((item) => item.label === label)!;
  for (const [label, snippet] of [
    ['security_content_ctime(1)', 'security_content_ctime(${1:field})'],
    ['process_in_folder(2)', 'process_in_folder(${1:name}, ${2:folder})'],
    ['shell_processes', 'shell_processes'],
    ['completion_scratch_filter', 'completion_scratch_filter'],
  ]) {
    assert.deepEqual(byLabel(label).textEdit, { range: replaced, newText: snippet }, label);
    assert.equal(byLabel(label).insertTextFormat, 2, 'InsertTextFormat.Snippet');
  }
  assert.equal(byLabel('shell_processes').detail, 'local/macros.conf');
  assert.equal(byLabel('shell_processes').documentation, 'Command shells, PowerShell 7 included (local override)');
  assert.equal(byLabel('drop_dm_object_name(1)').detail, 'built-in definition (Splunk CIM / ES app; not in this workspace)');
});

test('completion after ( offers the argument names; outside backticks there is none', LSP_TEST, async () => {
  const { uri, text, position } = await openScratch('arguments_scratch.yml', "name: Arguments Scratch\nsearch: '| `process_in_folder($0'\n");
  const list = await session.request<CompletionList>('textDocument/completion', {
    textDocument: { uri },
    position,
    context: { triggerKind: 2, triggerCharacter: '(' },
  });
  assert.deepEqual(
    list.items.map((item) => [item.label, item.detail, item.textEdit]),
    [
      ['name=', 'argument 1 of process_in_folder(2)', { range: { start: position, end: position }, newText: 'name=${1}' }],
      ['folder=', 'argument 2 of process_in_folder(2)', { range: { start: position, end: position }, newText: 'folder=${1}' }],
    ],
  );
  const outside = await session.request('textDocument/completion', { textDocument: { uri }, position: cursorIn(text, '| $0`process') });
  assert.equal(outside, null);
  await session.close(uri);
});

test('signature help inside a call: label, parameters as label offsets, active parameter', LSP_TEST, async () => {
  const { uri, text, position } = await openScratch('signature_scratch.yml', "name: Signature Scratch\nsearch: '| `process_in_folder(\"msiexec.exe\", $0'\n");
  const help = await session.request<SignatureHelp>('textDocument/signatureHelp', { textDocument: { uri }, position });
  const [signature] = help.signatures;
  assert.equal(signature.label, 'process_in_folder(name, folder)');
  assert.deepEqual(
    signature.parameters?.map((p) => signature.label.slice(...(p.label as [number, number]))),
    ['name', 'folder'],
  );
  assert.equal(help.activeParameter, 1);
  assert.equal(signature.documentation, 'A process by name, started from a folder');
  const first = await session.request<SignatureHelp>('textDocument/signatureHelp', { textDocument: { uri }, position: cursorIn(text, '("msi$0exec.exe"') });
  assert.equal(first.activeParameter, 0);
  assert.equal(await session.request('textDocument/signatureHelp', { textDocument: { uri }, position: cursorIn(text, '| $0`process') }), null);
  await session.close(uri);
});

test('MAC007 quick fix: renames the filter macro to the one contentctl derives from the name', LSP_TEST, async () => {
  const text = read(TEMP_FOLDER);
  const uri = await session.open(join(MACRO_WORKSPACE, TEMP_FOLDER), text);
  const { diagnostics } = await session.waitForVersion(uri, 1);
  const mismatch = diagnostics.find((d) => d.code === 'MAC007');
  assert.ok(mismatch, `no MAC007 among ${diagnostics.map((d) => d.code)}`);
  assert.deepEqual(mismatch.range, rangeOf(text, 'msiexec_from_temp_filter'));

  const actions = await session.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: mismatch.range,
    context: { diagnostics: [mismatch], only: ['quickfix'] },
  });
  assert.equal(actions.length, 1);
  const [action] = actions;
  assert.equal(action.title, 'Rename to `msiexec_from_temp_folder_filter`');
  assert.equal(action.kind, 'quickfix');
  assert.equal(action.isPreferred, true);
  assert.deepEqual(action.diagnostics, [mismatch]);
  assert.deepEqual(documentEdits(action.edit!), [
    { textDocument: { uri, version: 1 }, edits: [{ range: mismatch.range, newText: 'msiexec_from_temp_folder_filter' }] },
  ]);
  const fixed = applyEdits(text, documentEdits(action.edit!)[0].edits);
  assert.ok(fixed.includes('| `msiexec_from_temp_folder_filter`\n'));

  // After the fix the warning is gone.
  const version = await session.change(uri, fixed);
  assert.equal((await session.waitForVersion(uri, version)).diagnostics.find((d) => d.code === 'MAC007'), undefined);
  await session.close(uri);
});

test('quick fixes come from the server analysis: a forged diagnostic or another kind gets none', LSP_TEST, async () => {
  const text = read(TEMP_FOLDER);
  const uri = await session.open(join(MACRO_WORKSPACE, TEMP_FOLDER), text);
  const mismatch = (await session.waitForVersion(uri, 1)).diagnostics.find((d) => d.code === 'MAC007')!;
  const forged: Diagnostic = { ...mismatch, range: rangeOf(text, 'shell_processes') };
  const request = (diagnostics: Diagnostic[], only?: string[]) =>
    session.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: mismatch.range,
      context: { diagnostics, ...(only ? { only } : {}) },
    });
  assert.deepEqual(await request([forged]), []);
  assert.deepEqual(await request([{ ...mismatch, code: 'MAC001' }]), []);
  assert.deepEqual(await request([mismatch], ['refactor']), []);
  assert.equal((await request([mismatch])).length, 1, 'no `only`: quick fixes included');
  assert.equal(textIn(text, mismatch.range), 'msiexec_from_temp_filter');
  await session.close(uri);
});
