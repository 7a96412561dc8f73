import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InitializeResult, SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver-protocol';
import { LSP_TEST, LspSession, WORKSPACE, decodeSemanticTokens, type DecodedToken } from './harness';

let session: LspSession;
let legend: string[];
before(async () => {
  session = await LspSession.start();
  const result: InitializeResult = await session.initializeResult;
  legend = (result.capabilities.semanticTokensProvider as { legend: SemanticTokensLegend }).legend.tokenTypes;
});
after(() => session.dispose());

async function tokensOf(uri: string, text: string, range?: object): Promise<DecodedToken[]> {
  const method = range ? 'textDocument/semanticTokens/range' : 'textDocument/semanticTokens/full';
  const result = await session.request<SemanticTokens>(method, { textDocument: { uri }, ...(range ? { range } : {}) });
  return decodeSemanticTokens(result.data, legend, text);
}

const find = (tokens: DecodedToken[], text: string) => tokens.filter((token) => token.text === text).map(({ text: _, ...rest }) => rest);

test('a small single-quoted search decodes to the expected line, character, length and type', LSP_TEST, async () => {
  const text = "name: Tokens\nsearch: '| stats count by dest | `my_macro(\"x\")`'\n";
  const uri = await session.open(join(WORKSPACE, 'detections/custom/tokens.yml'), text);
  const tokens = await tokensOf(uri, text);
  assert.deepEqual(find(tokens, 'stats'), [{ line: 1, character: 11, length: 5, type: 'method' }]);
  assert.deepEqual(find(tokens, 'by'), [{ line: 1, character: 23, length: 2, type: 'keyword' }]);
  assert.deepEqual(find(tokens, 'dest'), [{ line: 1, character: 26, length: 4, type: 'property' }]);
  assert.ok(tokens.some((token) => token.type === 'macro' && token.text.includes('my_macro')), JSON.stringify(tokens));
  assert.ok(tokens.every((token) => token.line === 1), 'nothing outside the search is coloured');
  await session.close(uri);
});

test('a block-scalar search spanning lines: tokens on each line, a string split at the line break', LSP_TEST, async () => {
  const path = join(WORKSPACE, 'detections/custom/block_scalar_search.yml');
  const text = readFileSync(path, 'utf8');
  const uri = await session.open(path, text);
  const tokens = await tokensOf(uri, text);
  const lines = text.split('\n');
  const header = lines.indexOf('search: |');
  assert.deepEqual(find(tokens, '`sysmon`'), [{ line: header + 1, character: 2, length: 8, type: 'macro' }]);
  assert.deepEqual(find(tokens, 'eval'), [{ line: header + 2, character: 4, length: 4, type: 'method' }]);
  // "first\nsecond" is one SPL string; LSP tokens cannot cross lines, and the indentation is YAML's.
  assert.deepEqual(find(tokens, '"first'), [{ line: header + 2, character: 14, length: 6, type: 'string' }]);
  assert.deepEqual(find(tokens, 'second"'), [{ line: header + 3, character: 2, length: 7, type: 'string' }]);
  assert.deepEqual(find(tokens, 'stats'), [{ line: header + 4, character: 4, length: 5, type: 'method' }]);
  assert.deepEqual(find(tokens, 'by'), [{ line: header + 4, character: 16, length: 2, type: 'keyword' }]);

  const ranged = await tokensOf(uri, text, { start: { line: header + 4, character: 0 }, end: { line: header + 5, character: 0 } });
  assert.ok(ranged.length > 0 && ranged.every((token) => token.line === header + 4), JSON.stringify(ranged));
  assert.deepEqual(ranged, tokens.filter((token) => token.line === header + 4));
  await session.close(uri);
});

test('positions are UTF-16: a token after an astral character starts one unit later per surrogate', LSP_TEST, async () => {
  const text = '| eval note="😀" | stats count by dest\n';
  const uri = await session.open(join(WORKSPACE, 'custom_astral.spl'), text);
  const tokens = await tokensOf(uri, text);
  assert.deepEqual(find(tokens, 'stats'), [{ line: 0, character: text.indexOf('stats'), length: 5, type: 'method' }]);
  assert.equal(text.indexOf('stats'), 19, 'the emoji counts as two UTF-16 units (18 code points precede stats)');
  await session.close(uri);
});
