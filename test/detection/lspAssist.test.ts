// Completion and hover of a detection's keys and values through the language server over stdio: the
// LSP items (kinds, snippet edits over the typed text, indentation adjusted) and hover markdown with range.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { CompletionItem, CompletionList, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { parse } from 'yaml';
import { LSP_TEST, LspSession, fileUri } from '../lsp/harness';

const shared = parse(readFileSync(resolve(__dirname, '../fixtures/lint/SPL152.yml'), 'utf8')) as { 'x-valid-escu4': string; 'x-workspace': Record<string, string> };

let workspace: string;
let session: LspSession;
before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'spl-lsp-assist-'));
  for (const [path, text] of Object.entries(shared['x-workspace'])) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), text);
  }
  mkdirSync(join(workspace, 'detections/endpoint'), { recursive: true });
  session = await LspSession.start(workspace, { diagnosticsSettleMs: 0 });
});
after(async () => {
  await session.dispose();
  rmSync(workspace, { recursive: true, force: true });
});

function positionOf(text: string, offset: number) {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

test('completing a data_source item offers the data source names over the typed text', LSP_TEST, async () => {
  const text = shared['x-valid-escu4'].replace('- Sysmon EventID 1', '- Sys');
  const uri = await session.open(join(workspace, 'detections/endpoint/fixture_net_share_discovery.yml'), text);
  const position = positionOf(text, text.indexOf('- Sys') + 5);
  const list = await session.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
  const item = list.items.find((i) => i.label === 'Sysmon EventID 1') as CompletionItem;
  assert.ok(item, JSON.stringify(list.items.map((i) => i.label)));
  assert.equal(item.kind, 18, 'Reference');
  assert.equal(item.detail, 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational · xmlwineventlog');
  assert.deepEqual(item.textEdit, { range: { start: { line: 9, character: 2 }, end: { line: 9, character: 5 } }, newText: 'Sysmon EventID 1' });
  await session.close(uri);
});

test('completing a key at the top level offers the tags snippet with indentation adjusted by the client', LSP_TEST, async () => {
  const text = 'name: New Detection\nta';
  const uri = await session.open(join(workspace, 'detections/endpoint/new_detection.yml'), text);
  const list = await session.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 2 } });
  const tags = list.items.find((i) => i.label === 'tags')!;
  assert.equal(tags.insertTextFormat, 2, 'snippet');
  assert.equal(tags.insertTextMode, 2, 'adjustIndentation');
  assert.equal(tags.kind, 10, 'Property');
  assert.match((tags.textEdit as { newText: string }).newText, /^tags:\n  analytic_story:\n  - \$1\n/);
  assert.deepEqual((tags.textEdit as { range: unknown }).range, { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } });
  await session.close(uri);
});

test('hover on a story name shows its description; on a message token, the command producing the field', LSP_TEST, async () => {
  const text = shared['x-valid-escu4'];
  const uri = await session.open(join(workspace, 'detections/endpoint/fixture_net_share_discovery.yml'), text);
  const story = await session.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, text.indexOf('Fixture Discovery') + 3) });
  assert.equal((story.contents as MarkupContent).value, '**Fixture Discovery** (analytic story)\n\nDiscovery techniques.');
  assert.deepEqual(story.range, { start: { line: 22, character: 4 }, end: { line: 22, character: 21 } });
  const token = await session.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, text.indexOf('$user$') + 2) });
  assert.equal((token.contents as MarkupContent).value, '`user` comes from `rename Processes.* as *`.');
  await session.close(uri);
});

test('splDetect/newDetection gives the skeleton and its place; a bad name or an existing file gets a sentence', LSP_TEST, async () => {
  const answer = await session.request<{ uri: string; text: string }>('splDetect/newDetection', { name: 'Share Enumeration', type: 'Anomaly', kind: 'network' });
  assert.equal(answer.uri, fileUri(join(workspace, 'detections/network/share_enumeration.yml')));
  const yaml = parse(answer.text) as Record<string, unknown>;
  assert.deepEqual([yaml.name, yaml.type, yaml.status], ['Share Enumeration', 'Anomaly', 'production']);
  assert.match(String(yaml.search), /`share_enumeration_filter`$/);
  const long = await session.request<{ error: string }>('splDetect/newDetection', { name: 'x'.repeat(70), type: 'TTP', kind: 'endpoint' });
  assert.equal(long.error, 'Cannot create the detection: the name has 70 characters; contentctl accepts at most 67.');
  writeFileSync(join(workspace, 'detections/endpoint/taken.yml'), 'name: Taken\n');
  assert.match((await session.request<{ error: string }>('splDetect/newDetection', { name: 'Taken', type: 'TTP', kind: 'endpoint' })).error, /taken\.yml exists already/);
  assert.match((await session.request<{ error: string }>('splDetect/newDetection', { name: 'X', type: 'Nope', kind: 'endpoint' })).error, /Unknown detection type "Nope"/);
  assert.ok('error' in (await session.request<{ error: string }>('splDetect/newDetection', null)));
});
