import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams } from 'vscode-languageserver';
import type { DocumentSymbolInfo } from '../workspace/documents';
import type { LineIndex } from '../text/lineIndex';
import type { ServerContext } from './context';
import { spanToRange } from './positions';

/** The outline's icons: a detection is the unit of content, its searches and macros are callables. */
const SYMBOL_KIND: Record<DocumentSymbolInfo['kind'], SymbolKind> = {
  detection: SymbolKind.Module,
  search: SymbolKind.Function,
  macro: SymbolKind.Function,
  stanza: SymbolKind.Namespace,
  key: SymbolKind.Property,
  test: SymbolKind.Event,
};

export async function documentSymbols(context: ServerContext, params: DocumentSymbolParams): Promise<DocumentSymbol[]> {
  const entry = await context.jobs.analyzed(params.textDocument.uri);
  if (!entry) return [];
  return entry.analysis.document.symbols.map((symbol) => toDocumentSymbol(symbol, entry.lines));
}

function toDocumentSymbol(symbol: DocumentSymbolInfo, lines: LineIndex): DocumentSymbol {
  const range = spanToRange(lines, symbol.span);
  const inside = symbol.selectionSpan.start >= symbol.span.start && symbol.selectionSpan.end <= symbol.span.end;
  return {
    // VS Code rejects the whole outline when one name is empty.
    name: symbol.name.trim() === '' ? '(unnamed)' : symbol.name,
    ...(symbol.detail ? { detail: symbol.detail } : {}),
    kind: SYMBOL_KIND[symbol.kind] ?? SymbolKind.Object,
    range,
    // The protocol requires the selection inside the range; fall back rather than be rejected.
    selectionRange: inside ? spanToRange(lines, symbol.selectionSpan) : range,
    children: (symbol.children ?? []).map((child) => toDocumentSymbol(child, lines)),
  };
}
