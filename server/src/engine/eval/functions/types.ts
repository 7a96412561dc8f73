import type { EvalCallNode, EvalExprNode } from '../../../spl/ast';
import type { RunContext } from '../context';
import type { Value } from '../values';

/** What an expression reads fields from: a row, or a row with one field overridden (mvfilter). */
export interface FieldSource {
  get(name: string): Value;
}

export type Expr = (row: FieldSource) => Value;

export interface FunctionCompiler {
  ctx: RunContext;
  compile(node: EvalExprNode): Expr;
}

/** One eval function: its arity and how it builds an evaluator from its argument nodes. */
export interface EvalFunction {
  name: string;
  minArgs: number;
  maxArgs: number;
  build(args: EvalExprNode[], call: EvalCallNode, fc: FunctionCompiler): Expr;
}

/** A function that evaluates every argument first (most of them). */
export function eager(name: string, minArgs: number, maxArgs: number, fn: (values: Value[], fc: FunctionCompiler) => Value): EvalFunction {
  return {
    name,
    minArgs,
    maxArgs,
    build(args, _call, fc) {
      const compiled = args.map((a) => fc.compile(a));
      return (row) => fn(compiled.map((c) => c(row)), fc);
    },
  };
}
