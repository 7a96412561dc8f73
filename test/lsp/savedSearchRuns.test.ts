// A savedsearches.conf over stdio: each saved search gets its own "▶ Run on sample" CodeLens (passing its
// label), a run of one names its stanza, and the run's summary lens stands above that saved search only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { RUN_DETECTION_REQUEST, RUN_ON_SAMPLE_CLIENT_COMMAND, type RunDetectionResult } from '../../server/src/lsp/protocol';
import { LSP_TEST, LspSession } from './harness';

const SAVED = '[Admin Logons]\nsearch = kind=logon user=admin | stats count by dest\n\n[Failed Logons]\nsearch = kind=logon result=failure | stats count by user\n';
let workspace: string;
let session: LspSession;
let saved: string;
let log: string;

before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'spl-lsp-saved-'));
  mkdirSync(join(workspace, 'default'));
  saved = join(workspace, 'default/savedsearches.conf');
  writeFileSync(saved, SAVED);
  log = join(workspace, 'logons.json');
  writeFileSync(log, '{"kind":"logon","user":"bob","dest":"h2","result":"failure"}\n');
  session = await LspSession.start(workspace, { diagnosticsSettleMs: 0 });
});
after(async () => {
  await session.dispose();
  rmSync(workspace, { recursive: true, force: true });
});

test('each saved search has its Run lens; a run of one shows its summary above it only', LSP_TEST, async () => {
  const uri = await session.open(saved);
  const before = await session.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  assert.deepEqual(before.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]), [
    [1, '▶ Run on sample', RUN_ON_SAMPLE_CLIENT_COMMAND, [uri, '[Admin Logons] search']],
    [4, '▶ Run on sample', RUN_ON_SAMPLE_CLIENT_COMMAND, [uri, '[Failed Logons] search']],
  ]);
  const run = await session.request<RunDetectionResult>(RUN_DETECTION_REQUEST, { uri, logPath: log, search: '[Failed Logons] search' });
  assert.equal(run.ok, true, JSON.stringify(run.problems));
  assert.deepEqual([run.detection, run.searchLabel, run.results.map((r) => r.fields)], ['Failed Logons', '[Failed Logons] search', [{ user: 'bob', count: '1' }]]);
  const after = await session.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  assert.deepEqual(after.map((l) => [l.range.start.line, l.command?.title.replace(/\d+\.\d\d s/, 'T s')]), [
    [1, '▶ Run on sample'],
    [4, '▶ Run on sample'],
    [4, '1 result from 1 event, T s'],
  ]);
});

test('without a label, the run takes the saved search under the given position (the palette command at the cursor)', LSP_TEST, async () => {
  const uri = await session.open(saved);
  const second = await session.request<RunDetectionResult>(RUN_DETECTION_REQUEST, { uri, logPath: log, position: { line: 4, character: 15 } });
  assert.equal(second.searchLabel, '[Failed Logons] search');
  // A position outside any search (the blank line) runs the first one.
  const first = await session.request<RunDetectionResult>(RUN_DETECTION_REQUEST, { uri, logPath: log, position: { line: 2, character: 0 } });
  assert.equal(first.searchLabel, '[Admin Logons] search');
});
