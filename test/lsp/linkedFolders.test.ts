// A workspace whose macros/ is a symbolic link to a shared checkout: the server resolves the macros,
// asks the editor to watch the linked folder (editors' watchers do not follow links) and rereads a
// macro changed there.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WATCHED_FILES_GLOB } from '../../server/src/lsp/protocol';
import { LSP_TEST, LspSession, WORKSPACE, fileUri, withoutLint } from './harness';

let tmp: string;
let workspace: string;
let session: LspSession;
before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'spl-lsp-linked-'));
  workspace = join(tmp, 'content');
  cpSync(WORKSPACE, workspace, { recursive: true, filter: (source) => !source.startsWith(join(WORKSPACE, 'macros')) });
  cpSync(join(WORKSPACE, 'macros'), join(tmp, 'shared-macros'), { recursive: true });
  symlinkSync(join(tmp, 'shared-macros'), join(workspace, 'macros'));
  session = await LspSession.start(workspace, { diagnosticsSettleMs: 0 }, { fileWatchers: true });
});
after(async () => {
  await session.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

test('macros of a linked macros/ resolve, the linked folder is watched and its changes are reread', LSP_TEST, async () => {
  const detection = await session.open(join(workspace, 'detections/endpoint/windows_msiexec_dllregisterserver.yml'));
  assert.deepEqual(withoutLint((await session.waitForVersion(detection, 1)).diagnostics), []);

  const registration = await session.waitForRegistration('workspace/didChangeWatchedFiles');
  const { watchers } = registration.registerOptions as { watchers: { globPattern: { baseUri: string; pattern: string } }[] };
  assert.deepEqual(watchers, [{ globPattern: { baseUri: fileUri(join(workspace, 'macros')), pattern: WATCHED_FILES_GLOB } }]);

  // What the editor reports when the shared checkout changes: the path through the link.
  const macroPath = join(workspace, 'macros/process_msiexec.yml');
  const original = readFileSync(macroPath, 'utf8');
  writeFileSync(join(tmp, 'shared-macros/process_msiexec.yml'), original.replace('name: process_msiexec', 'name: process_msiexec_v2'));
  await session.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(macroPath), type: 2 }] });
  const after = await session.waitForDiagnostics(detection, (params) => withoutLint(params.diagnostics).length > 0);
  assert.deepEqual(withoutLint(after.diagnostics).map((d) => d.code), ['MAC001']);
});
