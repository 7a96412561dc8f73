/**
 * Eval expressions (`eval`, `where`, `eval(...)` in stats and options, function arguments).
 *
 * Precedence, loosest first. The boolean part is the Search Manual's order for eval and where
 * ("Boolean expressions with logical operators": parentheses, NOT, AND, OR, XOR); the rest is the
 * usual arithmetic order of the eval operators listed on the Search Reference "eval" page:
 *
 *   XOR < OR < AND < NOT (prefix) < comparison (= == != < <= > >= <> LIKE, IN (...))
 *       < additive (+ - .) < multiplicative (* / %) < unary (- +) < primary
 *
 * Binary operators are left-associative. Keywords are case-insensitive here: Splunk's own detections
 * write `where a > 1 and not b = 2`.
 */
import type { EvalBinaryOperator, EvalCallNode, EvalExprNode, EvalGroupNode, EvalInNode, FieldNode, VariableNode } from './ast';
import { fieldNode, keywordNode, macroNode, stringNode, type Parser } from './args';
import { ParseCode } from './codes';
import type { Token } from './lexer';
import { spanOf } from './parserCore';

type LevelParser = (p: Parser) => EvalExprNode | null;

export function parseEvalExpr(p: Parser): EvalExprNode | null {
  return parseXor(p);
}

/** True at a token that can never continue an eval expression. */
export function atEvalEnd(p: Parser, token: Token): boolean {
  return p.atStageEnd(token) || token.kind === 'rbracket' || token.kind === 'rparen' || token.kind === 'comma';
}

function keywordOf(token: Token): string | null {
  return token.kind === 'word' ? token.text.toUpperCase() : null;
}

function binaryLevel(operand: LevelParser, operatorOf: (p: Parser, token: Token) => EvalBinaryOperator | null): LevelParser {
  return (p) => {
    let left = operand(p);
    if (!left) return null;
    for (;;) {
      const token = p.peek('eval');
      const operator = operatorOf(p, token);
      if (!operator) return left;
      p.consume(token);
      const right = operand(p);
      if (!right) reportMissingOperand(p, token);
      left = {
        kind: 'evalBinary',
        span: { start: left.span.start, end: right ? right.span.end : token.end },
        operator,
        operatorSpan: spanOf(token),
        left,
        right,
      };
    }
  };
}

function reportMissingOperand(p: Parser, operator: Token): void {
  const found = p.peek('eval');
  p.error(ParseCode.missingValue, p.at(found), `Expected an expression after '${operator.text}', found ${p.describe(found)}`);
}

const keywordOperator =
  (keyword: 'XOR' | 'OR' | 'AND') =>
  (_p: Parser, token: Token): EvalBinaryOperator | null =>
    keywordOf(token) === keyword ? keyword : null;

function comparisonOperator(_p: Parser, token: Token): EvalBinaryOperator | null {
  if (token.kind === 'op' && ['=', '==', '!=', '<', '<=', '>', '>=', '<>'].includes(token.text)) {
    return (token.text === '<>' ? '!=' : token.text) as EvalBinaryOperator;
  }
  return keywordOf(token) === 'LIKE' ? 'LIKE' : null;
}

function additiveOperator(_p: Parser, token: Token): EvalBinaryOperator | null {
  return token.kind === 'op' && (token.text === '+' || token.text === '-' || token.text === '.') ? (token.text as EvalBinaryOperator) : null;
}

function multiplicativeOperator(_p: Parser, token: Token): EvalBinaryOperator | null {
  return token.kind === 'op' && (token.text === '*' || token.text === '/' || token.text === '%') ? (token.text as EvalBinaryOperator) : null;
}

const parseUnaryLevel: LevelParser = (p) => parsePrefix(p, (token) => token.kind === 'op' && (token.text === '-' || token.text === '+'), parsePrimary);
const parseMultiplicative = binaryLevel(parseUnaryLevel, multiplicativeOperator);
const parseAdditive = binaryLevel(parseMultiplicative, additiveOperator);
const parseComparison: LevelParser = (p) => parseInSuffix(p, binaryLevel(parseAdditive, comparisonOperator));
const parseNot: LevelParser = (p) => parsePrefix(p, (token) => keywordOf(token) === 'NOT' || (token.kind === 'op' && token.text === '!'), parseComparison);
const parseAnd = binaryLevel(parseNot, keywordOperator('AND'));
const parseOr = binaryLevel(parseAnd, keywordOperator('OR'));
const parseXor = binaryLevel(parseOr, keywordOperator('XOR'));

/** Prefix operators, collected in a loop (no recursion per operator). */
function parsePrefix(p: Parser, isOperator: (token: Token) => boolean, operand: LevelParser): EvalExprNode | null {
  const operators: Token[] = [];
  for (let token = p.peek('eval'); isOperator(token); token = p.peek('eval')) operators.push(p.consume(token));
  let node = operand(p);
  if (operators.length > 0 && !node) reportMissingOperand(p, operators[operators.length - 1]);
  for (let i = operators.length - 1; i >= 0; i--) {
    const token = operators[i];
    const operator = token.kind === 'op' ? (token.text === '!' ? 'NOT' : (token.text as '-' | '+')) : 'NOT';
    node = { kind: 'evalUnary', span: { start: token.start, end: node ? node.span.end : token.end }, operator, operatorSpan: spanOf(token), operand: node };
  }
  return node;
}

