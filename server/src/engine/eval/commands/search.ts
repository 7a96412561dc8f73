import type { SearchCommandNode } from '../../../spl/ast';
import { searchGates } from '../eventGates';
import { compileSearch } from '../searchMatch';
import { filtersOn, searchReads } from '../keyFilter';
import { rejectExtras, streaming, type CommandSpec } from './types';

/** `search <expr>`: first (over events) or later (over results), the same matching rules. */
export const searchCommand: CommandSpec = {
  names: ['search'],
  generating: true,
  compile(node, { ctx, stage, first }) {
    const search = node as SearchCommandNode;
    rejectExtras(search);
    const test = compileSearch(search.expr, ctx, stage);
    const compiled = streaming((row) => (test(row) ? row : null));
    if (first) compiled.gates = searchGates(search.expr, ctx, stage);
    else compiled.keyFlow = (origins, present) => filtersOn(origins, searchReads(search.expr), present);
    return compiled;
  },
};
