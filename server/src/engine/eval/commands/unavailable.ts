// Commands that need data a local run does not have: they fail with the reason, at their name.
import type { CommandNode } from '../../../spl/ast';
import { RunCode, RunError } from '../errors';
import type { CommandSpec } from './types';

function nameSpan(node: CommandNode) {
  return node.kind === 'macroCommand' ? node.macro.span : node.nameSpan;
}

/** `mstats` reads metrics indexes; a log file holds events only. */
export const mstatsCommand: CommandSpec = {
  names: ['mstats'],
  generating: true,
  compile(node) {
    throw new RunError(RunCode.unsupportedCommand, 'mstats reads metrics indexes: there is no metrics data in a local run', nameSpan(node));
  },
};
