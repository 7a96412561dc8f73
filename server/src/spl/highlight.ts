/**
 * Semantic highlighting from the syntax tree: what each piece of the text is (command, keyword,
 * option, field, function, macro ...), for LSP semantic tokens.
 */
import type { Span } from '../text/span';
import type { EvalCallNode, StringNode } from './ast';
import type { ParseResult } from './parser';
import { walk, type AnyNode } from './visit';

export type SemanticKind =
  | 'command'
  | 'keyword'
  | 'option'
  | 'field'
  | 'function'
  | 'macro'
  | 'string'
  | 'number'
  | 'operator'
  | 'comment'
  | 'variable'
  | 'regexp';

export interface SemanticSpan {
  span: Span;
  kind: SemanticKind;
}

/** Eval functions whose argument at this index is a regular expression. */
const REGEX_ARGUMENT: Readonly<Record<string, number>> = { match: 1, replace: 1, mvfind: 1 };

const KEYWORD_OPERATORS = new Set(['AND', 'OR', 'XOR', 'NOT', 'LIKE']);
const TOKEN = /\$[^$\s]+\$|%[A-Za-z_][A-Za-z0-9_]*%/g;
const NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** Sorted by start, non-overlapping, non-empty, inside [0, text.length]. */
export function semanticSpans(result: ParseResult, text: string): SemanticSpan[] {
  const spans: SemanticSpan[] = result.comments.map((span) => ({ span, kind: 'comment' as const }));
  const regexStrings = new Set<StringNode>();
  const add = (span: Span | null | undefined, kind: SemanticKind) => {
    if (span && span.end > span.start) spans.push({ span: { start: span.start, end: span.end }, kind });
  };
  walk(result.ast, (node) => {
    markRegexStrings(node, regexStrings);
    return visitNode(node, add, regexStrings);
  });
  return normalize(spans, text.length);
}

function markRegexStrings(node: AnyNode, regexStrings: Set<StringNode>): void {
  if ((node.kind === 'rex' || node.kind === 'regex') && node.regex?.kind === 'string') regexStrings.add(node.regex);
  if (node.kind === 'evalCall') {
    const index = REGEX_ARGUMENT[(node as EvalCallNode).name.toLowerCase()];
    const arg = index === undefined ? undefined : node.args[index];
    if (arg?.kind === 'string') regexStrings.add(arg);
  }
}

function visitNode(node: AnyNode, add: (span: Span | null | undefined, kind: SemanticKind) => void, regexStrings: Set<StringNode>): void | 'skip' {
  if ('nameSpan' in node && 'extras' in node) add(node.nameSpan, 'command');
  switch (node.kind) {
    case 'macroCall':
      add(node.span, 'macro');
      return 'skip';
    case 'keyword':
      add(node.span, 'keyword');
      return;
    case 'option':
      add(node.nameSpan, 'option');
      return;
    case 'field':
      addWordLike(node.span, node.quoted ? '' : node.name, 'field', add);
      return;
    case 'string':
      add(node.span, regexStrings.has(node) ? 'regexp' : 'string');
      return;
    case 'number':
      add(node.span, 'number');
      return;
    case 'variable':
      add(node.span, 'variable');
      return;
    case 'word':
      if (NUMBER.test(node.text)) add(node.span, 'number');
      else addTokens(node.span, node.text, add);
      return;
    case 'evalCall':
    case 'searchTermFunction':
      add(node.nameSpan, 'function');
      return;
    case 'aggregation':
    case 'convertFunction':
      add(node.funcSpan, 'function');
      return;
    case 'evalBinary':
    case 'evalUnary':
      add(node.operatorSpan, KEYWORD_OPERATORS.has(node.operator) ? 'keyword' : 'operator');
      return;
    case 'searchCompare':
      add(node.operatorSpan, 'operator');
      return;
    case 'regex':
      add(node.operatorSpan, 'operator');
      return;
    case 'sortKey':
      add(node.directionSpan, 'operator');
      return;
    case 'fields':
      add(node.modeSpan, 'operator');
      return;
  }
}

/** A field: `$token$` names are variables, the rest is a field. */
function addWordLike(span: Span, name: string, kind: SemanticKind, add: (span: Span, kind: SemanticKind) => void): void {
  if (/^\$[^$\s]+\$$/.test(name)) add(span, 'variable');
  else add(span, kind);
}

/** `$tokens$` and `%tokens%` inside a word. */
function addTokens(span: Span, text: string, add: (span: Span, kind: SemanticKind) => void): void {
  for (const match of text.matchAll(TOKEN)) {
    const start = span.start + (match.index ?? 0);
    add({ start, end: start + match[0].length }, 'variable');
  }
}

function normalize(spans: SemanticSpan[], length: number): SemanticSpan[] {
  const clipped = spans
    .map((item) => ({ kind: item.kind, span: { start: Math.max(0, item.span.start), end: Math.min(length, item.span.end) } }))
    .filter((item) => item.span.end > item.span.start);
  clipped.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  const result: SemanticSpan[] = [];
  let lastEnd = 0;
  for (const item of clipped) {
    if (item.span.start < lastEnd) continue;
    result.push(item);
    lastEnd = item.span.end;
  }
  return result;
}
