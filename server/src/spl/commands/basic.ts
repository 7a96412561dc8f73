/** search, where, eval, head, the generic fallback and macro stages. */
import type {
  EvalAssignmentNode,
  EvalCommandNode,
  GenericCommandNode,
  HeadCommandNode,
  MacroCommandNode,
  SearchCommandNode,
  WhereCommandNode,
} from '../ast';
import { consumeStrayCloser, fieldNode, macroNode, parseGenericArg, tryParseOption, wordNode, type Parser } from '../args';
import { ParseCode } from '../codes';
import { atEvalEnd, parseEvalExpr } from '../evalExpr';
import type { Token } from '../lexer';
import { spanOf } from '../parserCore';
import { parseSearchExprRecovering } from '../searchExpr';
import { commandParts, commandSpan, hasMacro, parseRest, reportMissingPart, type CommandStart } from './common';

export function parseSearchCommand(p: Parser, start: CommandStart): SearchCommandNode {
  const node: SearchCommandNode = { kind: 'search', span: spanOf(start.name), ...commandParts(start), implicit: false, expr: null };
  node.expr = parseSearchExprRecovering(p);
  node.span = commandSpan(p, start);
  return node;
}

/** The implicit `search` that starts a pipeline; null when there is nothing to search for. */
export function parseImplicitSearch(p: Parser): SearchCommandNode | null {
  const first = p.peek('search');
  const expr = parseSearchExprRecovering(p);
  if (!expr) return null;
  const node: SearchCommandNode = {
    kind: 'search',
    span: expr.span,
    name: 'search',
    nameSpan: { start: first.start, end: first.start },
    extras: [],
    implicit: true,
    expr,
  };
  node.span = { start: expr.span.start, end: p.pos };
  return node;
}

export function parseWhere(p: Parser, start: CommandStart): WhereCommandNode {
  const node: WhereCommandNode = { kind: 'where', span: spanOf(start.name), ...commandParts(start), expr: null };
  node.expr = parseEvalExpr(p);
  if (!node.expr) {
    const token = p.peek('eval');
    if (token.kind === 'macro') node.extras.push(macroNode(p, p.consume(token)));
    else reportMissingPart(p, start, "'where' needs an expression, e.g. where count > 5");
  }
  skipToStageEnd(p, `the 'where' expression`, node.extras);
  node.span = commandSpan(p, start);
  return node;
}

/**
 * Reports the first token that cannot continue an expression and skips to the end of the stage.
 * A macro call there is accepted silently (it may expand to the rest of the expression).
 */
function skipToStageEnd(p: Parser, where: string, extras: EvalCommandNode['extras']): void {
  let reported = false;
  for (let token = p.peek('eval'); !p.atStageEnd(token); token = p.peek('eval')) {
    if (token.kind === 'macro') {
      extras.push(macroNode(p, p.consume(token)));
      continue;
    }
    if (consumeStrayCloser(p, token)) continue;
    p.consume(token);
    if (!reported && !hasMacro(extras)) {
      reported = true;
      p.error(ParseCode.unexpectedToken, spanOf(token), `Unexpected ${p.describe(token)} after ${where}`);
    }
  }
}

export function parseEval(p: Parser, start: CommandStart): EvalCommandNode {
  const node: EvalCommandNode = { kind: 'eval', span: spanOf(start.name), ...commandParts(start), assignments: [] };
  let failed = false;
  for (let token = p.peek('eval'); !p.atStageEnd(token); token = p.peek('eval')) {
    if (token.kind === 'comma') {
      p.consume(token);
      continue;
    }
    if (token.kind === 'macro') {
      node.extras.push(macroNode(p, p.consume(token)));
      // `eval `target_macro` = expr`: the macro names the field; skip the rest of this assignment quietly.
      const after = p.peek('eval');
      if (after.kind === 'op' && after.text === '=') skipAssignment(p, null);
      continue;
    }
    const assignment = parseAssignment(p, token);
    if (assignment) node.assignments.push(assignment);
    else failed = true;
    const after = p.peek('eval');
    if (!assignment || (!atEvalEnd(p, after) && after.kind !== 'macro')) {
      skipAssignment(p, assignment ? `Expected ',' between eval assignments, found ${p.describe(after)}` : null);
    }
  }
  if (node.assignments.length === 0 && !failed && !hasMacro(node.extras)) reportMissingPart(p, start, "'eval' needs an assignment, e.g. eval field=expression");
  node.span = commandSpan(p, start);
  return node;
}

