// `append [subsearch]` and `appendpipe [subpipeline]` (SR append, appendpipe): the rows pass through,
// then the subsearch's rows (append) or the subpipeline's output over copies of them (appendpipe).
import type { AppendCommandNode } from '../../../spl/ast';
import { RunCode, RunError } from '../errors';
import type { Row } from '../row';
import { childContext, compileSubpipeline, compileSubsearch, runNested, runSubsearch } from './nested';
import { optionText, parseCount, readOptions, rejectExtras, type CommandSpec } from './types';

export const appendCommand: CommandSpec = {
  names: ['append'],
  compile(node, { ctx }) {
    const append = node as AppendCommandNode;
    rejectExtras(append);
    const options = readOptions(append.options, ['extendtimerange', 'maxtime', 'maxout', 'timeout'], 'append');
    const maxoutOption = options.get('maxout');
    const maxout = maxoutOption ? parseCount(optionText(maxoutOption), maxoutOption.span, 'maxout') : 50_000;
    const subsearch = compileSubsearch(append.subsearch, ctx, 'append', append.span);
    return {
      push(row, emit) {
        emit(row);
      },
      async finish(emit) {
        const rows = await runSubsearch(subsearch, ctx);
        rows.slice(0, maxout).forEach(emit);
      },
    };
  },
};

export const appendpipeCommand: CommandSpec = {
  names: ['appendpipe'],
  compile(node, { ctx }) {
    const appendpipe = node as AppendCommandNode;
    rejectExtras(appendpipe);
    readOptions(appendpipe.options, ['run_in_preview'], 'appendpipe');
    if (!appendpipe.subsearch) throw new RunError(RunCode.notRunnable, 'appendpipe needs a subpipeline in [ ]', appendpipe.span);
    const nested = compileSubpipeline(appendpipe.subsearch.pipeline, childContext(ctx), appendpipe.subsearch.span);
    const copies: Row[] = [];
    return {
      push(row, emit) {
        // The subpipeline may change its rows, so it gets copies made before the rows move on.
        copies.push(row.materialize());
        ctx.checkBuffer(copies.length, appendpipe.span, 'appendpipe');
        emit(row);
      },
      async finish(emit) {
        const rows = await runNested(nested, copies, ctx);
        rows.forEach(emit);
      },
    };
  },
};
