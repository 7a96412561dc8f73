// Bad input never costs the server: whatever text an editor sends, every answer is well-formed,
// nothing is logged as a failure, and the process keeps running.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import type { DocumentSymbol, InitializeResult, PublishDiagnosticsParams, Range, SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver-protocol';
import { LSP_TEST, LspSession, WORKSPACE, decodeSemanticTokens } from './harness';

let session: LspSession;
let legend: string[];
before(async () => {
  session = await LspSession.start(WORKSPACE, { diagnosticsSettleMs: 0 });
  const result: InitializeResult = await session.initializeResult;
  legend = (result.capabilities.semanticTokensProvider as { legend: SemanticTokensLegend }).legend.tokenTypes;
});
after(() => session.dispose());

/** UTF-16 lengths of the lines as LSP counts them (a \r before \n is part of the break). */
const lineLengths = (text: string) => text.split('\n').map((line) => (line.endsWith('\r') ? line.length - 1 : line.length));

function assertRangeInside(range: Range, lengths: number[], what: string): void {
  for (const position of [range.start, range.end]) {
    assert.ok(position.line >= 0 && position.line < lengths.length, `${what}: line ${position.line} of ${lengths.length}`);
    assert.ok(position.character >= 0 && position.character <= lengths[position.line], `${what}: character ${position.character} past the line`);
  }
}

/** Sends the text, then checks the diagnostics, tokens and symbols the server answers for it. */
async function assertWellFormedAnswers(uri: string, text: string): Promise<void> {
  const version = await session.change(uri, text);
  const published: PublishDiagnosticsParams = await session.waitForVersion(uri, version);
  const lengths = lineLengths(text);
  for (const diagnostic of published.diagnostics) assertRangeInside(diagnostic.range, lengths, `diagnostic ${diagnostic.code}`);

  const { data } = await session.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
  assert.equal(data.length % 5, 0);
  let previous = { line: -1, end: 0 };
  for (const token of decodeSemanticTokens(data, legend, text)) {
    assert.ok(token.length > 0, 'empty token');
    assert.ok(legend.includes(token.type), `unknown type ${token.type}`);
    assert.ok(token.character + token.length <= lengths[token.line], `token past the end of line ${token.line}`);
    assert.ok(token.line > previous.line || token.character >= previous.end, `overlapping tokens on line ${token.line}`);
    previous = { line: token.line, end: token.character + token.length };
  }

  const symbols = await session.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  const visit = (symbol: DocumentSymbol): void => {
    assert.ok(symbol.name.length > 0, 'empty symbol name');
    assertRangeInside(symbol.range, lengths, `symbol ${symbol.name}`);
    assertRangeInside(symbol.selectionRange, lengths, `symbol ${symbol.name}`);
    symbol.children?.forEach(visit);
  };
  symbols.forEach(visit);
  const failures = session.logMessages.filter((message) => message.includes('failed'));
  assert.deepEqual(failures, [], 'the server logged a failure');
}

/** SPL-ish text: the characters that matter to the lexer and to YAML, plus arbitrary Unicode. */
const splText = fc.oneof(
  fc.array(fc.constantFrom('|', ' ', '"', "'", '`', '```', '(', ')', '[', ']', '\\', '=', '$', '\n', '\r\n', '\t', 'stats', 'eval', 'by', 'AS', 'x', '1', '#', ':', '- ', 'search: ', '\u0000', '😀', '\ud800'), { maxLength: 60 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 80 }),
);

const forms: { name: string; file: string; wrap: (spl: string) => string }[] = [
  { name: 'a single-quoted YAML search', file: 'detections/custom/fuzz_quoted.yml', wrap: (spl) => `name: Fuzz\nsearch: '${spl.replace(/'/g, "''")}'\n` },
  { name: 'a block-scalar YAML search', file: 'detections/custom/fuzz_block.yml', wrap: (spl) => `name: Fuzz\nsearch: |\n  ${spl.replace(/\n/g, '\n  ')}\ntags: {}\n` },
  { name: 'raw detection YAML', file: 'detections/custom/fuzz_raw.yml', wrap: (spl) => spl },
  { name: 'a macro YAML definition', file: 'macros/fuzz_macro.yml', wrap: (spl) => `name: fuzz_macro\ndefinition: "${spl.replace(/["\\]/g, '\\$&')}"\n` },
  { name: 'macros.conf', file: 'fuzz/macros.conf', wrap: (spl) => `[fuzz(1)]\nargs = x\ndefinition = ${spl}\n` },
  { name: 'a .spl file', file: 'fuzz.spl', wrap: (spl) => spl },
];

for (const form of forms) {
  test(`garbage in ${form.name}: well-formed answers, no failures, the server lives`, LSP_TEST, async () => {
    const uri = await session.open(join(WORKSPACE, form.file), form.wrap(''));
    await session.waitForVersion(uri, 1);
    await fc.assert(
      fc.asyncProperty(splText, (spl) => assertWellFormedAnswers(uri, form.wrap(spl))),
      { numRuns: 100, seed: 20241024 },
    );
    await session.close(uri);
    assert.ok(session.alive);
  });
}

test('pathological inputs: deep nesting, a huge line, unclosed everything', LSP_TEST, async () => {
  const uri = await session.open(join(WORKSPACE, 'detections/custom/pathological.yml'), 'name: x\n');
  await session.waitForVersion(uri, 1);
  const cases = [
    `search: '${'['.repeat(3000)}'`,
    `search: '${'eval x=('.repeat(2000)}'`,
    `search: '${'| stats count by x '.repeat(5000)}'`,
    `search: |\n  ${'"'.repeat(999)}\n  \`\`\`\n  \``,
    'search: \'"unclosed | `macro( | ```comment',
    '\ufeffsearch: \'\t| eval\u2028x=1\'\r\n',
  ];
  for (const text of cases) await assertWellFormedAnswers(uri, `name: Pathological\n${text}\n`);
  await session.close(uri);
  assert.ok(session.alive);
});

test('requests about unknown or closed documents answer empty', LSP_TEST, async () => {
  const uri = 'file:///nowhere/detections/x.yml';
  assert.deepEqual(await session.request('textDocument/documentSymbol', { textDocument: { uri } }), []);
  assert.deepEqual(await session.request('textDocument/semanticTokens/full', { textDocument: { uri } }), { data: [] });
  const untitled = 'untitled:Untitled-1';
  await session.notify('textDocument/didOpen', { textDocument: { uri: untitled, languageId: 'spl', version: 1, text: '| stats' } });
  assert.deepEqual(await session.request('textDocument/documentSymbol', { textDocument: { uri: untitled } }), []);
  assert.ok(session.alive);
});
