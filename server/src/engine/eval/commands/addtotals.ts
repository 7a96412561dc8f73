// `addtotals [row=true] [col=false] [fieldname=Total] [labelfield=] [label=Total] [fields]` (SR
// addtotals; docs/semantics.md, "addtotals").
import type { FieldListCommandNode } from '../../../spl/ast';
import { Row } from '../row';
import { asNumber, valuesOf, type Value } from '../values';
import { matchingNames } from './fields';
import { optionText, readOptions, rejectExtras, type CommandSpec } from './types';

function flag(text: string | undefined, fallback: boolean): boolean {
  return text === undefined ? fallback : /^(true|t|1|yes)$/i.test(text);
}

/** The numeric values of a field (each value of a multivalue field); none for text. */
function numbers(value: Value): number[] {
  const out: number[] = [];
  for (const v of valuesOf(value)) {
    const n = asNumber(v);
    if (n !== undefined) out.push(n);
  }
  return out;
}

/**
 * Row totals: the sum of the numeric values of the listed fields (wildcards allowed; without a list,
 * every field not starting with `_`) into `fieldname`, set only when some value is numeric. Column
 * totals (col=true): one more row with each numeric field's sum, `label` in `labelfield`.
 */
export const addtotalsCommand: CommandSpec = {
  names: ['addtotals'],
  compile(node, { ctx }) {
    const addtotals = node as FieldListCommandNode;
    rejectExtras(addtotals);
    const options = readOptions(addtotals.options, ['row', 'col', 'fieldname', 'labelfield', 'label'], 'addtotals');
    const text = (name: string) => (options.has(name) ? optionText(options.get(name)!) : undefined);
    const rowTotals = flag(text('row'), true);
    const colTotals = flag(text('col'), false);
    const totalField = text('fieldname') ?? 'Total';
    const labelField = text('labelfield');
    const label = text('label') ?? 'Total';
    const patterns = addtotals.fields.map((f) => f.name);
    const fieldsOf = (row: Row) => (patterns.length > 0 ? matchingNames(row, patterns) : row.names().filter((n) => !n.startsWith('_'))).filter((n) => n !== totalField);
    const columnSums = new Map<string, number>();
    let rows = 0;
    return {
      push(row, emit) {
        if (rowTotals) {
          const values = fieldsOf(row).flatMap((name) => numbers(row.get(name)));
          if (values.length > 0) row.set(totalField, values.reduce((a, b) => a + b, 0));
        }
        if (colTotals) {
          for (const name of patterns.length > 0 ? matchingNames(row, patterns) : row.names().filter((n) => !n.startsWith('_'))) {
            const values = numbers(row.get(name));
            if (values.length > 0) columnSums.set(name, (columnSums.get(name) ?? 0) + values.reduce((a, b) => a + b, 0));
          }
          ctx.checkBuffer(++rows, addtotals.span, 'addtotals');
        }
        emit(row);
      },
      finish(emit) {
        if (!colTotals) return;
        const fields: Array<[string, Value]> = [...columnSums.entries()];
        if (labelField) fields.push([labelField, label]);
        emit(new Row(undefined, [], fields));
      },
    };
  },
};
