// Aggregation functions of stats, eventstats and tstats (Search Reference, "Statistical and
// charting functions"). Each aggregator sees every value of its field (each value of a multivalue
// field counts); docs/semantics.md lists the rules.
import type { AggregationNode } from '../../spl/ast';
import type { RunContext } from './context';
import { RunCode, RunError } from './errors';
import { compileEval } from './evalExpr';
import type { FieldSource } from './functions/types';
import { wildcardCaptures, withCaptures } from './wildcard';
import { asNumber, compareText, detached, firstScalar, isNull, mv, scalarText, valuesOf, type Scalar, type Value } from './values';

export interface Aggregator {
  add(row: FieldSource): void;
  result(): Value;
  /**
   * How many values it keeps besides the first (absent: a few numbers at most), for what a search
   * holds (RunContext.heldRows): a group of one event costs no more with values() than without.
   */
  held?(): number;
  /** A wildcard aggregation's columns, one per field it met (output name, value). */
  columns?(): Array<[string, Value]>;
}

export interface CompiledAggregation {
  /** The output field: the alias, else the aggregation as written (`min(_time)`, `count`). */
  name: string;
  /** The input field, when the aggregation reads one field (tstats checks it against the data model). */
  field: string | null;
  /** A wildcard field (`values(*) AS *`): the aggregator gives `columns()`, one per matching field. */
  wildcard: boolean;
  create(): Aggregator;
}

/** What a row offers a wildcard aggregation: its fields' names too (a Row does). */
interface NamedFieldSource extends FieldSource {
  names?(): string[];
}

type Factory = (read: (row: FieldSource) => Scalar[], time: (row: FieldSource) => number | undefined) => Aggregator;

/** One value is shown as a single value, as Splunk shows a one-value list. */
function single(value: Value): Value {
  return Array.isArray(value) && value.length === 1 ? value[0] : value;
}

function numbers(values: Scalar[]): number[] {
  const out: number[] = [];
  for (const v of values) {
    const n = asNumber(v);
    if (n !== undefined) out.push(n);
  }
  return out;
}

// The aggregations every tstats of the corpus writes (count, min, max, values, dc) are classes: a
// group holds one small object each, where a closure pair with its context costs several times more
// (a hunt holds a group per process event for dozens of detections).

/** min/max: numbers compare numerically and win over strings; strings alone compare lexicographically. */
class Extreme implements Aggregator {
  private bestNumber: number | undefined;
  private bestText: string | undefined;

  constructor(
    private readonly sign: 1 | -1,
    private readonly read: (row: FieldSource) => Scalar[],
  ) {}

  add(row: FieldSource): void {
    const sign = this.sign;
    for (const v of this.read(row)) {
      const n = asNumber(v);
      if (n !== undefined) {
        if (this.bestNumber === undefined || sign * (n - this.bestNumber) > 0) this.bestNumber = n;
      } else {
        const s = scalarText(v);
        if (this.bestText === undefined || sign * compareText(s, this.bestText) > 0) this.bestText = detached(s);
      }
    }
  }

  result(): Value {
    return this.bestNumber ?? this.bestText ?? null;
  }
}

function extreme(sign: 1 | -1): Factory {
  return (read) => new Extreme(sign, read);
}

/**
 * sum, avg and range kept as running figures, not every number: the same additions in the same
 * order as summing the list at the end, so the same result, in constant memory per group.
 */
class Running implements Aggregator {
  private n = 0;
  private sum = 0;
  private min = Infinity;
  private max = -Infinity;

  constructor(
    private readonly read: (row: FieldSource) => Scalar[],
    private readonly kind: 'sum' | 'avg' | 'range',
  ) {}

  add(row: FieldSource): void {
    for (const v of this.read(row)) {
      const x = asNumber(v);
      if (x === undefined) continue;
      this.n++;
      this.sum += x;
      if (x < this.min) this.min = x;
      if (x > this.max) this.max = x;
    }
  }

  result(): Value {
    if (this.n === 0) return null;
    return this.kind === 'sum' ? this.sum : this.kind === 'avg' ? this.sum / this.n : this.max - this.min;
  }
}

class Count implements Aggregator {
  private n = 0;

  constructor(private readonly read: (row: FieldSource) => Scalar[]) {}

  add(row: FieldSource): void {
    this.n += this.read(row).length;
  }

  result(): Value {
    return this.n;
  }
}

/** values() (sorted, distinct) and dc() (their number), over each value's text. */
class Distinct implements Aggregator {
  private readonly seen = new Set<string>();

  constructor(
    private readonly read: (row: FieldSource) => Scalar[],
    private readonly countOnly: boolean,
  ) {}

  add(row: FieldSource): void {
    const seen = this.seen;
    for (const v of this.read(row)) {
      const text = scalarText(v);
      if (!seen.has(text)) seen.add(detached(text));
    }
  }

