// Row-shaping commands: head, sort, dedup, fillnull.
import type { DedupCommandNode, FieldListCommandNode, HeadCommandNode, SortCommandNode, SortKeyNode } from '../../../spl/ast';
import { RunCode, RunError } from '../errors';
import { compileEval } from '../evalExpr';
import type { Row } from '../row';
import { asNumber, compareScalars, compareText, firstScalar, scalarText, valuesOf, type Scalar } from '../values';
import { optionText, parseCount, readOptions, rejectExtras, streaming, type CommandSpec, type Stage } from './types';

/** `head [N] [limit=N] [(expr)]`: the first N rows (default 10), or rows while the expression holds. */
export const headCommand: CommandSpec = {
  names: ['head'],
  compile(node, { ctx }) {
    const head = node as HeadCommandNode;
    rejectExtras(head);
    const options = readOptions(head.options, ['limit', 'null', 'keeplast'], 'head');
    const limitOption = options.get('limit');
    const limit = head.count ? parseCount(head.count.text, head.count.span, 'head count') : limitOption ? parseCount(optionText(limitOption), limitOption.span, 'limit') : head.expr ? Infinity : 10;
    const expr = head.expr ? compileEval(head.expr, ctx) : undefined;
    let taken = 0;
    let stopped = false;
    return {
      push(row, emit) {
        if (stopped || taken >= limit) return;
        if (expr && firstScalar(expr(row)) !== true) {
          stopped = true;
          return;
        }
        taken++;
        emit(row);
      },
      finish() {},
      done: () => stopped || taken >= limit,
    };
  },
};

function sortValue(row: Row, key: SortKeyNode): Scalar | null {
  const value = firstScalar(row.get(key.field.name));
  if (value === null) return null;
  switch (key.func) {
    case 'str':
      return scalarText(value);
    case 'num':
      return asNumber(value) ?? null;
    case 'ip':
      return scalarText(value).split('.').map((p) => p.padStart(3, '0')).join('.');
    default:
      return value;
  }
}

/** Sort order of two values: numbers numerically and before strings; strings lexicographically. */
function sortOrder(x: Scalar, y: Scalar): number {
  const a = asNumber(x);
  const b = asNumber(y);
  if (a !== undefined && b !== undefined) return compareScalars(a, b);
  if (a !== undefined) return -1;
  if (b !== undefined) return 1;
  return compareText(scalarText(x), scalarText(y));
}

/**
 * `sort [N] [+|-]key ... [desc]`: stable; numbers before strings (see sortOrder); null values last
 * in either direction. Without N, at most 10,000 rows come out (Splunk's default); `sort 0` keeps all.
 */
export const sortCommand: CommandSpec = {
  names: ['sort'],
  compile(node, { ctx }) {
    const sort = node as SortCommandNode;
    rejectExtras(sort);
    const options = readOptions(sort.options, ['limit'], 'sort');
    const limitOption = options.get('limit');
    let limit = sort.count ? parseCount(sort.count.text, sort.count.span, 'sort count') : limitOption ? parseCount(optionText(limitOption), limitOption.span, 'limit') : 10000;
    if (limit === 0) limit = Infinity;
    if (sort.keys.length === 0 || sort.keys.some((k) => k.field.name === '')) throw new RunError(RunCode.notRunnable, 'sort needs a field', sort.span);
    const reverse = sort.descKeyword ? -1 : 1;
    const held: Row[] = [];
    return {
      push(row) {
        held.push(row);
        ctx.checkBuffer(held.length, sort.span, 'sort');
      },
      finish(emit) {
        const decorated = held.map((row, index) => ({ row, index, keys: sort.keys.map((k) => sortValue(row, k)) }));
        decorated.sort((a, b) => {
          for (let i = 0; i < sort.keys.length; i++) {
            const x = a.keys[i];
            const y = b.keys[i];
            if (x === null || y === null) {
              if (x !== y) return x === null ? 1 : -1;
              continue;
            }
            const byText = sort.keys[i].func === 'str' || sort.keys[i].func === 'ip';
            const order = (byText ? compareText(scalarText(x), scalarText(y)) : sortOrder(x, y)) * (sort.keys[i].direction === '-' ? -1 : 1) * reverse;
            if (order !== 0) return order;
          }
          return a.index - b.index;
        });
        decorated.slice(0, limit).forEach((d) => emit(d.row));
      },
    };
  },
};

/** `dedup [N] fields [keepempty=] [consecutive=]`: the first N rows of each combination of values. */
export const dedupCommand: CommandSpec = {
  names: ['dedup'],
  compile(node, { ctx }) {
    const dedup = node as DedupCommandNode;
    rejectExtras(dedup);
    if (dedup.sortKeys.length > 0 || dedup.sortbyKeyword) throw new RunError(RunCode.invalidArgument, 'dedup sortby is not supported by the local engine', dedup.sortbyKeyword?.span ?? dedup.span);
    const options = readOptions(dedup.options, ['keepempty', 'consecutive', 'keepevents'], 'dedup');
    const flag = (name: string) => {
      const option = options.get(name);
      return option ? /^(true|t|1|yes)$/i.test(optionText(option)) : false;
    };
    if (flag('keepevents')) throw new RunError(RunCode.invalidArgument, 'dedup keepevents=true is not supported by the local engine', options.get('keepevents')!.span);
    const keepEmpty = flag('keepempty');
    const consecutive = flag('consecutive');
    const limit = dedup.count ? parseCount(dedup.count.text, dedup.count.span, 'dedup count') : 1;
    const fields = dedup.fields.map((f) => f.name);
    if (fields.length === 0) throw new RunError(RunCode.notRunnable, 'dedup needs a field', dedup.span);
    const seen = new Map<string, number>();
    let previous: string | undefined;
    return streaming((row) => {
      const values = fields.map((f) => valuesOf(row.get(f)).map(scalarText));
      if (values.some((v) => v.length === 0)) return keepEmpty ? row : null;
      const key = JSON.stringify(values);
      if (consecutive) {
        const same = key === previous;
        previous = key;
        return same ? null : row;
      }
      const count = seen.get(key) ?? 0;
      if (count >= limit) return null;
      seen.set(key, count + 1);
      ctx.checkBuffer(seen.size, dedup.span, 'dedup');
      return row;
    });
  },
};

/** `fillnull [value=0] [fields]`: without fields, every field any row has (so it must see all rows first). */
export const fillnullCommand: CommandSpec = {
  names: ['fillnull'],
  compile(node, { ctx }) {
    const fillnull = node as FieldListCommandNode;
    rejectExtras(fillnull);
    const options = readOptions(fillnull.options, ['value'], 'fillnull');
    const valueOption = options.get('value');
    const value = valueOption ? optionText(valueOption) : '0';
    const fields = fillnull.fields.map((f) => f.name);
    if (fields.length > 0) {
      return streaming((row) => {
        for (const field of fields) if (!row.has(field)) row.set(field, value);
        return row;
      });
    }
    const held: Row[] = [];
    const names: string[] = [];
    const known = new Set<string>();
    const stage: Stage = {
      push(row) {
        held.push(row);
        ctx.checkBuffer(held.length, fillnull.span, 'fillnull');
        for (const name of row.names()) if (!known.has(name)) known.add(name) && names.push(name);
      },
      finish(emit) {
        const visible = names.filter((n) => !n.startsWith('_')).sort(compareText);
        for (const row of held) {
          for (const name of visible) if (!row.has(name)) row.set(name, value);
          emit(row);
        }
      },
    };
    return stage;
  },
};
