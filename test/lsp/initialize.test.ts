import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LSP_TEST, LspSession } from './harness';

let session: LspSession;
before(async () => {
  session = await LspSession.start();
});
after(() => session.dispose());

test('initialize announces incremental sync, semantic tokens (full and range) and document symbols', LSP_TEST, async () => {
  const { capabilities, serverInfo } = await session.initializeResult;
  assert.equal(serverInfo?.name, 'spl-detection-workbench');
  assert.equal(capabilities.textDocumentSync, 2, 'TextDocumentSyncKind.Incremental');
  assert.ok(capabilities.documentSymbolProvider);
  const tokens = capabilities.semanticTokensProvider;
  assert.ok(tokens && 'legend' in tokens);
  assert.deepEqual(tokens.legend.tokenTypes, [
    'function', 'keyword', 'parameter', 'property', 'method', 'macro', 'string', 'number', 'operator', 'comment', 'variable', 'regexp',
  ]);
  assert.equal(tokens.full, true);
  assert.equal(tokens.range, true);
});

test('initialize announces the macro features with their trigger characters', LSP_TEST, async () => {
  const { capabilities } = await session.initializeResult;
  assert.equal(capabilities.hoverProvider, true);
  assert.equal(capabilities.definitionProvider, true);
  assert.equal(capabilities.referencesProvider, true);
  assert.deepEqual(capabilities.renameProvider, { prepareProvider: true });
  assert.deepEqual(capabilities.documentLinkProvider, { resolveProvider: false });
  assert.deepEqual(capabilities.completionProvider?.triggerCharacters, ['`', '(']);
  assert.deepEqual(capabilities.signatureHelpProvider?.triggerCharacters, ['(', ',']);
  assert.deepEqual(capabilities.codeActionProvider, { codeActionKinds: ['quickfix'] });
  assert.deepEqual(capabilities.executeCommandProvider, { commands: ['spl.expandMacros'] });
});

test('shutdown and exit end the server with code 0', LSP_TEST, async () => {
  const other = await LspSession.start();
  assert.equal(await other.shutdown(), 0);
  assert.equal(other.alive, false);
});
