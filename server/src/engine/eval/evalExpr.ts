// Compiles eval expressions (eval, where, if() ...) into functions of a row. Semantics
// (docs/semantics.md, "Eval expressions"): comparisons are case-sensitive and `*` is literal; an
// unquoted name is a field (`where a=b` compares two fields); comparisons are numeric when both
// sides read as numbers; null propagates through operators and comparisons, and `where` keeps only
// rows whose expression is true; precedence is the parser's (AND before OR, unlike search).
import type { EvalExprNode } from '../../spl/ast';
import type { RunContext } from './context';
import { RunCode, RunError } from './errors';
import { lookupFunction } from './functions/registry';
import type { Expr, FieldSource, FunctionCompiler } from './functions/types';
import { likeMatcher } from './functions/like';
import { asNumber, compareScalars, compareText, equalScalars, firstScalar, isNull, scalarText, valuesOf, type Scalar, type Value } from './values';

export type { Expr, FieldSource } from './functions/types';

export function compileEval(node: EvalExprNode | null, ctx: RunContext): Expr {
  if (!node) return () => null;
  const compiler: FunctionCompiler = { ctx, compile: (n) => compileNode(n, compiler) };
  return compileNode(node, compiler);
}

/** Three-valued logic: null stands for "unknown" and makes `where` drop the row. */
function truth(value: Value): boolean | null {
  if (isNull(value)) return null;
  const first = firstScalar(value);
  if (typeof first === 'boolean') return first;
  return null;
}

function compileNode(node: EvalExprNode, fc: FunctionCompiler): Expr {
  switch (node.kind) {
    case 'field': {
      const name = node.name;
      return (row) => row.get(name);
    }
    case 'string': {
      const value = node.value;
      return () => value;
    }
    case 'number': {
      const value = node.value;
      return () => value;
    }
    case 'variable':
      throw new RunError(RunCode.notRunnable, `${node.text} is a placeholder filled in by Splunk, not a value the local engine can evaluate`, node.span);
    case 'macroCall':
      throw new RunError(RunCode.notRunnable, `macro \`${node.name}\` was not expanded, so the expression cannot run`, node.span);
    case 'subsearch':
      throw new RunError(RunCode.unsupportedCommand, 'a subsearch in an eval expression is not supported by the local engine', node.span);
    case 'evalGroup':
      return node.expr ? compileNode(node.expr, fc) : () => null;
    case 'evalUnary': {
      if (!node.operand) throw new RunError(RunCode.notRunnable, `'${node.operator}' has no operand`, node.span);
      const operand = compileNode(node.operand, fc);
      if (node.operator === 'NOT') {
        return (row) => {
          const t = truth(operand(row));
          return t === null ? null : !t;
        };
      }
      const sign = node.operator === '-' ? -1 : 1;
      return (row) => {
        const n = asNumber(firstScalar(operand(row)));
        return n === undefined ? null : sign * n;
      };
    }
    case 'evalIn': {
      const operand = compileNode(node.operand, fc);
      const values = node.values.map((v) => compileNode(v, fc));
      return (row) => {
        const left = valuesOf(operand(row));
        if (left.length === 0) return null;
        for (const value of values) {
          const candidates = valuesOf(value(row));
          if (left.some((l) => candidates.some((c) => equalScalars(l, c)))) return true;
        }
        return false;
      };
    }
    case 'evalCall': {
      const fn = lookupFunction(node.name);
      if (!fn) throw new RunError(RunCode.unsupportedFunction, `eval function ${node.name}() is not supported by the local engine`, node.nameSpan);
      if (node.args.length < fn.minArgs || node.args.length > fn.maxArgs) {
        const expected = fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : fn.maxArgs === Infinity ? `at least ${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
        throw new RunError(RunCode.invalidArgument, `${node.name}() takes ${expected} argument(s), got ${node.args.length}`, node.span);
      }
      return fn.build(node.args, node, fc);
    }
    case 'evalBinary':
      return compileBinary(node, fc);
  }
}

function compileBinary(node: Extract<EvalExprNode, { kind: 'evalBinary' }>, fc: FunctionCompiler): Expr {
  if (!node.right) throw new RunError(RunCode.notRunnable, `'${node.operator}' has no right operand`, node.span);
  const left = compileNode(node.left, fc);
  const right = compileNode(node.right, fc);
  switch (node.operator) {
    case 'AND':
      return (row) => {
        const a = truth(left(row));
        if (a === false) return false;
        const b = truth(right(row));
        if (b === false) return false;
        return a === null || b === null ? null : true;
      };
    case 'OR':
      return (row) => {
        const a = truth(left(row));
        if (a === true) return true;
        const b = truth(right(row));
        if (b === true) return true;
        return a === null || b === null ? null : false;
      };
    case 'XOR':
      return (row) => {
        const a = truth(left(row));
        const b = truth(right(row));
        return a === null || b === null ? null : a !== b;
      };
    case '=':
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const op = node.operator;
      const holds = (order: number) =>
        op === '=' || op === '==' ? order === 0 : op === '!=' ? order !== 0 : op === '<' ? order < 0 : op === '<=' ? order <= 0 : op === '>' ? order > 0 : order >= 0;
      // A quoted literal is a string: `where n<"9"` compares text even when n holds a number.
      const asText = node.left.kind === 'string' || node.right.kind === 'string';
      const order = asText ? (x: Scalar, y: Scalar) => compareText(scalarText(x), scalarText(y)) : compareScalars;
      return (row) => {
        const a = valuesOf(left(row));
        const b = valuesOf(right(row));
        if (a.length === 0 || b.length === 0) return null;
        // A multivalue operand compares each of its values: true when any pair holds.
        return a.some((x) => b.some((y) => holds(order(x, y))));
      };
    }
    case 'LIKE': {
      const literal = node.right.kind === 'string' ? node.right.value : undefined;
      const fixed = literal !== undefined ? likeMatcher(literal) : undefined;
      return (row) => {
        const a = valuesOf(left(row));
        const pattern = firstScalar(right(row));
        if (a.length === 0 || pattern === null) return null;
        const test = fixed ?? likeMatcher(scalarText(pattern));
        return a.some((v) => test(scalarText(v)));
      };
    }
    case '.':
      return (row) => {
        const a = firstScalar(left(row));
        const b = firstScalar(right(row));
        if (a === null || b === null) return null;
        return scalarText(a) + scalarText(b);
      };
    case '+':
      return (row) => {
        const a = firstScalar(left(row));
        const b = firstScalar(right(row));
        if (a === null || b === null) return null;
        const x = asNumber(a);
        const y = asNumber(b);
        if (x !== undefined && y !== undefined) return x + y;
        if (x === undefined && y === undefined) return scalarText(a) + scalarText(b);
        return null;
      };
    default: {
      const op = node.operator;
      return (row) => {
        const x = asNumber(firstScalar(left(row)));
        const y = asNumber(firstScalar(right(row)));
        if (x === undefined || y === undefined) return null;
        switch (op) {
          case '-':
            return x - y;
          case '*':
            return x * y;
          case '/':
            return y === 0 ? null : x / y;
          case '%':
            return y === 0 ? null : x % y;
        }
        return null;
      };
    }
  }
}
