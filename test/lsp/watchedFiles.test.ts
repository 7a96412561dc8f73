// Files changed outside the editor (pull, branch switch): the client forwards watched-file events,
// the server rereads the file and re-checks the open documents.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LSP_TEST, LspSession, WORKSPACE, fileUri, withoutLint } from './harness';

let workspace: string;
let session: LspSession;
before(async () => {
  // A copy: this test rewrites a macro file on disk.
  workspace = mkdtempSync(join(tmpdir(), 'spl-lsp-watch-'));
  cpSync(WORKSPACE, workspace, { recursive: true });
  session = await LspSession.start(workspace, { diagnosticsSettleMs: 0 });
});
after(async () => {
  await session.dispose();
  rmSync(workspace, { recursive: true, force: true });
});

const CHANGED = 2;
const DELETED = 3;
const CREATED = 1;

test('a macro renamed, deleted and restored on disk re-checks the open detection', LSP_TEST, async () => {
  const detection = await session.open(join(workspace, 'detections/endpoint/windows_msiexec_dllregisterserver.yml'));
  // The detection's lint findings stay the same throughout; the macro findings are the subject here.
  assert.deepEqual(withoutLint((await session.waitForVersion(detection, 1)).diagnostics), []);
  const macroPath = join(workspace, 'macros/process_msiexec.yml');
  const original = readFileSync(macroPath, 'utf8');
  const codes = async (accept: (count: number) => boolean) =>
    withoutLint((await session.waitForDiagnostics(detection, (params) => accept(withoutLint(params.diagnostics).length))).diagnostics).map((d) => d.code);

  writeFileSync(macroPath, original.replace('name: process_msiexec', 'name: process_msiexec_v2'));
  await session.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(macroPath), type: CHANGED }] });
  assert.deepEqual(await codes((n) => n > 0), ['MAC001']);

  writeFileSync(macroPath, original);
  await session.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(macroPath), type: CHANGED }] });
  assert.deepEqual(await codes((n) => n === 0), []);

  rmSync(macroPath);
  await session.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(macroPath), type: DELETED }] });
  assert.deepEqual(await codes((n) => n > 0), ['MAC001']);

  writeFileSync(macroPath, original);
  await session.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(macroPath), type: CREATED }] });
  assert.deepEqual(await codes((n) => n === 0), []);
  await session.close(detection);
});