function parseAssignment(p: Parser, token: Token): EvalAssignmentNode | null {
  const isTarget = token.kind === 'word' || token.kind === 'quotedField' || token.kind === 'string';
  // Splunk takes the whole word before `=` as the target: `eval cpu:mem = ...`, `eval feature_-value=...`.
  let targetEnd = token.end;
  let equals = p.peekAfter(token, 'eval');
  while (token.kind === 'word' && !equals.spaceBefore && isTargetContinuation(equals)) {
    targetEnd = equals.end;
    equals = p.scanner.scan(equals.end, 'eval');
  }
  if (!isTarget || equals.kind !== 'op' || equals.text !== '=') {
    const at = isTarget ? equals : token;
    p.error(ParseCode.missingCommandPart, p.at(at), `Expected 'field = expression' in eval, found ${p.describe(at)}`);
    return null;
  }
  p.consume(token);
  p.pos = equals.end;
  const field = targetEnd === token.end ? fieldNode(token) : { kind: 'field' as const, span: { start: token.start, end: targetEnd }, name: p.text.slice(token.start, targetEnd), quoted: false };
  const expr = parseEvalExpr(p);
  if (!expr) {
    const found = p.peek('eval');
    p.error(ParseCode.missingValue, p.at(found), `Expected an expression after '${field.name} =', found ${p.describe(found)}`);
  }
  return { kind: 'evalAssignment', span: { start: token.start, end: expr ? expr.span.end : equals.end }, field, expr };
}

function isTargetContinuation(token: Token): boolean {
  if (token.kind === 'word' || token.kind === 'number' || token.kind === 'unknown') return true;
  return token.kind === 'op' && !token.text.startsWith('=') && token.text !== '!=' && !token.text.startsWith('<') && !token.text.startsWith('>');
}

/** Recovery inside eval: skip to the next top-level comma or the end of the stage. */
function skipAssignment(p: Parser, message: string | null): void {
  let depth = 0;
  let first = true;
  for (let token = p.peek('eval'); !p.atStageEnd(token); token = p.peek('eval')) {
    if (depth === 0 && token.kind === 'comma') return;
    if (first && message) p.error(ParseCode.unexpectedToken, spanOf(token), message);
    first = false;
    if (token.kind === 'lparen') depth++;
    if (token.kind === 'rparen') depth = Math.max(0, depth - 1);
    p.consume(token);
  }
}

export function parseHead(p: Parser, start: CommandStart): HeadCommandNode {
  const node: HeadCommandNode = { kind: 'head', span: spanOf(start.name), ...commandParts(start), count: null, options: [], expr: null };
  for (let token = p.peek('args'); !p.atStageEnd(token); token = p.peek('args')) {
    const option = tryParseOption(p);
    if (option) {
      node.options.push(option);
    } else if (token.kind === 'word' && /^\d+$/.test(token.text) && !node.count && !node.expr) {
      node.count = wordNode(p.consume(token));
    } else if (token.kind === 'lparen' && !node.expr && !node.count) {
      node.expr = parseEvalExpr(p);
    } else {
      parseRest(p, node.name, node.extras);
    }
  }
  node.span = commandSpan(p, start);
  return node;
}

export function parseGeneric(p: Parser, start: CommandStart): GenericCommandNode {
  const node: GenericCommandNode = { kind: 'generic', span: spanOf(start.name), ...commandParts(start), args: [] };
  for (let token = p.peek('args'); !p.atStageEnd(token); token = p.peek('args')) {
    if (token.kind === 'rbracket') consumeStrayCloser(p, token);
    else node.args.push(parseGenericArg(p));
  }
  node.span = commandSpan(p, start);
  return node;
}

export function parseMacroCommand(p: Parser, macroToken: Token): MacroCommandNode {
  const macro = macroNode(p, p.consume(macroToken));
  const args = [];
  for (let token = p.peek('args'); !p.atStageEnd(token); token = p.peek('args')) {
    if (token.kind === 'rbracket') consumeStrayCloser(p, token);
    else args.push(parseGenericArg(p));
  }
  return { kind: 'macroCommand', span: { start: macroToken.start, end: p.pos }, macro, args };
}
