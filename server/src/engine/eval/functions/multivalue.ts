// Multivalue eval functions (Search Reference, "Multivalue eval functions").
import { RunCode, RunError } from '../errors';
import { fieldsRead } from '../astFields';
import { regexTest } from '../regex';
import { asNumber, compareText, firstScalar, isNull, mv, scalarText, valuesOf, type Scalar, type Value } from '../values';
import { regexArgument } from './regexArg';
import { eager, type EvalFunction, type FieldSource } from './types';

/** mvfilter/mvmap: the expression reads one field; it is evaluated with that field set to each value. */
function perValue(name: string, mode: 'filter' | 'map'): EvalFunction {
  return {
    name,
    minArgs: mode === 'filter' ? 1 : 2,
    maxArgs: mode === 'filter' ? 1 : 2,
    build(args, call, fc) {
      const exprNode = mode === 'filter' ? args[0] : args[1];
      let field: string;
      let source: (row: FieldSource) => Value;
      if (mode === 'filter') {
        const fields = fieldsRead(exprNode);
        if (fields.length !== 1) {
          throw new RunError(RunCode.invalidArgument, `mvfilter() needs an expression that reads exactly one field; this one reads ${fields.length}`, call.span);
        }
        field = fields[0];
        source = (row) => row.get(field);
      } else {
        if (args[0].kind !== 'field') throw new RunError(RunCode.invalidArgument, 'mvmap() takes a field as its first argument', args[0].span);
        field = args[0].name;
        source = fc.compile(args[0]);
      }
      const expr = fc.compile(exprNode);
      return (row) => {
        const values = valuesOf(source(row));
        if (values.length === 0) return null;
        const out: Scalar[] = [];
        for (const value of values) {
          const view: FieldSource = { get: (n) => (n === field ? value : row.get(n)) };
          const result = expr(view);
          if (mode === 'filter') {
            if (firstScalar(result) === true) out.push(value);
          } else out.push(...valuesOf(result));
        }
        return mv(out);
      };
    },
  };
}

const mvfind: EvalFunction = {
  name: 'mvfind',
  minArgs: 2,
  maxArgs: 2,
  build(args, _call, fc) {
    const subject = fc.compile(args[0]);
    const regex = regexArgument(args[1], fc);
    return (row) => {
      const values = valuesOf(subject(row));
      const re = regex(row);
      if (values.length === 0 || !re) return null;
      const index = values.findIndex((v) => regexTest(re, scalarText(v)));
      return index < 0 ? null : index;
    };
  },
};

/** A 0-based index; negative counts from the end. Undefined when out of range. */
function resolveIndex(index: number, length: number): number | undefined {
  const i = index < 0 ? length + index : index;
  return i >= 0 && i < length ? i : undefined;
}

export const multivalueFunctions: EvalFunction[] = [
  eager('mvappend', 1, Infinity, (values) => mv(values.flatMap((v) => valuesOf(v)))),
  eager('mvcount', 1, 1, ([v]) => (isNull(v) ? null : valuesOf(v).length)),
  eager('mvdedup', 1, 1, ([v]) => {
    if (isNull(v)) return null;
    const seen = new Set<string>();
    return mv(valuesOf(v).filter((x) => !seen.has(scalarText(x)) && (seen.add(scalarText(x)), true)));
  }),
  perValue('mvfilter', 'filter'),
  mvfind,
  eager('mvindex', 2, 3, ([v, start, end]) => {
    const values = valuesOf(v);
    const s = asNumber(firstScalar(start));
    if (values.length === 0 || s === undefined) return null;
    const from = resolveIndex(Math.trunc(s), values.length);
    if (from === undefined) return null;
    if (end === undefined) return values[from];
    const e = asNumber(firstScalar(end));
    if (e === undefined) return null;
    const to = resolveIndex(Math.trunc(e), values.length);
    if (to === undefined || to < from) return null;
    const slice = values.slice(from, to + 1);
    return slice.length === 1 ? slice[0] : slice;
  }),
  eager('mvjoin', 2, 2, ([v, delimiter]) => {
    const values = valuesOf(v);
    const d = firstScalar(delimiter);
    if (values.length === 0 || d === null) return null;
    return values.map(scalarText).join(scalarText(d));
  }),
  perValue('mvmap', 'map'),
  eager('mvsort', 1, 1, ([v]) => (isNull(v) ? null : mv([...valuesOf(v)].sort((a, b) => compareText(scalarText(a), scalarText(b)))))),
  eager('mvzip', 2, 3, ([a, b, delimiter]) => {
    const x = valuesOf(a);
    const y = valuesOf(b);
    if (x.length === 0 || y.length === 0) return null;
    const d = delimiter === undefined ? ',' : scalarText(firstScalar(delimiter) ?? ',');
    const n = Math.min(x.length, y.length);
    return mv(Array.from({ length: n }, (_, i) => scalarText(x[i]) + d + scalarText(y[i])));
  }),
];
