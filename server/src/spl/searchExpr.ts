/**
 * Search-command expressions (implicit search, `search`, and the WHERE of tstats/mstats/from/inputlookup).
 *
 * Precedence follows the Search Manual ("Boolean expressions with logical operators", order of
 * evaluation for the search command): parentheses, then NOT, then OR, then AND (explicit or implied by
 * juxtaposition). So `a b OR c` is `a AND (b OR c)`. AND, OR, NOT and IN are operators only in upper
 * case; `and` is an ordinary term.
 *
 *   and     := or ( [AND] or )*
 *   or      := not ( OR not )*
 *   not     := NOT* primary
 *   primary := ( and ) | field op value | field IN ( values ) | TERM(...) | CASE(...) | term | macro | [subsearch]
 */
import type {
  KeywordNode,
  SearchCompareNode,
  SearchCompareOperator,
  SearchExprNode,
  SearchGroupNode,
  SearchInNode,
  SearchTermFunctionNode,
  StringNode,
  WordNode,
} from './ast';
import { consumeStrayCloser, consumeWord, fieldNode, keywordNode, macroNode, stringNode, type Parser } from './args';
import { ParseCode } from './codes';
import type { Token } from './lexer';
import { joinSpans, spanOf } from './parserCore';

/** Extra places where an expression ends (besides `|`, `]`, `)` and the end): e.g. tstats' `by`. */
export type SearchStop = (p: Parser, token: Token) => boolean;

const COMPARISONS = new Set(['=', '!=', '<', '<=', '>', '>=', '==']);

/** True for `word` (any case) used as a clause keyword, i.e. not as a field in `by=x`. */
export function isClauseWord(p: Parser, token: Token, word: string): boolean {
  if (token.kind !== 'word' || token.text.toLowerCase() !== word) return false;
  const after = p.peekAfter(token, 'search');
  return !(after.kind === 'op' && COMPARISONS.has(after.text));
}

/** Parses a search expression; null when it is empty (nothing consumed). */
export function parseSearchExpr(p: Parser, stop?: SearchStop): SearchExprNode | null {
  return parseAnd(p, stop ?? (() => false));
}

function atExprEnd(p: Parser, token: Token, stop: SearchStop): boolean {
  return p.atStageEnd(token) || token.kind === 'rbracket' || token.kind === 'rparen' || stop(p, token);
}

function isKeyword(token: Token, keyword: string): boolean {
  return token.kind === 'word' && token.text === keyword;
}

function parseAnd(p: Parser, stop: SearchStop): SearchExprNode | null {
  const operands: SearchExprNode[] = [];
  const operators: KeywordNode[] = [];
  for (;;) {
    const token = p.peek('search');
    if (atExprEnd(p, token, stop)) break;
    if (isKeyword(token, 'AND') || isKeyword(token, 'OR')) {
      const keyword = keywordNode(p.consume(token));
      const next = p.peek('search');
      if (operands.length === 0) {
        p.error(ParseCode.danglingOperator, keyword.span, `'${keyword.keyword}' needs a search term before it`);
        continue;
      }
      if (atExprEnd(p, next, stop) || isKeyword(next, 'AND') || isKeyword(next, 'OR')) {
        p.error(ParseCode.danglingOperator, keyword.span, `'${keyword.keyword}' needs a search term after it`);
        continue;
      }
      if (keyword.keyword === 'AND') operators.push(keyword);
      const operand = parseOr(p, stop);
      if (!operand) {
        p.error(ParseCode.danglingOperator, keyword.span, `'${keyword.keyword}' needs a search term after it, found ${p.describe(p.peek('search'))}`);
        break;
      }
      operands.push(operand);
      continue;
    }
    const operand = parseOr(p, stop);
    if (!operand) break;
    operands.push(operand);
  }
  if (operands.length === 0) return null;
  if (operands.length === 1 && operators.length === 0) return operands[0];
  const lastOperand = operands[operands.length - 1].span;
  const lastOperator = operators.length > 0 ? operators[operators.length - 1].span : lastOperand;
  return { kind: 'searchAnd', span: joinSpans(operands[0].span, lastOperator.end > lastOperand.end ? lastOperator : lastOperand), operands, operators };
}

