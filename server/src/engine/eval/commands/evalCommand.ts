import type { EvalCommandNode } from '../../../spl/ast';
import { RunCode, RunError } from '../errors';
import { compileEval } from '../evalExpr';
import { fieldsRead } from '../astFields';
import { carries } from '../keyFilter';
import { rejectExtras, streaming, type CommandSpec, type Stage } from './types';

/**
 * `eval a=..., b=...`: assignments run left to right, each seeing the ones before it. A boolean result
 * cannot be stored in a field (Splunk rejects it); here it fails the run at the assignment.
 */
export const evalCommand: CommandSpec = {
  names: ['eval'],
  compile(node, { ctx }) {
    const command = node as EvalCommandNode;
    rejectExtras(command);
    const assignments = command.assignments.map((a) => {
      if (!a.expr) throw new RunError(RunCode.notRunnable, `eval ${a.field.name}= has no expression`, a.span);
      return { name: a.field.name, expr: compileEval(a.expr, ctx), span: a.span };
    });
    // Each assignment sees the ones before it: carries() takes the writes in order. A `{field}` name is not followed.
    const keyFlow: Stage['keyFlow'] = (origins, present) =>
      command.assignments.some((a) => a.field.name.includes('{')) ? undefined : carries(origins, command.assignments.map((a) => [a.field.name, a.expr ? fieldsRead(a.expr) : []]), present);
    return streaming((row) => {
      for (const { name, expr, span } of assignments) {
        const value = expr(row);
        if (typeof value === 'boolean' || (Array.isArray(value) && value.some((v) => typeof v === 'boolean'))) {
          throw new RunError(RunCode.invalidArgument, `eval ${name}= gives a boolean, which cannot be stored in a field (use if())`, span);
        }
        row.set(name, value);
      }
      return row;
    }, keyFlow);
  },
};
