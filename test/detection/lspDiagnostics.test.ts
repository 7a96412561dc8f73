// The detection rules live in the editor, over stdio against the bundled server: findings at the range of
// the value, updated when a story is created on disk, when an open story is edited (unsaved), and when the
// ATT&CK bundle setting names a bundle; the quick fixes for an unknown story and for a file not named after
// its detection (a RenameFile, only for a client that takes one).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { parse } from 'yaml';
import { LSP_TEST, LspSession, fileUri } from '../lsp/harness';

const shared = parse(readFileSync(resolve(__dirname, '../fixtures/lint/SPL152.yml'), 'utf8')) as { 'x-valid-escu4': string; 'x-workspace': Record<string, string> };
const SETTINGS_SECTION = 'splDetect';
const CREATED = 1;

let workspace: string;
let session: LspSession;
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(workspace, path)), { recursive: true });
  writeFileSync(join(workspace, path), text);
};

before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'spl-lsp-detection-'));
  for (const [path, text] of Object.entries(shared['x-workspace'])) write(path, text);
  write('detections/endpoint/fixture_net_share_discovery.yml', shared['x-valid-escu4'].replace('  - Fixture Discovery', '  - Fixture Lateral Movement'));
  write('detections/endpoint/badly_named.yml', shared['x-valid-escu4'].replace('4dc3951f', '5ec3951f'));
  write('enterprise-attack.json', JSON.stringify({ type: 'bundle', objects: [{ type: 'attack-pattern', name: 'Other', external_references: [{ source_name: 'mitre-attack', external_id: 'T1003' }] }] }));
  session = await LspSession.start(workspace, { diagnosticsSettleMs: 0 }, { resourceOperations: ['rename'] });
});
after(async () => {
  await session.dispose();
  rmSync(workspace, { recursive: true, force: true });
});

const byCode = (diagnostics: Diagnostic[], code: string) => diagnostics.filter((d) => d.code === code);
const hasCode = (code: string) => (params: { diagnostics: Diagnostic[] }) => byCode(params.diagnostics, code).length > 0;
const lacksCode = (code: string) => (params: { diagnostics: Diagnostic[] }) => byCode(params.diagnostics, code).length === 0;

test('an unknown story is reported at its value; creating the story on disk clears it, editing its name in the editor brings it back', LSP_TEST, async () => {
  const uri = await session.open(join(workspace, 'detections/endpoint/fixture_net_share_discovery.yml'));
  const first = await session.waitForDiagnostics(uri, hasCode('SPL156'));
  const [unknown] = byCode(first.diagnostics, 'SPL156');
  assert.deepEqual(unknown.range, { start: { line: 22, character: 4 }, end: { line: 22, character: 28 } });
  assert.equal(unknown.severity, 1);
  assert.match(String(unknown.message), /`Fixture Lateral Movement` is not the name of an analytic story/);
  assert.match(String(unknown.codeDescription?.href), /SPL156\.md$/);

  const storyPath = join(workspace, 'stories/fixture_lateral_movement.yml');
  writeFileSync(storyPath, 'name: Fixture Lateral Movement\ndescription: Moving between hosts.\n');
  await session.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(storyPath), type: CREATED }] });
  await session.waitForDiagnostics(uri, lacksCode('SPL156'));

  const story = await session.open(storyPath);
  await session.change(story, 'name: Fixture Lateral Movements\ndescription: Moving between hosts.\n');
  const again = await session.waitForDiagnostics(uri, hasCode('SPL156'));
  assert.match(String(byCode(again.diagnostics, 'SPL156')[0].message), /did you mean `Fixture Lateral Movements`/);
  await session.close(story);
  // Closed unsaved, the story is what the disk says again.
  await session.waitForDiagnostics(uri, lacksCode('SPL156'));
  await session.close(uri);
});

test('the quick fix of an unknown story writes the closest name', LSP_TEST, async () => {
  const path = join(workspace, 'detections/endpoint/fixture_net_share_discovery.yml');
  const text = readFileSync(path, 'utf8').replace('  - Fixture Lateral Movement', '  - Fixture Discovry');
  const uri = await session.open(path, text);
  const published = await session.waitForDiagnostics(uri, hasCode('SPL156'));
  const diagnostic = byCode(published.diagnostics, 'SPL156')[0];
  const actions = await session.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
  assert.equal(actions.length, 1, JSON.stringify([diagnostic, actions]));
  assert.equal(actions[0].title, 'Change to `Fixture Discovery`');
  const [change] = actions[0].edit!.documentChanges! as { textDocument: { uri: string }; edits: { range: unknown; newText: string }[] }[];
  assert.deepEqual(change.edits, [{ range: diagnostic.range, newText: 'Fixture Discovery' }]);
  await session.close(uri);
});

test('a file not named after its detection: the quick fix renames the file', LSP_TEST, async () => {
  const path = join(workspace, 'detections/endpoint/badly_named.yml');
  const uri = await session.open(path);
  const published = await session.waitForDiagnostics(uri, hasCode('SPL154'));
  const diagnostic = byCode(published.diagnostics, 'SPL154')[0];
  assert.deepEqual(diagnostic.range, { start: { line: 0, character: 6 }, end: { line: 0, character: 33 } });
  const actions = await session.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
  const rename = actions.find((a) => a.title === 'Rename the file to fixture_net_share_discovery.yml');
  assert.deepEqual(rename?.edit?.documentChanges, [
    { kind: 'rename', oldUri: uri, newUri: fileUri(join(workspace, 'detections/endpoint/fixture_net_share_discovery.yml')), options: { overwrite: false, ignoreIfExists: false } },
  ]);
  await session.close(uri);
});

test('naming an ATT&CK bundle in the settings looks the ids up; a broken bundle is logged, not fatal', LSP_TEST, async () => {
  const uri = await session.open(join(workspace, 'detections/endpoint/fixture_net_share_discovery.yml'));
  await session.waitForDiagnostics(uri, lacksCode('SPL157'));
  await session.changeSettings({ [SETTINGS_SECTION]: { attackBundle: 'enterprise-attack.json' } });
  const withBundle = await session.waitForDiagnostics(uri, hasCode('SPL157'));
  assert.match(String(byCode(withBundle.diagnostics, 'SPL157')[0].message), /`T1135` is not a technique of the ATT&CK bundle .*enterprise-attack\.json/);
  write('broken.json', '{');
  await session.changeSettings({ [SETTINGS_SECTION]: { attackBundle: 'broken.json' } });
  await session.waitForDiagnostics(uri, lacksCode('SPL157'));
  assert.ok(session.logMessages.some((m) => /attackBundle: .*broken\.json is not JSON/.test(m)), 'the broken bundle is named in the log');
  await session.changeSettings({ [SETTINGS_SECTION]: {} });
  await session.close(uri);
});
