import { MAX_SEARCH_LENGTH, parseSpl, type ParseResult } from '../spl/parser';
import { semanticSpans, type SemanticSpan } from '../spl/highlight';
import { expandSearch, type Expansion } from '../macros/expand';
import type { MacroIndex } from '../macros/macroIndex';
import { mapExpandedSpan } from '../macros/sourceMap';
import type { Diagnostic } from '../text/diagnostic';
import type { Span } from '../text/span';
import type { SplDocument } from './documents';
import { spanToFile, type EmbeddedSearch } from '../text/embeddedSearch';
import { macroFileDiagnostics, filterMacroDiagnostics, runTimeCallDiagnostics } from './macroChecks';
import type { CimCatalogue } from '../cim/catalogue';
import type { Repository } from '../detection/contentIndex';
import type { LintConfig } from '../lint/config';
import { lintDocumentSteps } from '../lint/engine';
import { boundedMessage } from '../text/excerpt';
import { completeSteps, type Steps } from '../text/steps';

export interface AnalyzedSearch {
  search: EmbeddedSearch;
  /** The search as written (macro calls kept as nodes): positions for tokens, symbols, hover. */
  parse: ParseResult;
  /** The search after macro expansion, when a macro index was given. */
  expansion?: Expansion;
  /** The expanded search parsed: what Splunk would run. Equals `parse` when nothing was expanded. */
  expandedParse?: ParseResult;
}

export interface DocumentAnalysis {
  document: SplDocument;
  searches: AnalyzedSearch[];
  /** Document, SPL and macro diagnostics, all with spans in the file text. */
  diagnostics: Diagnostic[];
}

export interface AnalysisContext {
  macros?: MacroIndex;
  /** Whether any file of the workspace calls `name(arity)`; enables "unused macro" hints. */
  isReferenced?: (name: string, arity: number) => boolean;
  /** Runs the lint rules (server/src/lint/) with this configuration; no lint without it. */
  lint?: LintConfig;
  /** Only the lint rules that may report an error (what stops a run: runDetection's blocking problems). */
  lintErrorsOnly?: boolean;
  /** The CIM catalogue for lint rules; built on first use when absent. */
  cim?: CimCatalogue;
  /** Data sources, stories, other detections and ATT&CK, for the detection rules. */
  repository?: Repository;
  /** Where the rules' doc pages are (lint/docsLocation.ts): found once by the caller, not once per document. */
  ruleDocsBase?: string;
}

/** Parses (and, with a macro index, expands) every SPL string of a document; findings in file offsets. */
export function analyzeDocument(document: SplDocument, context: AnalysisContext = {}): DocumentAnalysis {
  return completeSteps(analysisSteps(document, context));
}

/** analyzeDocument in steps: one after each search is parsed and expanded, one after each search's lint. */
export function* analysisSteps(document: SplDocument, context: AnalysisContext = {}): Steps<DocumentAnalysis> {
  const searches: AnalyzedSearch[] = [];
  const diagnostics: Diagnostic[] = [...document.diagnostics];
  for (const search of document.searches) {
    searches.push(analyzeSearch(search, context, diagnostics));
    yield;
  }
  if (context.macros) {
    diagnostics.push(...filterMacroDiagnostics(document, searches));
    diagnostics.push(...runTimeCallDiagnostics(searches, context.macros));
    yield;
    diagnostics.push(...macroFileDiagnostics(document, context.macros, context.isReferenced));
    yield;
  }
  if (context.lint) {
    // Rules skip searches that did not parse or expand cleanly (engine.ts, lintableParse).
    diagnostics.push(
      ...(yield* lintDocumentSteps(document, searches, {
        config: context.lint,
        ...(context.lintErrorsOnly ? { errorsOnly: true } : {}),
        ...(context.cim ? { cim: context.cim } : {}),
        ...(context.repository ? { repository: context.repository } : {}),
        ...(context.ruleDocsBase !== undefined ? { docsBaseUrl: context.ruleDocsBase } : {}),
      })),
    );
  }
  return { document, searches, diagnostics: dedupe(diagnostics).map(withBoundedMessages) };
}

/** Parses and expands one search, adding its findings (in file offsets) to `diagnostics`. */
function analyzeSearch(search: EmbeddedSearch, context: AnalysisContext, diagnostics: Diagnostic[]): AnalyzedSearch {
  const fragment = search.role === 'macro-definition';
  const parse = parseSpl(search.text, { fragment });
  const analyzed: AnalyzedSearch = { search, parse };
  if (!context.macros || search.text.length > MAX_SEARCH_LENGTH) {
    diagnostics.push(...parse.diagnostics.map((d) => toFile(search, d)));
    return analyzed;
  }
  const expansion = expandSearch(search.text, context.macros, { implicitFilters: true });
  analyzed.expansion = expansion;
  diagnostics.push(...expansion.diagnostics.map((d) => toFile(search, d)));
  if (fragment || expansion.calls.length === 0) {
    analyzed.expandedParse = parse;
    diagnostics.push(...parse.diagnostics.map((d) => toFile(search, d)));
    return analyzed;
  }
  const expandedParse = parseSpl(expansion.text, { fragment });
  analyzed.expandedParse = expandedParse;
  for (const diagnostic of expandedParse.diagnostics) {
    const root = mapExpandedSpan(expansion, diagnostic.span, diagnostic.message);
    const message = root.exact ? diagnostic.message : `${diagnostic.message} (in the expanded search)`;
    // The parser's own related spans (e.g. the '(' an SPL004 leaves open) are in the expanded text too.
    const parserRelated = (diagnostic.related ?? []).flatMap((r) => {
      if (r.file) return [r];
      const mapped = mapExpandedSpan(expansion, r.span, r.message);
      return mapped.exact ? [{ ...r, span: mapped.span }] : (mapped.related ?? [{ ...r, span: mapped.span }]);
    });
    const related = [...parserRelated, ...(root.related ?? [])];
    diagnostics.push(toFile(search, { ...diagnostic, span: root.span, message, related: related.length ? related : undefined }));
  }
  return analyzed;
}

/** Maps a diagnostic (and its same-file related locations and fix) from SPL offsets to file offsets. */
function toFile(search: EmbeddedSearch, diagnostic: Diagnostic): Diagnostic {
  const map = (span: Span) => spanToFile(search, span);
  return {
    ...diagnostic,
    span: map(diagnostic.span),
    related: diagnostic.related?.map((r) => (r.file ? r : { ...r, span: map(r.span) })),
    fix: diagnostic.fix && {
      title: diagnostic.fix.title,
      edits: diagnostic.fix.edits.map((e) => ({ span: map(e.span), newText: e.newText })),
    },
  };
}

/** Every message within MAX_MESSAGE_LENGTH, however much of the input a stage quoted. */
function withBoundedMessages(diagnostic: Diagnostic): Diagnostic {
  const related = diagnostic.related?.map((r) => ({ ...r, message: boundedMessage(r.message) }));
  return { ...diagnostic, message: boundedMessage(diagnostic.message), ...(related ? { related } : {}) };
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique = diagnostics.filter((d) => {
    const key = `${d.span.start}:${d.span.end}:${d.code}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

/** Semantic spans of every search as written, in file offsets, sorted. A span may cross a line break. */
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
