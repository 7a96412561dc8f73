import { parseSpl, type ParseResult } from '../spl/parser';
import { semanticSpans, type SemanticSpan } from '../spl/highlight';
import type { Diagnostic } from '../text/diagnostic';
import type { SplDocument } from './documents';
import { spanToFile, type EmbeddedSearch } from './embeddedSearch';

export interface AnalyzedSearch {
  search: EmbeddedSearch;
  parse: ParseResult;
}

export interface DocumentAnalysis {
  document: SplDocument;
  searches: AnalyzedSearch[];
  /** Document and SPL diagnostics, all with spans in the file text. */
  diagnostics: Diagnostic[];
}

/** Parses every SPL string of a document and reports all findings in file coordinates. */
export function analyzeDocument(document: SplDocument): DocumentAnalysis {
  const searches: AnalyzedSearch[] = [];
  const diagnostics: Diagnostic[] = [...document.diagnostics];
  for (const search of document.searches) {
    const parse = parseSpl(search.text, { fragment: search.role === 'macro-definition' });
    searches.push({ search, parse });
    for (const diagnostic of parse.diagnostics) {
      diagnostics.push({ ...diagnostic, span: spanToFile(search, diagnostic.span) });
    }
  }
  diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { document, searches, diagnostics };
}

/** Semantic spans of every search, in file offsets, sorted. A span may cross a line break in the file. */
export function semanticSpansInFile(analysis: DocumentAnalysis): SemanticSpan[] {
  const spans: SemanticSpan[] = [];
  for (const { search, parse } of analysis.searches) {
    for (const item of semanticSpans(parse, search.text)) {
      spans.push({ kind: item.kind, span: spanToFile(search, item.span) });
    }
  }
  spans.sort((a, b) => a.span.start - b.span.start);
  return spans;
}