function parseOr(p: Parser, stop: SearchStop): SearchExprNode | null {
  const first = parseNot(p, stop);
  if (!first) return null;
  const operands = [first];
  const operators: KeywordNode[] = [];
  for (;;) {
    const token = p.peek('search');
    if (!isKeyword(token, 'OR')) break;
    const after = p.peekAfter(token, 'search');
    if (atExprEnd(p, after, stop) || isKeyword(after, 'AND') || isKeyword(after, 'OR')) break; // parseAnd reports it
    const keyword = keywordNode(p.consume(token));
    operators.push(keyword);
    const operand = parseNot(p, stop);
    if (!operand) {
      p.error(ParseCode.danglingOperator, keyword.span, `'OR' needs a search term after it, found ${p.describe(p.peek('search'))}`);
      break;
    }
    operands.push(operand);
  }
  if (operators.length === 0) return first;
  const last = operators[operators.length - 1].span.end > operands[operands.length - 1].span.end ? operators[operators.length - 1] : operands[operands.length - 1];
  return { kind: 'searchOr', span: joinSpans(first.span, last.span), operands, operators };
}

function parseNot(p: Parser, stop: SearchStop): SearchExprNode | null {
  const nots: KeywordNode[] = [];
  for (let token = p.peek('search'); isKeyword(token, 'NOT'); token = p.peek('search')) {
    nots.push(keywordNode(p.consume(token)));
  }
  let operand: SearchExprNode | null = parsePrimary(p, stop);
  if (nots.length > 0 && !operand) {
    const token = p.peek('search');
    p.error(ParseCode.danglingOperator, nots[nots.length - 1].span, `'NOT' needs a search term after it, found ${p.describe(token)}`);
  }
  for (let i = nots.length - 1; i >= 0; i--) {
    const keyword = nots[i];
    operand = { kind: 'searchNot', span: joinSpans(keyword.span, operand ? operand.span : keyword.span), keyword, operand };
  }
  return operand;
}

function parsePrimary(p: Parser, stop: SearchStop): SearchExprNode | null {
  for (;;) {
    const token = p.peek('search');
    if (atExprEnd(p, token, stop)) return null;
    switch (token.kind) {
      case 'lparen':
        return parseGroup(p);
      case 'lbracket':
        return p.parseSubsearch();
      case 'macro':
        return macroNode(p, p.consume(token));
      case 'string':
      case 'word':
        return parseTermOrComparison(p, token);
      case 'op': {
        p.consume(token);
        p.error(ParseCode.unexpectedToken, spanOf(token), `Expected a field name before '${token.text}'`);
        break;
      }
      default:
        p.consume(token);
        p.error(ParseCode.unexpectedToken, spanOf(token), `Unexpected ${p.describe(token)} in the search`);
    }
  }
}

function parseTermOrComparison(p: Parser, token: Token): SearchExprNode | null {
  if (isKeyword(token, 'AND') || isKeyword(token, 'OR')) return null;
  const after = p.peekAfter(token, 'search');
  if (token.kind === 'word' && (token.text === 'TERM' || token.text === 'CASE') && after.kind === 'lparen' && !after.spaceBefore) {
    return parseTermFunction(p, token);
  }
  if (after.kind === 'op' && COMPARISONS.has(after.text)) return parseComparison(p, token);
  if (isKeyword(after, 'IN') && p.peekAfter(after, 'search').kind === 'lparen') return parseIn(p, token, after);
  const term = token.kind === 'string' ? stringNode(p.consume(token)) : consumeWord(p, token);
  return { kind: 'searchTerm', span: term.span, term };
}

/** `( expr )`; also the value of options such as transaction's `startswith=(EventCode=4698)`. */
export function parseGroup(p: Parser): SearchGroupNode {
  const open = p.next('search');
  if (!p.enter(spanOf(open))) return { kind: 'searchGroup', span: spanOf(open), expr: null };
  const expr = parseAnd(p, () => false);
  p.leave();
  const close = p.peek('search');
  if (close.kind === 'rparen') {
    p.consume(close);
    const span = { start: open.start, end: close.end };
    if (!expr) p.error(ParseCode.emptyGroup, span, 'Empty parentheses: expected a search expression inside');
    return { kind: 'searchGroup', span, expr };
  }
  p.reportUnclosed(open, ')', close);
  return { kind: 'searchGroup', span: { start: open.start, end: expr ? expr.span.end : open.end }, expr };
}

