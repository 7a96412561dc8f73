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
  await assertPositionAnswers(uri, text, lengths);
  const failures = session.logMessages.filter((message) => message.includes('failed'));
  assert.deepEqual(failures, [], 'the server logged a failure');
}

/** Offsets where macro features have most to do: just after a backtick, a `(`, a `,`, and mid-text. */
function probeOffsets(text: string): number[] {
  const offsets = ['`', '(', ','].map((ch) => text.indexOf(ch)).filter((at) => at >= 0).map((at) => at + 1);
  return [...new Set([...offsets, Math.floor(text.length / 2)])];
}

const offsetToPosition = (text: string, offset: number) => {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
};

/** Hover, definition, references, rename, completion, signature help, links, quick fixes, expansion: in range or empty. */
async function assertPositionAnswers(uri: string, text: string, lengths: number[]): Promise<void> {
  const textDocument = { uri };
  for (const offset of probeOffsets(text)) {
    const position = offsetToPosition(text, offset);
    const hover = await session.request<{ range?: Range } | null>('textDocument/hover', { textDocument, position });
    if (hover?.range) assertRangeInside(hover.range, lengths, 'hover');
    const completion = await session.request<{ items: { textEdit?: { range: Range } }[] } | null>('textDocument/completion', { textDocument, position });
    for (const item of completion?.items ?? []) if (item.textEdit) assertRangeInside(item.textEdit.range, lengths, 'completion');
    const signature = await session.request<{ activeParameter?: number; signatures: { parameters?: unknown[] }[] } | null>('textDocument/signatureHelp', { textDocument, position });
    if (signature) assert.ok((signature.activeParameter ?? 0) < Math.max(1, signature.signatures[0].parameters?.length ?? 0), 'active parameter past the parameters');
    await session.request('textDocument/definition', { textDocument, position });
    await session.request('textDocument/references', { textDocument, position, context: { includeDeclaration: true } });
    // A macro that cannot be renamed is an error answer with a message, not a failure.
    const renameRange = await session.request<Range | null>('textDocument/prepareRename', { textDocument, position }).catch(() => null);
    if (renameRange) assertRangeInside(renameRange, lengths, 'prepareRename');
  }
  const links = await session.request<{ range: Range }[]>('textDocument/documentLink', { textDocument });
  for (const link of links) assertRangeInside(link.range, lengths, 'document link');
  await session.request('textDocument/codeAction', { textDocument, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
  await session.request('workspace/executeCommand', { command: 'spl.expandMacros', arguments: [uri, { line: 0, character: 0 }] });
}

/** SPL-ish text: the characters that matter to the lexer and to YAML, plus arbitrary Unicode. */
const splText = fc.oneof(
  fc.array(fc.constantFrom('|', ' ', '"', "'", '`', '```', '(', ')', '[', ']', '\\', '=', '$', '\n', '\r\n', '\t', 'stats', 'eval', 'by', 'AS', 'x', '1', ',', 'sysmon', 'security_content_ctime', '#', ':', '- ', 'search: ', '\u0000', '😀', '\ud800'), { maxLength: 60 }).map((parts) => parts.join('')),
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
    `search: '${'`security_content_ctime(a, `sysmon`, '.repeat(2000)}'`,
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
  for (const textDocument of [{ uri }, { uri: untitled }]) {
    const position = { line: 0, character: 3 };
    assert.equal(await session.request('textDocument/hover', { textDocument, position }), null);
    assert.equal(await session.request('textDocument/definition', { textDocument, position }), null);
    assert.deepEqual(await session.request('textDocument/references', { textDocument, position, context: { includeDeclaration: true } }), []);
    assert.equal(await session.request('textDocument/completion', { textDocument, position }), null);
    assert.deepEqual(await session.request('textDocument/documentLink', { textDocument }), []);
    assert.equal(await session.request('workspace/executeCommand', { command: 'spl.expandMacros', arguments: [textDocument.uri] }), null);
  }
  assert.ok(session.alive);
});
