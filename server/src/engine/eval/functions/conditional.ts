// Comparison and conditional eval functions (Search Reference, "Comparison and Conditional functions").
import { RunCode, RunError } from '../errors';
import { regexTest } from '../regex';
import { asNumber, equalScalars, firstScalar, isNull, scalarText, valuesOf, type Value } from '../values';
import { cidrContains } from './network';
import { likeMatcher } from './like';
import { regexArgument } from './regexArg';
import { eager, type EvalFunction } from './types';

function isTrueValue(value: Value): boolean {
  return firstScalar(value) === true;
}

const ifFunction: EvalFunction = {
  name: 'if',
  minArgs: 3,
  maxArgs: 3,
  build(args, _call, fc) {
    const [test, then, otherwise] = args.map((a) => fc.compile(a));
    return (row) => (isTrueValue(test(row)) ? then(row) : otherwise(row));
  },
};

const caseFunction: EvalFunction = {
  name: 'case',
  minArgs: 2,
  maxArgs: Infinity,
  build(args, call, fc) {
    if (args.length % 2 !== 0) throw new RunError(RunCode.invalidArgument, 'case() takes condition/value pairs', call.span);
    const pairs: Array<[ReturnType<typeof fc.compile>, ReturnType<typeof fc.compile>]> = [];
    for (let i = 0; i < args.length; i += 2) pairs.push([fc.compile(args[i]), fc.compile(args[i + 1])]);
    return (row) => {
      for (const [test, value] of pairs) if (isTrueValue(test(row))) return value(row);
      return null;
    };
  },
};

const validateFunction: EvalFunction = {
  name: 'validate',
  minArgs: 2,
  maxArgs: Infinity,
  build(args, call, fc) {
    if (args.length % 2 !== 0) throw new RunError(RunCode.invalidArgument, 'validate() takes condition/value pairs', call.span);
    const compiled = args.map((a) => fc.compile(a));
    return (row) => {
      for (let i = 0; i < compiled.length; i += 2) if (!isTrueValue(compiled[i](row))) return compiled[i + 1](row);
      return null;
    };
  },
};

const matchFunction: EvalFunction = {
  name: 'match',
  minArgs: 2,
  maxArgs: 2,
  build(args, _call, fc) {
    const subject = fc.compile(args[0]);
    const regex = regexArgument(args[1], fc);
    return (row) => {
      const values = valuesOf(subject(row));
      if (values.length === 0) return null;
      const re = regex(row);
      if (!re) return null;
      return values.some((v) => regexTest(re, scalarText(v)));
    };
  },
};

const likeFunction: EvalFunction = {
  name: 'like',
  minArgs: 2,
  maxArgs: 2,
  build(args, _call, fc) {
    const subject = fc.compile(args[0]);
    const fixed = args[1].kind === 'string' ? likeMatcher(args[1].value) : undefined;
    const pattern = fc.compile(args[1]);
    return (row) => {
      const values = valuesOf(subject(row));
      const p = firstScalar(pattern(row));
      if (values.length === 0 || p === null) return null;
      const test = fixed ?? likeMatcher(scalarText(p));
      return values.some((v) => test(scalarText(v)));
    };
  },
};

function typeName(value: Value): string {
  const first = firstScalar(value);
  if (first === null) return 'Invalid';
  if (typeof first === 'boolean') return 'Boolean';
  return asNumber(first) !== undefined ? 'Number' : 'String';
}

export const conditionalFunctions: EvalFunction[] = [
  caseFunction,
  eager('cidrmatch', 2, 2, ([cidr, ip]) => {
    const c = firstScalar(cidr);
    const addresses = valuesOf(ip);
    if (c === null || addresses.length === 0) return null;
    return addresses.some((a) => cidrContains(scalarText(c), scalarText(a)));
  }),
  eager('coalesce', 1, Infinity, (values) => values.find((v) => !isNull(v)) ?? null),
  eager('false', 0, 0, () => false),
  ifFunction,
  eager('in', 2, Infinity, ([subject, ...candidates]) => {
    const left = valuesOf(subject);
    if (left.length === 0) return null;
    return candidates.some((c) => valuesOf(c).some((v) => left.some((l) => equalScalars(l, v))));
  }),
  eager('isbool', 1, 1, ([v]) => typeof firstScalar(v) === 'boolean'),
  eager('isint', 1, 1, ([v]) => Number.isInteger(asNumber(firstScalar(v)) ?? NaN)),
  eager('isnotnull', 1, 1, ([v]) => !isNull(v)),
  eager('isnull', 1, 1, ([v]) => isNull(v)),
  eager('isnum', 1, 1, ([v]) => asNumber(firstScalar(v)) !== undefined),
  eager('isstr', 1, 1, ([v]) => typeName(v) === 'String'),
  likeFunction,
  matchFunction,
  eager('null', 0, 0, () => null),
  eager('nullif', 2, 2, ([a, b]) => {
    const x = firstScalar(a);
    const y = firstScalar(b);
    return x !== null && y !== null && equalScalars(x, y) ? null : a;
  }),
  eager('true', 0, 0, () => true),
  eager('typeof', 1, 1, ([v]) => typeName(v)),
  validateFunction,
];