/** `expr IN (a, b, c)` after a comparison-level operand (repeatable: `a IN (1) IN (2)` parses, oddly). */
function parseInSuffix(p: Parser, operand: LevelParser): EvalExprNode | null {
  let node = operand(p);
  if (!node) return null;
  for (;;) {
    const token = p.peek('eval');
    if (keywordOf(token) !== 'IN' || p.peekAfter(token, 'eval').kind !== 'lparen') return node;
    p.consume(token);
    const list = parseArgumentList(p, 'IN');
    const inNode: EvalInNode = { kind: 'evalIn', span: { start: node.span.start, end: list.span.end }, operand: node, keyword: keywordNode(token), values: list.args, listSpan: list.span };
    node = inNode;
  }
}

function parsePrimary(p: Parser): EvalExprNode | null {
  const token = p.peek('eval');
  switch (token.kind) {
    case 'number':
      p.consume(token);
      return { kind: 'number', span: spanOf(token), text: token.text, value: Number(token.text) };
    case 'string':
      return stringNode(p.consume(token));
    case 'quotedField':
      return fieldNode(p.consume(token));
    case 'macro':
      return macroNode(p, p.consume(token));
    case 'lbracket':
      return p.parseSubsearch();
    case 'lparen':
      return parseGroup(p);
    case 'word': {
      const after = p.peekAfter(token, 'eval');
      if (after.kind === 'lparen') return parseCall(p);
      p.consume(token);
      return wordOperand(token);
    }
    default: {
      if (atEvalEnd(p, token) || token.kind === 'op') return null;
      p.consume(token);
      p.error(ParseCode.unexpectedToken, spanOf(token), `Unexpected ${p.describe(token)} in the eval expression`);
      return parsePrimaryAfterJunk(p);
    }
  }
}

/** After an unexpected character, try once more so `a + # b` still yields a tree. */
function parsePrimaryAfterJunk(p: Parser): EvalExprNode | null {
  const token = p.peek('eval');
  if (token.kind === 'unknown') return null;
  return parsePrimary(p);
}

function wordOperand(token: Token): FieldNode | VariableNode {
  if (/^\$[^$\s]+\$$/.test(token.text)) return { kind: 'variable', span: spanOf(token), text: token.text };
  return fieldNode(token);
}

function parseGroup(p: Parser): EvalGroupNode {
  const open = p.next('eval');
  if (!p.enter(spanOf(open))) return { kind: 'evalGroup', span: spanOf(open), expr: null };
  const expr = parseEvalExpr(p);
  if (!expr) reportMissingOperand(p, open);
  skipUnexpected(p, 'the parenthesised expression');
  p.leave();
  const close = p.peek('eval');
  if (close.kind === 'rparen') {
    p.consume(close);
    return { kind: 'evalGroup', span: { start: open.start, end: close.end }, expr };
  }
  p.reportUnclosed(open, ')', close);
  return { kind: 'evalGroup', span: { start: open.start, end: expr ? expr.span.end : open.end }, expr };
}

/** A function call; the current token is its name and the next one `(`. */
export function parseCall(p: Parser): EvalCallNode {
  const name = p.next('eval');
  const list = parseArgumentList(p, name.text);
  return { kind: 'evalCall', span: { start: name.start, end: list.span.end }, name: name.text, nameSpan: spanOf(name), args: list.args, argsSpan: list.span };
}

/** `( expr, expr ... )`; the current token is `(`. */
function parseArgumentList(p: Parser, owner: string): { args: EvalExprNode[]; span: { start: number; end: number } } {
  const open = p.next('eval');
  const args: EvalExprNode[] = [];
  if (!p.enter(spanOf(open))) return { args, span: spanOf(open) };
  let end = open.end;
  let token = p.peek('eval');
  if (token.kind !== 'rparen') {
    for (;;) {
      const arg = parseEvalExpr(p);
      if (arg) {
        args.push(arg);
        end = arg.span.end;
      } else {
        const found = p.peek('eval');
        p.error(ParseCode.missingValue, p.at(found), `Expected an argument of '${owner}', found ${p.describe(found)}`);
      }
      skipUnexpected(p, `the arguments of '${owner}'`);
      token = p.peek('eval');
      if (token.kind !== 'comma') break;
      end = p.consume(token).end;
    }
  }
  p.leave();
  if (token.kind === 'rparen') {
    p.consume(token);
    return { args, span: { start: open.start, end: token.end } };
  }
  p.reportUnclosed(open, ')', token);
  return { args, span: { start: open.start, end } };
}

/**
 * After an expression inside brackets: reports tokens that cannot continue it and skips them up to
 * the next `,` or `)` at the same level (or the end of the stage).
 */
function skipUnexpected(p: Parser, where: string): void {
  let token = p.peek('eval');
  if (atEvalEnd(p, token)) return;
  p.error(ParseCode.unexpectedToken, spanOf(token), `Unexpected ${p.describe(token)} in ${where}`);
  let depth = 0;
  while (!p.atStageEnd(token) && token.kind !== 'rbracket') {
    if (depth === 0 && (token.kind === 'comma' || token.kind === 'rparen')) return;
    if (token.kind === 'lparen') depth++;
    if (token.kind === 'rparen') depth--;
    p.consume(token);
    token = p.peek('eval');
  }
}
