import { evaluateConstantExpression } from './iseval';
import { macroKey, type MacroEntry } from './macroEntry';
import { scanMacroCalls, type MacroCall } from './scan';
import { bindArguments, substitutedText } from './substitution';

/** What expanding calls costs, in the two quantities expand.ts bounds. */
export interface ExpansionCost {
  /** Characters of substituted definitions, counted at every level (the call's own definition included). */
  produced: number;
  /** Calls expanded, the call itself included. */
  calls: number;
}

/** Which bound a measure passed. */
export type OverBound = { over: keyof ExpansionCost };

/** How expand.ts decides a call: the same resolution (implicit filters included) and depth bound. */
export interface MeterRules {
  resolve(name: string, arity: number): MacroEntry | undefined;
  maxDepth: number;
}

interface Measured extends ExpansionCost {
  /** Levels of calls expanded below this one (0: its definition expands no call). */
  height: number;
  /** Every macro expanded in this call's subtree, its own included (macroKey). */
  macros: Set<string>;
}

/** A call's measure; `measured` is undefined when the call is kept as written (its text costs nothing). */
interface Outcome {
  measured: Measured | undefined;
  /** It met a cycle or the depth bound: another position could expand it differently. */
  contextual: boolean;
}

interface Walk {
  budget: ExpansionCost;
  spent: ExpansionCost;
}

/**
 * Measures what expanding a call would cost without building its text or source map, so that
 * definitions that double at every level are refused before memory is spent on them. The measure
 * takes expand.ts's decisions (kept calls, cycles, depth, iseval) on plain text. A call's measure
 * does not depend on where the call stands unless a cycle or the depth bound cut it, so the others
 * are remembered per definition and arguments: a chain of 40 doubling macros costs 41 measures.
 * Each measure stops as soon as its count passes the budget, so measuring is bounded too.
 */
export class ExpansionMeter {
  private readonly remembered = new Map<MacroEntry, Map<string, Measured>>();

  constructor(private readonly rules: MeterRules) {}

  /** The cost of expanding a call written in the root search, or which bound of `budget` it passes. */
  measure(call: MacroCall, budget: ExpansionCost): ExpansionCost | OverBound {
    const walk: Walk = { budget, spent: { produced: 0, calls: 0 } };
    const outcome = this.measureCall(call, [], 0, walk);
    if ('over' in outcome) return outcome;
    return outcome.measured ? { produced: outcome.measured.produced, calls: outcome.measured.calls } : { produced: 0, calls: 0 };
  }

  private measureCall(call: MacroCall, chain: readonly MacroEntry[], parentDepth: number, walk: Walk): Outcome | OverBound {
    const kept = (contextual: boolean): Outcome => ({ measured: undefined, contextual });
    if (call.problem) return kept(false);
    const macro = this.rules.resolve(call.name, call.args?.length ?? 0);
    if (!macro) return kept(false);
    const depth = parentDepth + 1;
    if (chain.some((f) => f.name === macro.name && f.arity === macro.arity) || depth > this.rules.maxDepth) return kept(true);
    const bound = bindArguments(macro, call);
    const key = JSON.stringify(macro.args.map((name) => (Object.hasOwn(bound, name) ? bound[name] : null)));
    const known = this.remembered.get(macro)?.get(key);
    if (known && depth + known.height <= this.rules.maxDepth && !chain.some((f) => known.macros.has(macroKey(f.name, f.arity)))) {
      return this.spend(walk, known) ?? { measured: known, contextual: false };
    }
    let text = substitutedText(macro, bound);
    if (macro.iseval) {
      const outcome = evaluateConstantExpression(text);
      if (!outcome.ok) return kept(false);
      text = outcome.value;
    }
    const over = this.spend(walk, { produced: text.length, calls: 1 });
    if (over) return over;
    const measured: Measured = { produced: text.length, calls: 1, height: 0, macros: new Set([macroKey(macro.name, macro.arity)]) };
    let contextual = false;
    const inner = [...chain, macro];
    for (const nested of scanMacroCalls(text).calls) {
      const outcome = this.measureCall(nested, inner, depth, walk);
      if ('over' in outcome) return outcome;
      contextual ||= outcome.contextual;
      const child = outcome.measured;
      if (!child) continue;
      measured.produced += child.produced;
      measured.calls += child.calls;
      measured.height = Math.max(measured.height, child.height + 1);
      for (const name of child.macros) measured.macros.add(name);
    }
    if (!contextual) {
      const byArguments = this.remembered.get(macro) ?? new Map<string, Measured>();
      byArguments.set(key, measured);
      this.remembered.set(macro, byArguments);
    }
    return { measured, contextual };
  }

  private spend(walk: Walk, cost: ExpansionCost): OverBound | undefined {
    walk.spent.produced += cost.produced;
    walk.spent.calls += cost.calls;
    if (walk.spent.produced > walk.budget.produced) return { over: 'produced' };
    if (walk.spent.calls > walk.budget.calls) return { over: 'calls' };
    return undefined;
  }
}
