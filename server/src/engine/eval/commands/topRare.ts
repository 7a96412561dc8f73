// `top` / `rare [N] [limit=] [countfield=] [percentfield=] [showcount=] [showperc=] [useother=]
// [otherstr=] fields [BY fields]` (SR top, rare; docs/semantics.md, "top and rare").
import type { TopCommandNode } from '../../../spl/ast';
import { RunCode, RunError } from '../errors';
import { mergeLines, Row } from '../row';
import { compareScalars, detached, scalarText, valuesOf, type Scalar, type Value } from '../values';
import { optionText, parseCount, readOptions, rejectExtras, type CommandSpec } from './types';

interface Tally {
  values: Scalar[];
  count: number;
  lines: number[][];
  order: number;
}

interface Group {
  by: Scalar[];
  tallies: Map<string, Tally>;
  total: number;
}

/** Each combination of a row's values (a multivalue field counts once per value). */
function combinations(row: Row, fields: string[]): Scalar[][] {
  let combos: Scalar[][] = [[]];
  for (const field of fields) {
    const values = [...new Set(valuesOf(row.get(field)).map(scalarText))];
    if (values.length === 0) return [];
    combos = combos.flatMap((combo) => values.map((v) => [...combo, v]));
  }
  return combos;
}

function flag(text: string | undefined, fallback: boolean): boolean {
  return text === undefined ? fallback : /^(true|t|1|yes)$/i.test(text);
}

function topOrRare(rare: boolean): CommandSpec {
  const command = rare ? 'rare' : 'top';
  return {
    names: [command],
    compile(node, { ctx }) {
      const top = node as TopCommandNode;
      rejectExtras(top);
      const options = readOptions(top.options, ['limit', 'countfield', 'percentfield', 'showcount', 'showperc', 'useother', 'otherstr'], command);
      const text = (name: string) => (options.has(name) ? optionText(options.get(name)!) : undefined);
      let fields = top.fields.map((f) => f.name);
      let limit = options.has('limit') ? parseCount(text('limit')!, options.get('limit')!.span, 'limit') : 10;
      if (fields.length > 1 && /^\d+$/.test(fields[0])) {
        limit = Number(fields[0]);
        fields = fields.slice(1);
      }
      if (fields.length === 0) throw new RunError(RunCode.notRunnable, `${command} needs a field`, top.span);
      const countField = text('countfield') ?? 'count';
      const percentField = text('percentfield') ?? 'percent';
      const showCount = flag(text('showcount'), true);
      const showPercent = flag(text('showperc'), true);
      const useOther = flag(text('useother'), false);
      const otherText = text('otherstr') ?? 'OTHER';
      const byFields = top.by.map((f) => f.name);
      const groups = new Map<string, Group>();
      let seen = 0;
      return {
        push(row) {
          const byCombos = byFields.length > 0 ? combinations(row, byFields) : [[]];
          const combos = combinations(row, fields);
          if (combos.length === 0) return;
          for (const by of byCombos) {
            const groupKey = JSON.stringify(by);
            let group = groups.get(groupKey);
            if (!group) groups.set(groupKey, (group = { by: by.map(detached), tallies: new Map(), total: 0 }));
            group.total++;
            for (const values of combos) {
              const key = JSON.stringify(values);
              let tally = group.tallies.get(key);
              if (!tally) {
                group.tallies.set(key, (tally = { values: values.map(detached), count: 0, lines: [], order: seen++ }));
                ctx.checkBuffer(seen, top.span, command);
              }
              tally.count++;
              tally.lines.push(row.events);
            }
          }
        },
        finish(emit) {
          const ordered = [...groups.values()].sort((a, b) => {
            for (let i = 0; i < a.by.length; i++) {
              const order = compareScalars(a.by[i], b.by[i]);
              if (order !== 0) return order;
            }
            return 0;
          });
          for (const group of ordered) {
            const tallies = [...group.tallies.values()].sort((a, b) => (rare ? a.count - b.count : b.count - a.count) || a.order - b.order);
            const kept = limit === 0 ? tallies : tallies.slice(0, limit);
            const rest = tallies.slice(kept.length);
            const make = (values: Scalar[], count: number, lines: number[][]) => {
              const fieldValues: Array<[string, Value]> = byFields.map((f, i) => [f, group.by[i]]);
              fields.forEach((f, i) => fieldValues.push([f, values[i]]));
              if (showCount) fieldValues.push([countField, count]);
              if (showPercent) fieldValues.push([percentField, Number(((count / group.total) * 100).toFixed(6))]);
              emit(new Row(undefined, mergeLines(lines), fieldValues));
            };
            for (const tally of kept) make(tally.values, tally.count, tally.lines);
            if (useOther && rest.length > 0) {
              make(fields.map(() => otherText), rest.reduce((n, t) => n + t.count, 0), rest.flatMap((t) => t.lines));
            }
          }
        },
      };
    },
  };
}

export const topCommand = topOrRare(false);
export const rareCommand = topOrRare(true);
