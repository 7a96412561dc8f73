import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-protocol';
import { LSP_TEST, LspSession, WORKSPACE } from './harness';

let session: LspSession;
before(async () => {
  session = await LspSession.start();
});
after(() => session.dispose());

async function symbolsOf(file: string): Promise<{ symbols: DocumentSymbol[]; lines: string[] }> {
  const path = join(WORKSPACE, file);
  const uri = await session.open(path);
  const symbols = await session.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  await session.close(uri);
  return { symbols, lines: readFileSync(path, 'utf8').split('\n') };
}

/** The text a single-line range covers. */
const textAt = (lines: string[], range: Range) => {
  assert.equal(range.start.line, range.end.line, `expected a one-line range, got ${JSON.stringify(range)}`);
  return lines[range.start.line].slice(range.start.character, range.end.character);
};

const contains = (outer: Range, inner: Range) =>
  (outer.start.line < inner.start.line || (outer.start.line === inner.start.line && outer.start.character <= inner.start.character)) &&
  (outer.end.line > inner.end.line || (outer.end.line === inner.end.line && outer.end.character >= inner.end.character));

function assertWellFormed(symbols: DocumentSymbol[]): void {
  for (const symbol of symbols) {
    assert.ok(symbol.name.length > 0);
    assert.ok(contains(symbol.range, symbol.selectionRange), `${symbol.name}: selection outside range`);
    for (const child of symbol.children ?? []) assert.ok(contains(symbol.range, child.range), `${child.name} outside ${symbol.name}`);
    assertWellFormed(symbol.children ?? []);
  }
}

test('a corpus detection: the detection, its search, drilldowns and tests', LSP_TEST, async () => {
  const { symbols, lines } = await symbolsOf('detections/endpoint/windows_msiexec_dllregisterserver.yml');
  assertWellFormed(symbols);
  assert.equal(symbols.length, 1);
  const [detection] = symbols;
  assert.equal(detection.name, 'Windows MSIExec DLLRegisterServer');
  assert.equal(detection.detail, 'fdb59aef-d88f-4909-8369-ec2afbd2c398');
  assert.equal(detection.kind, SymbolKind.Module);
  assert.equal(textAt(lines, detection.selectionRange), 'Windows MSIExec DLLRegisterServer');
  assert.deepEqual(
    detection.children?.map((child) => [child.name, child.kind]),
    [
      ['search', SymbolKind.Function],
      ['View the detection results for $user$ and $dest$', SymbolKind.Function],
      ['View risk events for the last 7 days for $user$ and $dest$', SymbolKind.Function],
      ['True Positive Test', SymbolKind.Event],
    ],
  );
  const search = detection.children![0];
  assert.equal(textAt(lines, search.selectionRange), 'search');
  assert.equal(search.selectionRange.start.line, lines.findIndex((line) => line.startsWith('search:')));
  assert.match(search.detail ?? '', /^\| tstats/);
});

test('macros.conf: one symbol per stanza with its settings as children', LSP_TEST, async () => {
  const { symbols, lines } = await symbolsOf('default/macros.conf');
  assertWellFormed(symbols);
  assert.deepEqual(
    symbols.map((symbol) => [symbol.name, symbol.kind]),
    [
      ['process_name_in(1)', SymbolKind.Function],
      ['process_cmd', SymbolKind.Function],
      ['windows_shells', SymbolKind.Function],
    ],
  );
  const [withArgument] = symbols;
  assert.equal(textAt(lines, withArgument.selectionRange), 'process_name_in(1)');
  assert.deepEqual(withArgument.children?.map((child) => [child.name, child.kind]), [
    ['args', SymbolKind.Property],
    ['definition', SymbolKind.Property],
    ['description', SymbolKind.Property],
    ['iseval', SymbolKind.Property],
  ]);
  const definition = withArgument.children![1];
  assert.equal(textAt(lines, definition.selectionRange), 'definition');
  assert.equal(definition.range.start.line, lines.findIndex((line) => line.startsWith('definition = Processes.process_name IN')));
});

test('a macro YAML file: one macro symbol', LSP_TEST, async () => {
  const { symbols } = await symbolsOf('macros/security_content_ctime.yml');
  assertWellFormed(symbols);
  assert.deepEqual(symbols.map((symbol) => [symbol.name, symbol.kind]), [['security_content_ctime(1)', SymbolKind.Function]]);
});