function parseComparison(p: Parser, fieldToken: Token): SearchExprNode {
  p.consume(fieldToken);
  const field = fieldNode(fieldToken);
  const op = p.next('search');
  const valueToken = p.peek('search');
  let value: SearchCompareNode['value'] = null;
  if (valueToken.kind === 'word' && !isKeyword(valueToken, 'AND') && !isKeyword(valueToken, 'OR') && !isKeyword(valueToken, 'NOT')) {
    value = consumeWord(p, valueToken);
  } else if (valueToken.kind === 'string') {
    value = stringNode(p.consume(valueToken));
  } else if (valueToken.kind === 'macro') {
    value = macroNode(p, p.consume(valueToken));
  } else if (valueToken.kind === 'lbracket') {
    value = p.parseSubsearch();
  } else {
    p.error(ParseCode.missingValue, p.at(valueToken), `Expected a value after '${fieldToken.text}${op.text}'`);
  }
  const end = value ? value.span.end : op.end;
  return {
    kind: 'searchCompare',
    span: { start: fieldToken.start, end },
    field,
    operator: op.text as SearchCompareOperator,
    operatorSpan: spanOf(op),
    value,
  };
}

function parseIn(p: Parser, fieldToken: Token, inToken: Token): SearchInNode {
  p.consume(fieldToken);
  p.consume(inToken);
  const open = p.next('args');
  const values: SearchInNode['values'] = [];
  let end = open.end;
  let closed = false;
  if (p.enter(spanOf(open))) {
    for (;;) {
      const token = p.peek('args');
      if (token.kind === 'rparen') {
        p.consume(token);
        end = token.end;
        closed = true;
        break;
      }
      if (p.atStageEnd(token) || token.kind === 'rbracket') break;
      if (token.kind === 'word') {
        const value = consumeWord(p, token);
        values.push(value);
        end = value.span.end;
        continue;
      }
      p.consume(token);
      end = token.end;
      if (token.kind === 'comma') continue;
      else if (token.kind === 'string') values.push(stringNode(token));
      else if (token.kind === 'macro') values.push(macroNode(p, token));
      else p.error(ParseCode.unexpectedToken, spanOf(token), `Unexpected ${p.describe(token)} in the IN list`);
    }
    p.leave();
    if (!closed) p.reportUnclosed(open, ')', p.peek('args'));
  }
  const field = fieldNode(fieldToken);
  return { kind: 'searchIn', span: { start: fieldToken.start, end }, field, keyword: keywordNode(inToken), values, listSpan: { start: open.start, end } };
}

function parseTermFunction(p: Parser, nameToken: Token): SearchTermFunctionNode {
  p.consume(nameToken);
  const open = p.next('search');
  let argument: WordNode | StringNode | null = null;
  let end = open.end;
  // TERM() and CASE() take one literal; keep everything up to ')' as written.
  let close = p.peek('search');
  const parts: Token[] = [];
  while (close.kind !== 'rparen' && !p.atStageEnd(close) && close.kind !== 'rbracket') {
    parts.push(p.consume(close));
    close = p.peek('search');
  }
  if (parts.length === 1 && parts[0].kind === 'string') argument = stringNode(parts[0]);
  else if (parts.length > 0) {
    const first = parts[0];
    const last = parts[parts.length - 1];
    argument = { kind: 'word', span: { start: first.start, end: last.end }, text: p.text.slice(first.start, last.end) };
  }
  if (close.kind === 'rparen') {
    end = p.consume(close).end;
  } else {
    p.reportUnclosed(open, ')', close);
    if (argument) end = argument.span.end;
  }
  return { kind: 'searchTermFunction', span: { start: nameToken.start, end }, name: nameToken.text as 'TERM' | 'CASE', nameSpan: spanOf(nameToken), argument };
}

function isStrayCloser(p: Parser, token: Token): boolean {
  return token.kind === 'rparen' || (token.kind === 'rbracket' && p.subsearchDepth === 0);
}

/**
 * A whole search-command expression: like parseSearchExpr, but a `)` (or, outside subsearches, a
 * `]`) without a matching opening bracket is reported and skipped, and the terms after it still
 * belong to the expression (implicit AND).
 */
export function parseSearchExprRecovering(p: Parser, stop?: SearchStop): SearchExprNode | null {
  let expr = parseSearchExpr(p, stop);
  for (let token = p.peek('search'); isStrayCloser(p, token); token = p.peek('search')) {
    consumeStrayCloser(p, token);
    const more = parseSearchExpr(p, stop);
    if (!more) continue;
    if (!expr) {
      expr = more;
    } else {
      const left = expr.kind === 'searchAnd' ? expr.operands : [expr];
      const right = more.kind === 'searchAnd' ? more.operands : [more];
      const operators = [...(expr.kind === 'searchAnd' ? expr.operators : []), ...(more.kind === 'searchAnd' ? more.operators : [])];
      expr = { kind: 'searchAnd', span: joinSpans(expr.span, more.span), operands: [...left, ...right], operators };
    }
  }
  return expr;
}
