/** Shared helpers for the SPL parser tests: tree printing, node lookup, span checks. */
import assert from 'node:assert/strict';
import type { CommandNode, EvalExprNode, SearchExprNode } from '../../server/src/spl/ast';
import { parseSpl, type ParseOptions, type ParseResult } from '../../server/src/spl/parser';
import { allNodes, type AnyNode } from '../../server/src/spl/visit';

/** The members of a node union whose `kind` can be K (works for nodes with a union of kinds). */
type OfKind<U, K> = U extends { kind: infer UK } ? (K extends UK ? U : never) : never;

export function parse(text: string, options?: ParseOptions): ParseResult {
  return parseSpl(text, options);
}

/** Parses and asserts there is no diagnostic at all. */
export function parseClean(text: string, options?: ParseOptions): ParseResult {
  const result = parseSpl(text, options);
  assert.deepEqual(result.diagnostics, [], `unexpected diagnostics for ${JSON.stringify(text)}`);
  return result;
}

export function source(text: string, node: { span: { start: number; end: number } }): string {
  return text.slice(node.span.start, node.span.end);
}

/** Every node of a given kind, in source order. */
export function nodesOfKind<K extends AnyNode['kind']>(result: ParseResult, kind: K): Array<OfKind<AnyNode, K>> {
  return allNodes(result.ast).filter((node): node is OfKind<AnyNode, K> => node.kind === kind);
}

export function firstOfKind<K extends AnyNode['kind']>(result: ParseResult, kind: K): OfKind<AnyNode, K> {
  const found = nodesOfKind(result, kind);
  assert.ok(found.length > 0, `no ${kind} node`);
  return found[0];
}

export function stage<K extends CommandNode['kind']>(result: ParseResult, index: number, kind: K): OfKind<CommandNode, K> {
  const node = result.ast.stages[index];
  assert.ok(node, `no stage ${index}`);
  assert.equal(node.kind, kind);
  return node as OfKind<CommandNode, K>;
}

/**
 * A search expression as an S-expression of its source pieces:
 * `a b OR c` gives `(AND a (OR b c))`.
 */
export function searchTree(text: string, node: SearchExprNode | null): string {
  if (!node) return '_';
  switch (node.kind) {
    case 'searchAnd':
      return `(AND ${node.operands.map((operand) => searchTree(text, operand)).join(' ')})`;
    case 'searchOr':
      return `(OR ${node.operands.map((operand) => searchTree(text, operand)).join(' ')})`;
    case 'searchNot':
      return `(NOT ${searchTree(text, node.operand)})`;
    case 'searchGroup':
      return searchTree(text, node.expr);
    default:
      return source(text, node);
  }
}

/** An eval expression as an S-expression: `1+2*3` gives `(+ 1 (* 2 3))`. */
export function evalTree(text: string, node: EvalExprNode | null): string {
  if (!node) return '_';
  switch (node.kind) {
    case 'evalBinary':
      return `(${node.operator} ${evalTree(text, node.left)} ${evalTree(text, node.right)})`;
    case 'evalUnary':
      return `(${node.operator} ${evalTree(text, node.operand)})`;
    case 'evalGroup':
      return evalTree(text, node.expr);
    case 'evalCall':
      return `${node.name}(${node.args.map((arg) => evalTree(text, arg)).join(', ')})`;
    case 'evalIn':
      return `(IN ${evalTree(text, node.operand)} ${node.values.map((value) => evalTree(text, value)).join(' ')})`;
    default:
      return source(text, node);
  }
}

/** Asserts every node and diagnostic span lies in [0, text.length] with start <= end, children inside parents. */
export function assertSpansInside(result: ParseResult, text: string, label = ''): void {
  const check = (span: { start: number; end: number }, what: string) => {
    assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), `${label} ${what}: non-integer span`);
    assert.ok(span.start >= 0 && span.start <= span.end && span.end <= text.length, `${label} ${what}: span [${span.start}, ${span.end}) outside [0, ${text.length}]`);
  };
  for (const node of allNodes(result.ast)) {
    check(node.span, node.kind);
    for (const [key, value] of Object.entries(node)) {
      if (key.endsWith('Span') && value && typeof value === 'object') check(value as { start: number; end: number }, `${node.kind}.${key}`);
    }
  }
  for (const diagnostic of result.diagnostics) check(diagnostic.span, `diagnostic ${diagnostic.code}`);
  for (const comment of result.comments) check(comment, 'comment');
}
