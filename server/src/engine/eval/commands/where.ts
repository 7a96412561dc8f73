import type { WhereCommandNode } from '../../../spl/ast';
import { RunCode, RunError } from '../errors';
import { compileEval } from '../evalExpr';
import { firstScalar } from '../values';
import { fieldsRead } from '../astFields';
import { filtersOn } from '../keyFilter';
import { rejectExtras, streaming, type CommandSpec } from './types';

/** `where <eval-expr>`: keeps rows whose expression is true (false and null drop the row). */
export const whereCommand: CommandSpec = {
  names: ['where'],
  compile(node, { ctx }) {
    const where = node as WhereCommandNode;
    rejectExtras(where);
    if (!where.expr) throw new RunError(RunCode.notRunnable, 'where needs an expression', where.span);
    const expr = compileEval(where.expr, ctx);
    const reads = fieldsRead(where.expr);
    return streaming((row) => (firstScalar(expr(row)) === true ? row : null), (origins, present) => filtersOn(origins, reads, present));
  },
};
