// Macro calls inside map's search="..." over stdio, on a copy of the corpus' windows_ad_suspicious_gpo_modification
// and the macro it calls there: hover and go to definition reach them, references find them, and an
// undefined macro there is reported (MAC001) at its name, as Splunk would fail when map runs the search.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hover, Location, MarkupContent, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { cursorIn, rangeOf } from './cursor';
import { LSP_TEST, LspSession, fileUri } from './harness';
import { corpusPath } from '../../scripts/corpus/locate.mjs';

const CORPUS = corpusPath('security_content');
const DETECTION = 'detections/application/windows_ad_suspicious_gpo_modification.yml';
const MACRO = 'macros/wineventlog_security.yml';
const IN_MAP = 'map search="search `wineventlog_$0security` EventCode=5136';
let workspace: string;
let session: LspSession;
let text: string;

before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'spl-lsp-map-'));
  for (const file of [DETECTION, MACRO]) {
    mkdirSync(join(workspace, file, '..'), { recursive: true });
    copyFileSync(join(CORPUS, file), join(workspace, file));
  }
  text = readFileSync(join(workspace, DETECTION), 'utf8');
  session = await LspSession.start(workspace, { diagnosticsSettleMs: 0 });
});
after(async () => {
  await session.dispose();
  rmSync(workspace, { recursive: true, force: true });
});

test('hover and go to definition on a macro call inside map\'s search', LSP_TEST, async () => {
  const uri = await session.open(join(workspace, DETECTION));
  const position = cursorIn(text, IN_MAP);
  const hover = await session.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
  assert.match((hover?.contents as MarkupContent | undefined)?.value ?? '', /^\*\*`wineventlog_security`\*\*[\s\S]*eventtype=wineventlog_security OR Channel=security OR source=XmlWinEventLog:Security/);
  assert.deepEqual(hover?.range, rangeOf(text, '`wineventlog_security`', IN_MAP.replace('$0', '')));
  const definition = await session.request<Location[] | Location | null>('textDocument/definition', { textDocument: { uri }, position });
  const target = Array.isArray(definition) ? definition[0] : definition;
  assert.equal(target?.uri, fileUri(join(workspace, MACRO)));
});

test('references and rename of the macro include the call inside map\'s search', LSP_TEST, async () => {
  const macroText = readFileSync(join(workspace, MACRO), 'utf8');
  const uri = await session.open(join(workspace, MACRO));
  const references = await session.request<Location[]>('textDocument/references', {
    textDocument: { uri }, position: cursorIn(macroText, 'name: wineventlog_$0security'), context: { includeDeclaration: false },
  });
  const inDetection = references.filter((r) => r.uri === fileUri(join(workspace, DETECTION))).map((r) => r.range);
  const both = [rangeOf(text, 'wineventlog_security', '`wineventlog_security` EventCode=5145'), rangeOf(text, 'wineventlog_security', IN_MAP.replace('$0', ''))];
  assert.deepEqual(inDetection, both);
  // Rename edits both calls, the one in map's search included.
  const rename = await session.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: cursorIn(macroText, 'name: wineventlog_$0security'), newName: 'security_events' });
  const edits = (rename.documentChanges ?? []).flatMap((change) => ('textDocument' in change && change.textDocument.uri === fileUri(join(workspace, DETECTION)) ? change.edits : []));
  assert.deepEqual(edits.map((e) => [e.range, 'newText' in e ? e.newText : undefined]), both.map((range) => [range, 'security_events']));
  await session.close(uri);
});

test('an undefined macro in map\'s search is MAC001 at its name; a defined one is no problem', LSP_TEST, async () => {
  // The detection is still open from the hover test.
  const uri = fileUri(join(workspace, DETECTION));
  const broken = text.replace('map search="search `wineventlog_security` EventCode=5136', 'map search="search `wineventlog_securty` EventCode=5136');
  const published = await session.waitForVersion(uri, await session.change(uri, broken));
  const macroProblems = published.diagnostics.filter((d) => String(d.code).startsWith('MAC'));
  assert.deepEqual(macroProblems.map((d) => [d.code, d.severity, d.message, d.range]), [[
    'MAC001', 1, "Undefined macro `wineventlog_securty` in map's search (Splunk expands it when map runs the search)",
    rangeOf(broken, 'wineventlog_securty'),
  ]]);
  const fixed = await session.waitForVersion(uri, await session.change(uri, text));
  assert.deepEqual(fixed.diagnostics.filter((d) => String(d.code).startsWith('MAC')), []);
});
