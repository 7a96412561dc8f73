import type { SearchCommandNode } from '../../../spl/ast';
import { compileSearch } from '../searchMatch';
import { rejectExtras, streaming, type CommandSpec } from './types';

/** `search <expr>`: first (over events) or later (over results), the same matching rules. */
export const searchCommand: CommandSpec = {
  names: ['search'],
  generating: true,
  compile(node, { ctx, stage }) {
    const search = node as SearchCommandNode;
    rejectExtras(search);
    const test = compileSearch(search.expr, ctx, stage);
    return streaming((row) => (test(row) ? row : null));
  },
};