  held(): number {
    return Math.max(0, this.seen.size - 1);
  }

  result(): Value {
    // Lexicographic (code unit) order, as Splunk sorts values().
    return this.countOnly ? this.seen.size : single(mv([...this.seen].sort(compareText)));
  }
}

function variance(sample: boolean): (values: number[]) => number | null {
  return (values) => {
    const n = values.length;
    if (n === 0 || (sample && n < 2)) return null;
    const mean = values.reduce((a, b) => a + b, 0) / n;
    const squares = values.reduce((a, b) => a + (b - mean) ** 2, 0);
    return squares / (sample ? n - 1 : n);
  };
}

function numeric(fn: (values: number[]) => number | null): Factory {
  return (read) => {
    const all: number[] = [];
    return {
      add(row) {
        for (const n of numbers(read(row))) all.push(n);
      },
      result: () => fn(all),
      held: () => Math.max(0, all.length - 1),
    };
  };
}

/** earliest/latest (value at the smallest/largest _time; the first such row wins a tie) and first/last. */
function byTime(which: 'earliest' | 'latest' | 'first' | 'last'): Factory {
  return (read, time) => {
    let best: Scalar[] | undefined;
    let bestTime: number | undefined;
    return {
      add(row) {
        const values = read(row);
        if (values.length === 0) return;
        if (which === 'first') {
          best ??= values.map(detached);
          return;
        }
        if (which === 'last') {
          best = values.map(detached);
          return;
        }
        const t = time(row) ?? 0;
        if (bestTime === undefined || (which === 'earliest' ? t < bestTime : t > bestTime)) {
          bestTime = t;
          best = values.map(detached);
        }
      },
      result: () => (best === undefined ? null : best.length === 1 ? best[0] : best),
    };
  };
}

/**
 * perc<X>/p<X>/exactperc<X>/upperperc<X> and median (perc50): Splunk's default `perc_method` is
 * nearest-rank, the value at 0-based rank floor(X/100 * count) of the sorted numbers, so an even count's
 * median is the higher middle value (docs/semantics.md, "stats and eventstats").
 */
function percentile(percent: number): Factory {
  return numeric((values) => {
    if (values.length === 0) return null;
    values.sort((a, b) => a - b);
    return values[Math.min(values.length - 1, Math.floor((percent / 100) * values.length))];
  });
}

/** Percentile aggregations carry the percentile in their name: p95, perc99.9, exactperc50, upperperc75. */
const PERCENTILE = /^(?:perc|p|exactperc|upperperc)(\d+(?:\.\d+)?)$/;

/** mode: the most frequent value, the first seen among equally frequent ones. */
const mode: Factory = (read) => {
  const counts = new Map<string, { value: Scalar; n: number }>();
  return {
    add: (row) =>
      read(row).forEach((v) => {
        const key = scalarText(v);
        const entry = counts.get(key);
        if (entry) entry.n++;
        else counts.set(detached(key), { value: detached(v), n: 1 });
      }),
    held: () => Math.max(0, counts.size - 1),
    result: () => {
      let best: { value: Scalar; n: number } | undefined;
      for (const entry of counts.values()) if (!best || entry.n > best.n) best = entry;
      return best?.value ?? null;
    },
  };
};

const FACTORIES: Record<string, Factory> = {
  avg: (read) => new Running(read, 'avg'),
  count: (read) => new Count(read),
  dc: (read) => new Distinct(read, true),
  earliest: byTime('earliest'),
  first: byTime('first'),
  last: byTime('last'),
  latest: byTime('latest'),
  list: (read) => {
    const all: Scalar[] = [];
    return { add: (row) => read(row).forEach((v) => all.length < 100 && all.push(detached(v))), result: () => single(mv(all)) };
  },
  max: extreme(1),
  median: percentile(50),
  min: extreme(-1),
  mode,
  range: (read) => new Running(read, 'range'),
  stdev: numeric((v) => {
    const x = variance(true)(v);
    return x === null ? null : Math.sqrt(x);
  }),
  stdevp: numeric((v) => {
    const x = variance(false)(v);
    return x === null ? null : Math.sqrt(x);
  }),
  sum: (read) => new Running(read, 'sum'),
  values: (read) => new Distinct(read, false),
  var: numeric(variance(true)),
  varp: numeric(variance(false)),
};

const SYNONYMS: Record<string, string> = { c: 'count', distinct_count: 'dc', mean: 'avg', estdc: 'dc' };

function factoryOf(func: string): Factory | undefined {
  const named = FACTORIES[SYNONYMS[func] ?? func];
  if (named) return named;
  const percent = PERCENTILE.exec(func);
  return percent && Number(percent[1]) <= 100 ? percentile(Number(percent[1])) : undefined;
}

