// lookup, inputlookup and outputlookup over the workspace's CSV lookups (lookupTables.ts).
// Rules and sources: docs/semantics.md, "lookup and inputlookup".
import type { InputlookupCommandNode, LookupCommandNode, OutputlookupCommandNode, StringNode, WordNode } from '../../../spl/ast';
import type { Span } from '../../../text/span';
import type { RunContext } from '../context';
import { RunCode, RunError } from '../errors';
import { LookupError, type LookupTable } from '../lookupTables';
import { Row } from '../row';
import { compileSearch } from '../searchMatch';
import { scalarText, valuesOf, type Value } from '../values';
import { carries } from '../keyFilter';
import { optionText, parseCount, readOptions, rejectExtras, streaming, type CommandSpec, type Emit, type Stage } from './types';

function tableName(table: WordNode | StringNode | null, command: string, span: Span): { name: string; span: Span } {
  if (!table) throw new RunError(RunCode.notRunnable, `${command} needs a lookup table name`, span);
  return { name: table.kind === 'string' ? table.value : table.text, span: table.span };
}

/** The table, or a RunError at its name saying why it cannot be read. */
export function openTable(ctx: RunContext, name: string, span: Span): LookupTable {
  const lookups = ctx.sources.lookups;
  if (!lookups) throw new RunError(RunCode.notRunnable, `lookup '${name}' cannot be read: this run has no lookups folder`, span);
  try {
    const table = lookups.table(name);
    if (table.note) ctx.warn(RunCode.ignored, table.note, span);
    return table;
  } catch (error) {
    if (error instanceof LookupError) throw new RunError(RunCode.invalidArgument, error.message, span);
    throw error;
  }
}

function flag(text: string): boolean {
  return /^(true|t|1|yes)$/i.test(text);
}

/** A row of the table as a result row: its non-empty cells. */
function tableRow(table: LookupTable, index: number): Row {
  const fields: Array<[string, Value]> = [];
  for (const field of table.fields) {
    const value = table.value(index, field);
    if (value !== '' && field !== '') fields.push([field, value]);
  }
  return new Row(undefined, [], fields);
}

/** The table's rows that pass `test`, in file order, from row `start`, at most `max` of them. */
export function emitTableRows(table: LookupTable, test: (row: Row) => boolean, emit: Emit, start = 0, max = Infinity): void {
  let kept = 0;
  for (let i = start; i < table.rows.length && kept < max; i++) {
    const row = tableRow(table, i);
    if (!test(row)) continue;
    kept++;
    emit(row);
  }
}

/**
 * `lookup table field [AS event_field] ... [OUTPUT|OUTPUTNEW field [AS event_field] ...]`. A row with
 * a null input field is left as it is; OUTPUT replaces the output fields (a row without a match loses
 * them), OUTPUTNEW only fills output fields the row does not have.
 */
export const fieldLookupCommand: CommandSpec = {
  names: ['lookup'],
  compile(node, { ctx }) {
    const lookup = node as LookupCommandNode;
    rejectExtras(lookup);
    readOptions(lookup.options, ['local', 'update'], 'lookup');
    const { name, span } = tableName(lookup.table, 'lookup', lookup.span);
    const table = openTable(ctx, name, span);
    if (lookup.inputs.length === 0) throw new RunError(RunCode.notRunnable, `lookup ${name} needs at least one field to match`, lookup.span);
    const inputs = lookup.inputs.map((i) => ({ table: i.field.name, event: i.alias?.name ?? i.field.name, span: i.span }));
    for (const input of inputs) {
      if (!table.has(input.table)) throw new RunError(RunCode.invalidArgument, `lookup ${name} has no field '${input.table}' (its fields: ${table.fields.join(', ')})`, input.span);
    }
    const outputNew = lookup.outputKeyword?.keyword === 'OUTPUTNEW';
    const outputs = lookup.outputKeyword
      ? lookup.outputs.map((o) => ({ table: o.field.name, event: o.alias?.name ?? o.field.name, span: o.span }))
      : table.fields.filter((f) => f !== '' && !inputs.some((i) => i.table === f)).map((f) => ({ table: f, event: f, span: lookup.span }));
    for (const output of outputs) {
      if (!table.has(output.table)) throw new RunError(RunCode.invalidArgument, `lookup ${name} has no field '${output.table}' to output (its fields: ${table.fields.join(', ')})`, output.span);
    }
    const { minMatches, defaultMatch } = table.definition;
    const eventInputs = inputs.map((i) => i.event);
    const keyFlow: Stage['keyFlow'] = (origins, present) => carries(origins, outputs.map((o) => [o.event, eventInputs]), present);
    return streaming((row) => {
      const values = inputs.map((i) => ({ field: i.table, values: valuesOf(row.get(i.event)).map(scalarText) }));
      if (values.some((v) => v.values.length === 0)) return row;
      if (outputNew && outputs.every((o) => row.has(o.event))) return row;
      const matches = table.match(values);
      for (const output of outputs) {
        if (outputNew && row.has(output.event)) continue;
        const found = matches.map((m) => table.value(m, output.table)).filter((v) => v !== '');
        if (defaultMatch !== '') for (let i = matches.length; i < minMatches; i++) found.push(defaultMatch);
        row.set(output.event, found.length === 0 ? null : found.length === 1 ? found[0] : found);
      }
      return row;
    }, keyFlow);
  },
};

/**
 * `| inputlookup [append=] [start=] [max=] table [WHERE search]`: the table's rows (their non-empty
 * cells) in file order. First in a search, or later with append=true (rows follow the earlier ones).
 */
export const inputlookupCommand: CommandSpec = {
  names: ['inputlookup'],
  generating: true,
  compile(node, { ctx, stage, first }) {
    const input = node as InputlookupCommandNode;
    rejectExtras(input);
    const options = readOptions(input.options, ['append', 'start', 'max', 'strict'], 'inputlookup');
    const value = (key: string) => {
      const option = options.get(key);
      return option ? optionText(option) : undefined;
    };
    const append = flag(value('append') ?? 'false');
    if (!first && !append) throw new RunError(RunCode.invalidArgument, 'inputlookup must start the search (| inputlookup ...) unless append=true', input.nameSpan);
    const start = options.has('start') ? parseCount(value('start')!, options.get('start')!.span, 'start') : 0;
    const max = options.has('max') ? parseCount(value('max')!, options.get('max')!.span, 'max') : Infinity;
    const { name, span } = tableName(input.table, 'inputlookup', input.span);
    const table = openTable(ctx, name, span);
    const test = compileSearch(input.where, ctx, stage);
    const stage_: Stage = {
      push(row, emit) {
        if (!first) emit(row);
      },
      finish(emit) {
        emitTableRows(table, test, emit, start, max);
      },
      // First in the search, it reads no events.
      done: () => first,
    };
    return stage_;
  },
};

/** `outputlookup` writes a lookup file: a local run never changes the workspace, so it is refused. */
export const outputlookupCommand: CommandSpec = {
  names: ['outputlookup'],
  compile(node) {
    const output = node as OutputlookupCommandNode;
    throw new RunError(RunCode.unsupportedCommand, 'outputlookup writes a lookup table; a local run is read-only, so it does not run outputlookup', output.nameSpan);
  },
};
