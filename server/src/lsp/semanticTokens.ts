import type { SemanticTokens, SemanticTokensLegend, SemanticTokensParams, SemanticTokensRangeParams } from 'vscode-languageserver';
import type { SemanticKind, SemanticSpan } from '../spl/highlight';
import type { Span } from '../text/span';
import { semanticSpansInFile } from '../workspace/analyze';
import type { AnalyzedDocument } from './analysisCache';
import type { ServerContext } from './context';
import { rangeToSpan } from './positions';

/**
 * The legend uses only standard LSP token types, so every theme colours SPL without extra
 * configuration. Each core kind has its own type:
 *   command  -> method     a command is an operation applied to the event stream (`stats`, `eval`);
 *                          kept apart from `keyword` so the verb and its clauses (`by`, `as`) differ
 *   keyword  -> keyword    AS BY OVER OUTPUT OUTPUTNEW WHERE AND OR NOT XOR IN
 *   option   -> parameter  command arguments such as `count=` of dedup or `datamodel=` of tstats
 *   field    -> property   a field is a property of an event
 *   function -> function   eval and stats functions: `count(`, `if(`
 *   macro    -> macro      backtick macro calls
 *   variable -> variable   `$token$` substitutions
 *   string, number, operator, comment, regexp -> the type of the same name
 */
const TYPE_OF_KIND: Record<SemanticKind, string> = {
  command: 'method',
  keyword: 'keyword',
  option: 'parameter',
  field: 'property',
  function: 'function',
  macro: 'macro',
  variable: 'variable',
  string: 'string',
  number: 'number',
  operator: 'operator',
  comment: 'comment',
  regexp: 'regexp',
};

const TOKEN_TYPES = ['function', 'keyword', 'parameter', 'property', 'method', 'macro', 'string', 'number', 'operator', 'comment', 'variable', 'regexp'];

export const semanticTokensLegend: SemanticTokensLegend = { tokenTypes: TOKEN_TYPES, tokenModifiers: [] };

export async function semanticTokensFull(context: ServerContext, params: SemanticTokensParams): Promise<SemanticTokens> {
  const entry = await context.jobs.analyzed(params.textDocument.uri);
  return { data: entry ? encodeTokens(entry, semanticSpansInFile(entry.analysis)) : [] };
}

export async function semanticTokensRange(context: ServerContext, params: SemanticTokensRangeParams): Promise<SemanticTokens> {
  const entry = await context.jobs.analyzed(params.textDocument.uri);
  if (!entry) return { data: [] };
  const range = rangeToSpan(entry.lines, params.range);
  const spans = semanticSpansInFile(entry.analysis).filter((s) => s.span.end > range.start && s.span.start < range.end);
  return { data: encodeTokens(entry, spans) };
}

interface LineToken {
  line: number;
  character: number;
  length: number;
  type: number;
}

/** Relative LSP encoding; overlapping spans keep the first one (LSP tokens must not overlap). */
function encodeTokens(entry: AnalyzedDocument, spans: readonly SemanticSpan[]): number[] {
  const tokens: LineToken[] = [];
  for (const { span, kind } of [...spans].sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end)) {
    const type = TOKEN_TYPES.indexOf(TYPE_OF_KIND[kind]);
    if (type < 0) continue;
    for (const piece of splitAtLineBreaks(entry, span)) tokens.push({ ...piece, type });
  }
  const data: number[] = [];
  let previousLine = 0;
  let previousCharacter = 0;
  let previousEnd = { line: -1, character: 0 };
  for (const token of tokens) {
    const overlaps = token.line === previousEnd.line && token.character < previousEnd.character;
    if (overlaps || token.line < previousEnd.line) continue;
    const deltaLine = token.line - previousLine;
    data.push(deltaLine, deltaLine === 0 ? token.character - previousCharacter : token.character, token.length, token.type, 0);
    previousLine = token.line;
    previousCharacter = token.character;
    previousEnd = { line: token.line, character: token.character + token.length };
  }
  return data;
}

/**
 * LSP tokens cannot span lines, but a span of a block-scalar search can: cut it at each line
 * break, and start continuation pieces after the YAML indentation (it is not part of the SPL).
 */
function splitAtLineBreaks(entry: AnalyzedDocument, span: Span): Omit<LineToken, 'type'>[] {
  const { lines, text } = entry;
  const start = lines.positionAt(span.start);
  const end = lines.positionAt(Math.max(span.start, span.end));
  const pieces: Omit<LineToken, 'type'>[] = [];
  for (let line = start.line; line <= end.line; line++) {
    const lineStart = lines.offsetAt({ line, character: 0 });
    const lineEnd = lines.offsetAt({ line, character: Number.MAX_SAFE_INTEGER });
    let from = line === start.line ? span.start : lineStart;
    if (line !== start.line) while (from < lineEnd && (text[from] === ' ' || text[from] === '\t')) from++;
    const to = line === end.line ? Math.min(span.end, lineEnd) : lineEnd;
    if (to > from) pieces.push({ line, character: from - lineStart, length: to - from });
  }
  return pieces;
}