/** What plain `count` reads of a row: one value (never changed: Count reads its length). */
const ONE_VALUE: Scalar[] = [1];
const oneValue = (): Scalar[] => ONE_VALUE;

function rowTime(row: FieldSource): number | undefined {
  return asNumber(firstScalar(row.get('_time')));
}

/**
 * `wildcards`: given when the command gives a wildcard field (`values(*) AS *`) a column per matching
 * field (stats, eventstats), with the by-fields it leaves out (the group's own value stays); the
 * others refuse a wildcard at the field.
 */
export function compileAggregation(node: AggregationNode, ctx: RunContext, wildcards?: { exclude: readonly string[] }): CompiledAggregation {
  const func = node.func.toLowerCase();
  const factory = factoryOf(func);
  if (!factory) throw new RunError(RunCode.unsupportedFunction, `aggregation ${node.func}() is not supported by the local engine`, node.funcSpan);
  const name = node.alias?.name ?? ctx.source({ start: node.span.start, end: node.asKeyword?.span.start ?? node.span.end }).trim();
  const args = node.args ?? [];
  if (args.length > 1) throw new RunError(RunCode.invalidArgument, `${node.func}() takes one argument here`, node.span);
  const arg = args[0];
  if (!arg) {
    if ((SYNONYMS[func] ?? func) !== 'count') throw new RunError(RunCode.invalidArgument, `${node.func} needs a field: ${node.func}(field)`, node.span);
    // Plain `count` counts rows, with or without fields.
    return { name, field: null, wildcard: false, create: () => FACTORIES.count(oneValue, rowTime) };
  }
  if (arg.kind === 'evalCall') {
    const inner = arg.args[0];
    if (arg.name.toLowerCase() !== 'eval' || arg.args.length !== 1 || !inner) {
      throw new RunError(RunCode.invalidArgument, `${node.func}() takes a field or eval(expression)`, arg.span);
    }
    const expr = compileEval(inner, ctx);
    const isCount = (SYNONYMS[func] ?? func) === 'count';
    const read = (row: FieldSource): Scalar[] => {
      const value = expr(row);
      // count(eval(test)) counts rows where the test holds; false counts as no value.
      if (isCount && (value === false || isNull(value))) return [];
      return valuesOf(value).filter((v) => typeof v !== 'boolean' || v);
    };
    return { name, field: null, wildcard: false, create: () => factory(read, rowTime) };
  }
  const field = arg.kind === 'field' ? arg.name : arg.kind === 'string' ? arg.value : arg.text;
  if (arg.kind !== 'string' && field.includes('*')) {
    // Splunk aggregates each matching field into a column of its own; reading the field literally
    // named `*` would give one wrong column instead.
    if (!wildcards) throw new RunError(RunCode.unsupportedFunction, `${node.func}(${field}): a wildcard field in an aggregation (one column per matching field) is not supported by the local engine here; name the fields`, arg.span);
    const alias = node.alias?.name;
    if (alias !== undefined && countStars(alias) > countStars(field)) throw new RunError(RunCode.invalidArgument, `${node.func}(${field}) AS ${alias}: the new name has more wildcards than the field`, node.alias!.span);
    const outputName = (matched: string, caught: string[]) => (alias === undefined ? `${node.func}(${matched})` : withCaptures(alias, caught));
    const exclude = new Set(wildcards.exclude);
    return { name, field: null, wildcard: true, create: () => wildcardAggregator(field, exclude, outputName, factory) };
  }
  const read = (row: FieldSource) => valuesOf(row.get(field));
  return { name, field, wildcard: false, create: () => factory(read, rowTime) };
}

function countStars(text: string): number {
  return text.split('*').length - 1;
}

/**
 * One aggregator per field the pattern matches (but the by-fields), created when a row first has that field; internal
 * fields (`_raw`, `_time` ...) only when the pattern itself starts with `_` (our reading: the
 * Search Reference allows wildcards in stats fields but does not say whether `*` takes them).
 */
function wildcardAggregator(pattern: string, exclude: ReadonlySet<string>, outputName: (matched: string, caught: string[]) => string, factory: Factory): Aggregator {
  const byField = new Map<string, { output: string; aggregator: Aggregator }>();
  const internalToo = pattern.startsWith('_');
  return {
    add(row: NamedFieldSource) {
      for (const name of row.names?.() ?? []) {
        if ((name.startsWith('_') && !internalToo) || exclude.has(name)) continue;
        let entry = byField.get(name);
        if (!entry) {
          const caught = wildcardCaptures(pattern, name);
          if (!caught) continue;
          entry = { output: outputName(name, caught), aggregator: factory((r) => valuesOf(r.get(name)), rowTime) };
          byField.set(name, entry);
        }
        entry.aggregator.add(row);
      }
    },
    result: () => null,
    columns: () => [...byField.values()].map(({ output, aggregator }) => [output, aggregator.result()] as [string, Value]),
  };
}
