// Request -> response at the LSP boundary, one case per test/fixtures/lsp/*.json. Each case opens a
// workspace file and sends one request (or waits for its diagnostics); the answer is compared with
// the case's `expected`. UPDATE_GOLDEN=1 rewrites `expected` from what the server answers now.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SymbolKind,
  type Diagnostic,
  type DocumentSymbol,
  type InitializeResult,
  type PublishDiagnosticsParams,
  type Range,
  type SemanticTokens,
  type SemanticTokensLegend,
} from 'vscode-languageserver-protocol';
import { FIXTURES, LSP_TEST, LspSession, WORKSPACE, decodeSemanticTokens, fileUri, withoutLint } from './harness';

interface GoldenCase {
  description: string;
  /** Relative to test/fixtures/lsp/workspace. */
  file: string;
  method: 'textDocument/publishDiagnostics' | 'textDocument/documentSymbol' | 'textDocument/semanticTokens/full';
  expected: unknown;
}

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const caseFiles = readdirSync(FIXTURES).filter((name) => name.endsWith('.json')).sort();

let session: LspSession;
let legend: string[];
before(async () => {
  session = await LspSession.start();
  const result: InitializeResult = await session.initializeResult;
  legend = (result.capabilities.semanticTokensProvider as { legend: SemanticTokensLegend }).legend.tokenTypes;
});
after(() => session.dispose());

/** Absolute uris differ per checkout: the fixture workspace becomes `<workspace>`. */
const portable = (uri: string) => uri.split(fileUri(WORKSPACE)).join('<workspace>');

// Compact, reviewable forms: one string per range, kinds and severities by name.
const range = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
const SYMBOL_KIND_NAMES = Object.fromEntries(Object.entries(SymbolKind).map(([name, value]) => [value, name]));
const SEVERITY_NAMES = ['', 'error', 'warning', 'information', 'hint'];

function symbolView(symbol: DocumentSymbol): unknown {
  return {
    name: symbol.name,
    ...(symbol.detail !== undefined ? { detail: symbol.detail } : {}),
    kind: SYMBOL_KIND_NAMES[symbol.kind],
    range: range(symbol.range),
    selection: range(symbol.selectionRange),
    ...(symbol.children?.length ? { children: symbol.children.map(symbolView) } : {}),
  };
}

function diagnosticView(diagnostic: Diagnostic): unknown {
  return {
    at: `${range(diagnostic.range)} ${SEVERITY_NAMES[diagnostic.severity ?? 1]} ${diagnostic.code} (${diagnostic.source})`,
    message: diagnostic.message,
    ...(diagnostic.relatedInformation?.length
      ? { related: diagnostic.relatedInformation.map((info) => `${portable(info.location.uri)} ${range(info.location.range)} ${info.message}`) }
      : {}),
  };
}

async function answer(goldenCase: GoldenCase): Promise<unknown> {
  const path = join(WORKSPACE, goldenCase.file);
  const text = readFileSync(path, 'utf8');
  const uri = await session.open(path, text);
  try {
    const published: PublishDiagnosticsParams = await session.waitForVersion(uri, 1);
    switch (goldenCase.method) {
      case 'textDocument/publishDiagnostics':
        // Lint findings have their own golden cases (test/lint); codeActions.test.ts checks they are published.
        return withoutLint(published.diagnostics).map(diagnosticView);
      case 'textDocument/documentSymbol':
        return (await session.request<DocumentSymbol[]>(goldenCase.method, { textDocument: { uri } })).map(symbolView);
      case 'textDocument/semanticTokens/full': {
        const { data } = await session.request<SemanticTokens>(goldenCase.method, { textDocument: { uri } });
        // One readable line per token instead of the relative number encoding.
        return decodeSemanticTokens(data, legend, text).map((t) => `${t.line}:${t.character} ${t.type} ${JSON.stringify(t.text)}`);
      }
    }
  } finally {
    await session.close(uri);
  }
}

test('golden cases exist', () => {
  assert.ok(caseFiles.length > 0, `no *.json cases in ${FIXTURES}`);
});

for (const name of caseFiles) {
  test(`golden ${name}`, LSP_TEST, async () => {
    const casePath = join(FIXTURES, name);
    const goldenCase = JSON.parse(readFileSync(casePath, 'utf8')) as GoldenCase;
    const actual = await answer(goldenCase);
    if (UPDATE) {
      writeFileSync(casePath, `${JSON.stringify({ ...goldenCase, expected: actual }, null, 2)}\n`);
      return;
    }
    assert.notEqual(goldenCase.expected, undefined, `${name} has no expected answer: run with UPDATE_GOLDEN=1`);
    assert.deepEqual(actual, goldenCase.expected);
  });
}
