// `transaction [fields] [maxspan=] [maxpause=] [maxevents=] [startswith=] [endswith=] [connected=]
// [keepevicted=] [mvlist=false]`: a subset of SR transaction (docs/semantics.md, "transaction").
// Rows are grouped by the values of all the fields (a row missing one joins no transaction), each
// group is walked in time order and cut into transactions by the start/end conditions and limits.
import type { FieldListCommandNode, OptionNode } from '../../../spl/ast';
import type { RunContext } from '../context';
import { RunCode, RunError } from '../errors';
import { compileEval } from '../evalExpr';
import { mergeLines, Row } from '../row';
import { compileSearch } from '../searchMatch';
import { asNumber, compareText, firstScalar, isTrue, scalarText, valuesOf, type Value } from '../values';
import { parseSpan } from './bin';
import { optionText, parseCount, readOptions, rejectExtras, type CommandSpec } from './types';

type Condition = (row: Row) => boolean;

/** `startswith=(search)`, `startswith=eval(expr)` or `startswith="search terms"`. */
function condition(option: OptionNode, ctx: RunContext, stage: number): Condition {
  const value = option.value;
  if (!value) throw new RunError(RunCode.invalidArgument, `${option.name}= has no value`, option.span);
  if (value.kind === 'searchGroup') return compileSearch(value.expr, ctx, stage);
  if (value.kind === 'evalCall' && value.name.toLowerCase() === 'eval' && value.args.length === 1) {
    const expr = compileEval(value.args[0], ctx);
    return (row) => isTrue(expr(row));
  }
  throw new RunError(RunCode.invalidArgument, `transaction ${option.name}= takes (search) or eval(expression) locally`, value.span);
}

/** Seconds from `30s`, `5m`, `2h`, `1d`, a number of seconds, or -1 (no limit). */
function duration(option: OptionNode | undefined): number {
  if (!option) return Infinity;
  const text = optionText(option);
  if (text === '-1') return Infinity;
  return parseSpan(text, option.span);
}

function flag(option: OptionNode | undefined, fallback: boolean): boolean {
  return option ? /^(true|t|1|yes)$/i.test(optionText(option)) : fallback;
}

function timeOf(row: Row): number {
  return asNumber(firstScalar(row.get('_time'))) ?? 0;
}

/** One transaction as a result row: every field's distinct values, `_raw` joined, duration, eventcount. */
function merge(rows: Row[], closed: boolean | undefined): Row {
  const values = new Map<string, Set<string>>();
  for (const row of rows) {
    for (const name of row.names()) {
      if (name === '_raw' || name === '_time' || name === 'linecount') continue;
      let set = values.get(name);
      if (!set) values.set(name, (set = new Set()));
      for (const v of valuesOf(row.get(name))) set.add(scalarText(v));
    }
  }
  const first = timeOf(rows[0]);
  const fields: Array<[string, Value]> = [
    ['_time', first],
    ['_raw', rows.map((r) => valuesOf(r.get('_raw')).map(scalarText).join('\n')).join('\n')],
  ];
  for (const [name, set] of values) {
    const list = [...set].sort(compareText);
    fields.push([name, list.length === 1 ? list[0] : list]);
  }
  fields.push(['duration', timeOf(rows[rows.length - 1]) - first], ['eventcount', rows.length]);
  if (closed !== undefined) fields.push(['closed_txn', closed ? 1 : 0]);
  return new Row(undefined, mergeLines(rows.map((r) => r.events)), fields);
}

export const transactionCommand: CommandSpec = {
  names: ['transaction'],
  compile(node, { ctx, stage }) {
    const transaction = node as FieldListCommandNode;
    rejectExtras(transaction);
    const options = readOptions(transaction.options, ['maxspan', 'maxpause', 'maxevents', 'startswith', 'endswith', 'connected', 'keepevicted', 'mvlist'], 'transaction');
    if (flag(options.get('mvlist'), false)) throw new RunError(RunCode.invalidArgument, 'transaction mvlist=true is not supported by the local engine', options.get('mvlist')!.span);
    const maxSpan = duration(options.get('maxspan'));
    const maxPause = duration(options.get('maxpause'));
    const maxEventsOption = options.get('maxevents');
    const maxEvents = maxEventsOption ? parseCount(optionText(maxEventsOption), maxEventsOption.span, 'maxevents') || Infinity : 1000;
    const startsWith = options.has('startswith') ? condition(options.get('startswith')!, ctx, stage) : undefined;
    const endsWith = options.has('endswith') ? condition(options.get('endswith')!, ctx, stage) : undefined;
    const keepEvicted = flag(options.get('keepevicted'), false);
    const fields = transaction.fields.map((f) => f.name);
    const groups = new Map<string, Row[]>();
    let held = 0;
    return {
      push(row) {
        const key: string[][] = [];
        for (const field of fields) {
          const values = valuesOf(row.get(field)).map(scalarText);
          if (values.length === 0) return;
          key.push(values);
        }
        const k = JSON.stringify(key);
        const list = groups.get(k);
        if (list) list.push(row);
        else groups.set(k, [row]);
        ctx.checkBuffer(++held, transaction.span, 'transaction');
      },
      finish(emit) {
        const out: Row[] = [];
        const close = (rows: Row[], closed: boolean) => {
          if (closed || keepEvicted) out.push(merge(rows, keepEvicted ? closed : undefined));
        };
        for (const rows of groups.values()) {
          const ordered = rows.map((row, i) => ({ row, i, t: timeOf(row) })).sort((a, b) => a.t - b.t || a.i - b.i);
          let current: Row[] = [];
          let firstTime = 0;
          let lastTime = 0;
          for (const { row, t } of ordered) {
            if (current.length > 0 && (t - firstTime > maxSpan || t - lastTime > maxPause || current.length >= maxEvents)) {
              close(current, !endsWith);
              current = [];
            }
            if (startsWith && startsWith(row)) {
              if (current.length > 0) close(current, !endsWith);
              current = [];
            } else if (startsWith && current.length === 0) {
              close([row], false);
              continue;
            }
            if (current.length === 0) firstTime = t;
            current.push(row);
            lastTime = t;
            if (endsWith && endsWith(row)) {
              close(current, true);
              current = [];
            }
          }
          if (current.length > 0) close(current, !endsWith);
        }
        out.sort((a, b) => timeOf(a) - timeOf(b)).forEach((row) => emit(row));
      },
    };
  },
};
