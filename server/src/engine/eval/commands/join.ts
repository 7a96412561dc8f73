// `join [type=inner|outer|left] [max=N] [overwrite=true|false] [fields] [subsearch]` (SR join).
// The subsearch runs once over the log (docs/semantics.md, "join, append, appendpipe").
import type { JoinCommandNode } from '../../../spl/ast';
import { RunCode, RunError } from '../errors';
import { mergeLines, type Row } from '../row';
import { scalarText, valuesOf } from '../values';
import { compileSubsearch, runSubsearch } from './nested';
import { filtersOn } from '../keyFilter';
import { optionText, parseCount, readOptions, rejectExtras, type CommandSpec, type Emit } from './types';

function flag(text: string): boolean {
  return /^(true|t|1|yes)$/i.test(text);
}

/** The join key of a row: each field's values, exactly (case-sensitive); undefined when one is null. */
function keyOf(row: Row, fields: string[]): string | undefined {
  const parts: string[][] = [];
  for (const field of fields) {
    const values = valuesOf(row.get(field)).map(scalarText);
    if (values.length === 0) return undefined;
    parts.push(values);
  }
  return JSON.stringify(parts);
}

/** Field names both result sets have, without internal `_` fields (used when join names none). */
function commonFields(left: Row[], right: Row[]): string[] {
  const rightNames = new Set(right.flatMap((r) => r.names()));
  const names: string[] = [];
  for (const row of left) for (const name of row.names()) if (!name.startsWith('_') && rightNames.has(name) && !names.includes(name)) names.push(name);
  return names;
}

export const joinCommand: CommandSpec = {
  names: ['join'],
  compile(node, { ctx }) {
    const join = node as JoinCommandNode;
    rejectExtras(join);
    const options = readOptions(join.options, ['type', 'max', 'overwrite', 'usetime', 'earlier'], 'join');
    const type = options.has('type') ? optionText(options.get('type')!).toLowerCase() : 'inner';
    if (!['inner', 'outer', 'left'].includes(type)) throw new RunError(RunCode.invalidArgument, `join type=${type}: expected inner, outer or left`, options.get('type')!.span);
    const keepUnmatched = type !== 'inner';
    const max = options.has('max') ? parseCount(optionText(options.get('max')!), options.get('max')!.span, 'max') : 1;
    const overwrite = options.has('overwrite') ? flag(optionText(options.get('overwrite')!)) : true;
    if (options.has('usetime') && flag(optionText(options.get('usetime')!))) {
      throw new RunError(RunCode.invalidArgument, 'join usetime=true is not supported by the local engine', options.get('usetime')!.span);
    }
    const subsearch = compileSubsearch(join.subsearch, ctx, 'join', join.span);
    const named = join.fields.map((f) => f.name);
    const held: Row[] = [];
    /** Joins one left row, once the subsearch's rows and the join fields are known. */
    let joinRow: ((row: Row, emit: Emit) => void) | undefined;
    const joinerFor = (rows: Row[], fields: string[]) => {
      const byKey = new Map<string, Row[]>();
      for (const row of rows) {
        const key = keyOf(row, fields);
        if (key === undefined) continue;
        const list = byKey.get(key);
        if (list) list.push(row);
        else byKey.set(key, [row]);
      }
      return (row: Row, emit: Emit): void => {
        const key = fields.length > 0 ? keyOf(row, fields) : undefined;
        const matches = key === undefined ? [] : (byKey.get(key) ?? []);
        if (matches.length === 0) {
          if (keepUnmatched) emit(row);
          return;
        }
        const taken = max === 0 ? matches : matches.slice(0, max);
        taken.forEach((match, i) => {
          // Several matches (max > 1) give one row each; copies keep the left row's fields apart.
          const out = i === taken.length - 1 ? row : row.materialize();
          for (const name of match.names()) {
            if (overwrite || !out.has(name)) out.set(name, match.get(name));
          }
          out.events = mergeLines([row.events, match.events]);
          emit(out);
        });
      };
    };
    /** With named fields: the joiner, from the subsearch's rows (a shared subsearch's, not copied: the join only reads them). */
    const joinNamed = async () => {
      joinRow ??= joinerFor(await runSubsearch(subsearch, ctx, true), named);
    };
    let runsBeforeReading = false;
    return {
      // An inner join on named fields drops a row unless its fields' values are among the
      // subsearch's: a group filter (keyFilter.ts) when they are by-fields. Its subsearch then runs
      // before the log is read (as Splunk runs subsearches first), so that each new group is joined
      // as it is made and only groups with a match are kept.
      keyFlow(origins) {
        if (keepUnmatched || named.length === 0) return undefined;
        const flow = filtersOn(origins, named);
        if (!flow) return undefined;
        if (!runsBeforeReading) {
          runsBeforeReading = true;
          ctx.beforeReading(joinNamed);
        }
        return { ...flow, last: true };
      },
      // Named join fields: with the subsearch's rows in hand before the rows arrive, each row is
      // joined as it comes and none is held (a hunt joins a row per process event). When no
      // command holds a row, none can come: the subsearch is left to finish, which skips it.
      async prepareFinish() {
        if (named.length === 0 || joinRow || (held.length === 0 && ctx.heldRows().rows === 0)) return;
        await joinNamed();
      },
      push(row, emit) {
        if (joinRow) {
          // Rows held before the subsearch was in hand go first, in their order.
          for (const earlier of held) joinRow(earlier, emit);
          held.length = 0;
          joinRow(row, emit);
          return;
        }
        held.push(row);
        ctx.checkBuffer(held.length, join.span, 'join');
      },
      async finish(emit) {
        // No row to join: every type gives nothing, so the subsearch (a read of the whole log) is skipped.
        if (held.length === 0) return;
        let join = joinRow;
        if (!join) {
          const right = await runSubsearch(subsearch, ctx, true);
          join = joinerFor(right, named.length > 0 ? named : commonFields(held, right));
        }
        for (const row of held) join(row, emit);
        held.length = 0;
      },
    };
  },
};
