// `map search="... $field$ ..." [maxsearches=N]` or `map [ ... ]` (SR map): for each input row, the
// search with each `$field$` replaced by that row's value, run over the log; the output is every
// search's rows in turn. docs/semantics.md, "map".
import type { MapCommandNode } from '../../../spl/ast';
import type { Span } from '../../../text/span';
import { RunCode, RunError } from '../errors';
import { mergeLines, type Row } from '../row';
import { textOf } from '../values';
import { compileText, runSubsearch, subsearchBody } from './nested';
import { optionText, parseCount, readOptions, rejectExtras, type CommandSpec } from './types';

const TOKEN = /\$([^$\s]+)\$/g;

export const mapCommand: CommandSpec = {
  names: ['map'],
  compile(node, { ctx }) {
    const map = node as MapCommandNode;
    rejectExtras(map);
    const options = readOptions(map.options, ['search', 'maxsearches'], 'map');
    const searchOption = options.get('search');
    let template: string;
    let span: Span;
    if (searchOption) {
      template = optionText(searchOption);
      span = searchOption.value?.span ?? searchOption.span;
    } else if (map.subsearch) {
      template = subsearchBody(map.subsearch, ctx);
      span = map.subsearch.span;
    } else {
      throw new RunError(RunCode.notRunnable, 'map needs search="..." or a [subsearch] (saved searches do not exist locally)', map.span);
    }
    const maxOption = options.get('maxsearches');
    const maxSearches = maxOption ? parseCount(optionText(maxOption), maxOption.span, 'maxsearches') : 10;
    // Compiled once with placeholders so that an unsupported command fails before any event is read.
    compileText(template.replace(TOKEN, 'map_token'), ctx, "map's search", span, false, template);
    const held: Row[] = [];
    return {
      push(row) {
        held.push(row);
        ctx.checkBuffer(held.length, map.span, 'map');
      },
      async finish(emit) {
        if (held.length > maxSearches) {
          ctx.warn(RunCode.limit, `map ran its search for the first ${maxSearches} of ${held.length} rows (maxsearches=${maxSearches})`, map.span);
        }
        for (let i = 0; i < Math.min(held.length, maxSearches); i++) {
          const row = held[i];
          const missing: string[] = [];
          const text = template.replace(TOKEN, (_whole, name: string) => {
            if (name === '_serial_id') return String(i + 1);
            const value = textOf(row.get(name));
            if (value === undefined) missing.push(name);
            return value ?? '';
          });
          if (missing.length > 0) {
            ctx.warn(RunCode.ignored, `map skipped the search of a row without ${missing.map((m) => `$${m}$`).join(', ')}`, span);
            continue;
          }
          const nested = compileText(text, ctx, "map's search", span, false);
          for (const out of await runSubsearch(nested, ctx)) {
            out.events = mergeLines([row.events, out.events]);
            emit(out);
          }
        }
      },
    };
  },
};
