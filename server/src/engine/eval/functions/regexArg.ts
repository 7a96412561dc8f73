import type { EvalExprNode } from '../../../spl/ast';
import { RunCode, RunError } from '../errors';
import type { CompiledRegex } from '../regex';
import { firstScalar, scalarText } from '../values';
import type { FieldSource, FunctionCompiler } from './types';

/**
 * A regex argument: compiled once when written as a string literal (a bad pattern fails before any
 * event is read), else compiled per distinct value at run time. Either way a pattern RE2 cannot run
 * fails the run at the argument's position.
 */
export function regexArgument(node: EvalExprNode, fc: FunctionCompiler): (row: FieldSource) => CompiledRegex | null {
  const compileAt = (pattern: string): CompiledRegex => {
    const outcome = fc.ctx.regexes.get(pattern);
    if (!outcome.ok) throw new RunError(RunCode.unsupportedRegex, outcome.message, node.span);
    return outcome.regex;
  };
  if (node.kind === 'string') {
    const regex = compileAt(node.value);
    return () => regex;
  }
  const expr = fc.compile(node);
  return (row) => {
    const value = firstScalar(expr(row));
    return value === null ? null : compileAt(scalarText(value));
  };
}
