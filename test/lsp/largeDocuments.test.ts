// Large documents in the language server, over stdio with the editor's default typing debounce:
// a 2 MB savedsearches.conf (3,000 corpus searches; its analysis takes seconds) is edited 5,000 times
// and only the last version is analysed, while requests about other documents are answered before
// its analysis ends; a 20 MB one gets DOC009 and nothing else from a server held to a 256 MB heap.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hover, MarkupContent, PublishDiagnosticsParams, SemanticTokens } from 'vscode-languageserver-protocol';
import { hangGuarded } from '../support/hangGuard';
import { largeSavedSearches } from '../support/largeDocuments';
import { fileUri, LspSession, WORKSPACE } from './harness';

const GUARD = { timeout: 120_000 };
const LARGE = join(WORKSPACE, 'large/default/savedsearches.conf');
const DETECTION = join(WORKSPACE, 'detections/endpoint/windows_msiexec_dllregisterserver.yml');
const DETECTION_TEXT = readFileSync(DETECTION, 'utf8');
let large: { text: string; searches: number };

before(() => {
  large = largeSavedSearches(2_000_000);
});

/** A hover on `process_msiexec` in the msiexec detection (opened by the caller). */
async function hoverOnMacro(session: LspSession): Promise<string> {
  const at = DETECTION_TEXT.indexOf('`process_msiexec`') + 3;
  const lines = DETECTION_TEXT.slice(0, at).split('\n');
  const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
  const hover = await session.request<Hover | null>('textDocument/hover', { textDocument: { uri: fileUri(DETECTION) }, position });
  return (hover?.contents as MarkupContent | undefined)?.value ?? '';
}

let session: LspSession;
before(async () => {
  session = await LspSession.start(WORKSPACE);
});
after(() => session.dispose());

hangGuarded('5,000 edits of a 2 MB document only update its text: a hover elsewhere answers at once, and only the last version is analysed', GUARD, async () => {
  const uri = await session.open(LARGE, large.text, 'plaintext');
  const detection = await session.open(DETECTION);
  // Typing at the end of the first saved search's line, one character per edit.
  const line = large.text.split('\n')[1];
  let version = 1;
  for (let i = 0; i < 5_000; i++) {
    const character = line.length + i;
    await session.notify('textDocument/didChange', {
      textDocument: { uri, version: ++version },
      contentChanges: [{ range: { start: { line: 1, character }, end: { line: 1, character } }, text: i % 2 ? ' ' : 'x' }],
    });
  }
  assert.match(await hoverOnMacro(session), /msiexec\.exe/);
  const published = await session.waitForVersion(uri, version);
  assert.ok(published.diagnostics.length > 0, 'the corpus searches get lint findings');
  // The versions before were superseded while their analysis ran (the open one included): dropped, not published.
  assert.deepEqual(session.diagnosticsReceived(uri).map((p) => p.version), [version]);
  await session.close(uri);
  await session.close(detection);
});

hangGuarded("a document's analysis does not hold up the others: a small document is checked and served before the 2 MB one is done", GUARD, async () => {
  const uri = await session.open(LARGE, large.text, 'plaintext');
  const detection = await session.open(DETECTION);
  const small = await session.open(join(WORKSPACE, 'detections/custom/small.yml'), "name: Small\nsearch: '`sysmon` EventCode=1 | stats count by dest'\n");
  // (The first test published no version 1 of this document.)
  const stillRunning = () => !session.diagnosticsReceived(uri).some((p) => p.version === 1);
  await session.waitForVersion(small, 1);
  assert.ok(stillRunning(), 'the small document was checked while the large one was being analysed');
  assert.match(await hoverOnMacro(session), /msiexec\.exe/);
  assert.ok(stillRunning(), 'a hover on another document was answered while the large one was being analysed');
  const tokens = await session.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: small } });
  assert.ok(tokens.data.length > 0);
  await session.waitForVersion(uri, 1);
  for (const opened of [uri, small, detection]) await session.close(opened);
});

hangGuarded('a 20 MB document in a server held to a 256 MB heap: DOC009 only, no tokens or outline, and the other documents are served', GUARD, async () => {
  const bounded = await LspSession.start(WORKSPACE, {}, { nodeArgs: ['--max-old-space-size=256'] });
  try {
    const huge = largeSavedSearches(20_000_000).text;
    const uri = await bounded.open(LARGE, huge, 'plaintext');
    const published: PublishDiagnosticsParams = await bounded.waitForVersion(uri, 1);
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.message]),
      [['DOC009', 0, 0, `The file is ${huge.length} characters long, past the bound of 10000000: its searches and macros are not read, checked or run`]],
    );
    assert.deepEqual(await bounded.request('textDocument/semanticTokens/full', { textDocument: { uri } }), { data: [] });
    assert.deepEqual(await bounded.request('textDocument/documentSymbol', { textDocument: { uri } }), []);
    await bounded.open(DETECTION);
    assert.match(await hoverOnMacro(bounded), /msiexec\.exe/);
    assert.ok(bounded.alive);
  } finally {
    await bounded.dispose();
  }
});
