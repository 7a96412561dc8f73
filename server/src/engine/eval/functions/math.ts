// Mathematical eval functions (Search Reference, "Mathematical functions"). Non-numeric input gives null.
import { asNumber, compareScalars, firstScalar, valuesOf, type Scalar, type Value } from '../values';
import { eager, type EvalFunction } from './types';

function num(value: Value | undefined): number | undefined {
  return value === undefined ? undefined : asNumber(firstScalar(value));
}

function unary(name: string, fn: (n: number) => number): EvalFunction {
  return eager(name, 1, 1, ([v]) => {
    const n = num(v);
    if (n === undefined) return null;
    const out = fn(n);
    return Number.isFinite(out) ? out : null;
  });
}

function extreme(name: string, sign: 1 | -1): EvalFunction {
  // min()/max() over all values of all arguments; numbers compare numerically, else as strings.
  return eager(name, 1, Infinity, (values) => {
    let best: Scalar | null = null;
    for (const v of values.flatMap((x) => valuesOf(x))) {
      if (best === null || sign * compareScalars(v, best) > 0) best = v;
    }
    return best;
  });
}

export const mathFunctions: EvalFunction[] = [
  unary('abs', Math.abs),
  unary('ceil', Math.ceil),
  unary('ceiling', Math.ceil),
  unary('exp', Math.exp),
  unary('floor', Math.floor),
  unary('ln', Math.log),
  eager('log', 1, 2, ([v, base]) => {
    const n = num(v);
    const b = base === undefined ? 10 : num(base);
    if (n === undefined || b === undefined || n <= 0 || b <= 0 || b === 1) return null;
    return Math.log(n) / Math.log(b);
  }),
  extreme('max', 1),
  extreme('min', -1),
  eager('pi', 0, 0, () => Math.PI),
  eager('pow', 2, 2, ([x, y]) => {
    const a = num(x);
    const b = num(y);
    if (a === undefined || b === undefined) return null;
    const out = a ** b;
    return Number.isFinite(out) ? out : null;
  }),
  eager('round', 1, 2, ([v, digits]) => {
    const n = num(v);
    const d = digits === undefined ? 0 : num(digits);
    if (n === undefined || d === undefined) return null;
    const factor = 10 ** Math.trunc(d);
    // Half away from zero, as Splunk rounds.
    const rounded = (Math.sign(n) * Math.round(Math.abs(n) * factor)) / factor;
    return d > 0 ? Number(rounded.toFixed(Math.trunc(d))) : rounded;
  }),
  unary('sqrt', Math.sqrt),
];
