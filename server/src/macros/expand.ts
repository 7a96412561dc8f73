import type { Diagnostic, RelatedLocation } from '../text/diagnostic';
import type { Span } from '../text/span';
import { spanToFile } from '../text/embeddedSearch';
import { implicitFilterMacro } from './builtins';
import type { ExpansionFrame } from './frames';
import { evaluateConstantExpression } from './iseval';
import { macroKey, type MacroEntry } from './macroEntry';
import type { MacroIndex } from './macroIndex';
import { constantText, MappedText, type Origin } from './mappedText';
import { ExpansionMeter, type ExpansionCost } from './expansionCost';
import { scanMacroCalls, type MacroCall } from './scan';
import { argumentReferences, bindArguments } from './substitution';

export { bindArguments } from './substitution';

export interface ExpansionOptions {
  /** Nesting bound; a deeper chain gets MAC004 (Splunk's own bound is not documented; see docs/limits.md). */
  maxDepth?: number;
  /** Bound on the characters of definitions substituted (at every level), against definitions that double at every level. */
  maxLength?: number;
  /** Bound on the number of calls expanded (at every level), against definitions that expand to nothing but calls. */
  maxCalls?: number;
  /** Treat an undefined zero-argument `*_filter` macro as contentctl's generated `search *`. */
  implicitFilters?: boolean;
}

/** One macro call that was expanded, at any depth. */
export interface ExpandedCall {
  frame: ExpansionFrame;
  call: MacroCall;
  /** The definition with the arguments substituted, nested macros not expanded. */
  oneLevel: string;
  /** The fully expanded text of this call. */
  expanded: string;
}

export interface Expansion {
  /** The fully expanded search. */
  text: string;
  /** Every character of `text` mapped to its origin. */
  mapped: MappedText;
  calls: ExpandedCall[];
  /** Problems, with spans in the root search; `related` points into macro files. */
  diagnostics: Diagnostic[];
  /** False when a call was left unexpanded (undefined, cycle, depth, iseval). */
  complete: boolean;
}

export const DEFAULT_MAX_DEPTH = 50;
export const DEFAULT_MAX_LENGTH = 1_000_000;
export const DEFAULT_MAX_CALLS = 10_000;

/** Expands every macro call of `text` as Splunk does before it parses a search. */
export function expandSearch(text: string, index: MacroIndex, options: ExpansionOptions = {}): Expansion {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const implicitFilters = options.implicitFilters ?? true;
  const state: ExpansionState = {
    index,
    maxDepth,
    implicitFilters,
    budget: { produced: options.maxLength ?? DEFAULT_MAX_LENGTH, calls: options.maxCalls ?? DEFAULT_MAX_CALLS },
    spent: { produced: 0, calls: 0 },
    meter: new ExpansionMeter({ resolve: (name, arity) => resolveMacro(index, implicitFilters, name, arity), maxDepth }),
    stopped: false,
    calls: [],
    diagnostics: [],
    complete: true,
  };
  const mapped = expandMapped(MappedText.fromSource(text, undefined), undefined, state);
  return { text: mapped.text, mapped, calls: state.calls, diagnostics: state.diagnostics, complete: state.complete };
}

interface ExpansionState {
  index: MacroIndex;
  maxDepth: number;
  implicitFilters: boolean;
  budget: ExpansionCost;
  /** What the calls of the root search expanded so far cost. */
  spent: ExpansionCost;
  meter: ExpansionMeter;
  /** A call of the root search passed the budget: the calls after it are kept as written. */
  stopped: boolean;
  calls: ExpandedCall[];
  diagnostics: Diagnostic[];
  complete: boolean;
}

function expandMapped(input: MappedText, frame: ExpansionFrame | undefined, state: ExpansionState): MappedText {
  const scan = scanMacroCalls(input.text);
  for (const problem of scan.problems) report(state, input, frame, problem.span, 'MAC009', 'error', problem.message);
  if (scan.calls.length === 0) return input;
  const parts: MappedText[] = [];
  let cursor = 0;
  for (const call of scan.calls) {
    parts.push(input.slice(cursor, call.span.start));
    parts.push(expandCall(input, call, frame, state));
    cursor = call.span.end;
  }
  parts.push(input.slice(cursor, input.length));
  return MappedText.concat(parts);
}

function expandCall(input: MappedText, call: MacroCall, parent: ExpansionFrame | undefined, state: ExpansionState): MappedText {
  const keep = () => {
    state.complete = false;
    return input.slice(call.span.start, call.span.end);
  };
  if (state.stopped) return keep();
  if (!parent && !withinBudget(input, call, state)) return keep();
  if (call.problem) {
    report(state, input, parent, call.span, 'MAC009', 'error', call.problem);
    return keep();
  }
  const arity = call.args?.length ?? 0;
  const macro = resolveMacro(state.index, state.implicitFilters, call.name, arity);
  if (!macro) {
    reportUnresolved(state, input, parent, call, arity);
    return keep();
  }
  if (macro.definitionProblem) {
    // Expanding to nothing would run a different search (a dropped clause matches everything).
    const { reason, span } = macro.definitionProblem;
    const message = `Macro \`${macroKey(macro.name, macro.arity)}\` cannot be expanded: ${reason}`;
    report(state, input, parent, call.span, 'MAC012', 'error', message, macro.file ? [{ file: macro.file, span, message: reason }] : undefined);
    return keep();
  }
  const depth = (parent?.depth ?? 0) + 1;
  for (let f = parent; f; f = f.parent) {
    if (f.macro.name === macro.name && f.macro.arity === macro.arity) {
      const chain = cycleChain(parent!, macro);
      report(state, input, parent, call.span, 'MAC003', 'error', `Macro cycle: ${chain} calls itself again; it cannot be expanded`);
      return keep();
    }
  }
  if (depth > state.maxDepth) {
    report(state, input, parent, call.span, 'MAC004', 'error', `Macro nesting deeper than ${state.maxDepth} levels at \`${call.name}\`; expansion stopped`);
    return keep();
  }
  const callSpan = spanInSource(input, call.span);
  const frame: ExpansionFrame = {
    macro,
    args: bindArguments(macro, call),
    parent,
    callSpan,
    rootCallSpan: parent ? parent.rootCallSpan : call.span,
    depth,
  };
  const substituted = substitute(input, call, frame, state);
  if (!substituted) return keep();
  const record: ExpandedCall = { frame, call, oneLevel: substituted.text, expanded: '' };
  state.calls.push(record);
  const expanded = expandMapped(substituted, frame, state);
  record.expanded = expanded.text;
  return expanded;
}

/**
 * A call written in the root search is measured before it is expanded (expansionCost.ts): past the
 * budget it gets MAC011 and nothing after it is expanded, so no memory is spent on the excess. Calls
 * nested in definitions need no check: their cost was part of the measure.
 */
function withinBudget(input: MappedText, call: MacroCall, state: ExpansionState): boolean {
  const { budget, spent } = state;
  const cost = state.meter.measure(call, { produced: budget.produced - spent.produced, calls: budget.calls - spent.calls });
  if (!('over' in cost)) {
    spent.produced += cost.produced;
    spent.calls += cost.calls;
    return true;
  }
  const bound = cost.over === 'produced' ? `${budget.produced} characters of substituted definitions` : `${budget.calls} macro calls`;
  report(state, input, undefined, call.span, 'MAC011', 'error', `Macro expansion of \`${call.name}\` would take more than ${bound}; expansion stopped`);
  state.stopped = true;
  return false;
}

function resolveMacro(index: MacroIndex, implicitFilters: boolean, name: string, arity: number): MacroEntry | undefined {
  const found = index.resolve(name, arity);
  if (found) return found;
  if (implicitFilters && arity === 0 && name.endsWith('_filter')) return implicitFilterMacro(name);
  return undefined;
}

function reportUnresolved(state: ExpansionState, input: MappedText, parent: ExpansionFrame | undefined, call: MacroCall, arity: number): void {
  const overloads = state.index.overloads(call.name);
  if (overloads.length === 0) {
    report(state, input, parent, call.nameSpan, 'MAC001', 'error', `Undefined macro \`${macroKey(call.name, arity)}\``);
    return;
  }
  const existing = overloads.map((m) => `${macroKey(m.name, m.arity)}${m.args.length ? ' (' + m.args.join(', ') + ')' : ''}`);
  report(
    state, input, parent, call.span, 'MAC002', 'error',
    `\`${call.name}\` takes ${overloads.map((m) => m.arity).join(' or ')} argument(s), not ${arity}; defined: ${existing.join(', ')}`,
  );
}

function cycleChain(parent: ExpansionFrame, macro: MacroEntry): string {
  const names: string[] = [];
  for (let f: ExpansionFrame | undefined = parent; f; f = f.parent) {
    names.unshift('`' + macroKey(f.macro.name, f.macro.arity) + '`');
    if (f.macro.name === macro.name && f.macro.arity === macro.arity) break;
  }
  return names.join(' -> ');
}

/** Substitutes `$arg$` everywhere in the definition, inside quotes too (macros.conf.spec). */
function substitute(input: MappedText, call: MacroCall, frame: ExpansionFrame, state: ExpansionState): MappedText | undefined {
  const macro = frame.macro;
  const definition = MappedText.fromSource(macro.definitionText, frame);
  const argSources = new Map<string, MappedText>();
  const allNamed = (call.args ?? []).every((a) => a.name !== undefined && frame.args[a.name] === a.value);
  (call.args ?? []).forEach((arg, i) => {
    const name = allNamed && arg.name ? arg.name : macro.args[i];
    if (name === undefined) return;
    const valueSpan = allNamed && arg.name ? arg.valueSpan : arg.positional.valueSpan;
    const written = input.text.slice(valueSpan.start, valueSpan.end);
    const value = frame.args[name];
    argSources.set(name, written === value ? input.slice(valueSpan.start, valueSpan.end) : constantText(value, input.originAt(valueSpan.start)!));
  });
  const parts: MappedText[] = [];
  let cursor = 0;
  for (const reference of argumentReferences(macro.definitionText, (name) => argSources.has(name))) {
    parts.push(definition.slice(cursor, reference.start), argSources.get(reference.name)!);
    cursor = reference.end;
  }
  parts.push(definition.slice(cursor, definition.length));
  const substituted = MappedText.concat(parts);
  if (!macro.iseval) return substituted;
  const outcome = evaluateConstantExpression(substituted.text);
  if (!outcome.ok) {
    report(state, input, frame.parent, call.span, 'MAC008', 'warning', `\`${macroKey(macro.name, macro.arity)}\` is an eval-based macro (iseval = 1) that cannot be expanded locally: ${outcome.reason}`);
    return undefined;
  }
  return constantText(outcome.value, { frame, offset: 0 });
}

/** The span of `span` (in a mapped text) in the text its first character came from. */
function spanInSource(input: MappedText, span: Span): Span {
  const start = input.originAt(span.start)!;
  const last = input.originAt(Math.max(span.start, span.end - 1))!;
  return { start: start.offset, end: last.frame === start.frame ? Math.max(start.offset, last.offset + 1) : start.offset + 1 };
}

function report(
  state: ExpansionState,
  input: MappedText,
  frame: ExpansionFrame | undefined,
  span: Span,
  code: string,
  severity: Diagnostic['severity'],
  message: string,
  definitionSite?: RelatedLocation[],
): void {
  if (!frame) {
    state.diagnostics.push({ span: spanInSource(input, span), severity, code, message, ...(definitionSite ? { related: definitionSite } : {}) });
    return;
  }
  const origin: Origin | undefined = input.originAt(span.start);
  const inside = relatedForOrigin(origin, spanInSource(input, span), message);
  const related = definitionSite ? [...(inside ?? []), ...definitionSite] : inside;
  state.diagnostics.push({ span: frame.rootCallSpan, severity, code, message: `${message} (inside \`${frame.macro.name}\`)`, related });
}

/** Points at the place inside a macro definition file where a problem or finding comes from. */
export function relatedForOrigin(origin: Origin | undefined, sourceSpan: Span, message: string): RelatedLocation[] | undefined {
  const definingFrame = origin?.frame;
  if (!definingFrame) return undefined;
  const macro = definingFrame.macro;
  if (!macro.definition || !macro.file) return undefined;
  const clamp = (n: number) => Math.max(0, Math.min(n, macro.definitionText.length));
  const span = spanToFile(macro.definition, { start: clamp(sourceSpan.start), end: clamp(sourceSpan.end) });
  return [{ file: macro.file, span, message: `in \`${macroKey(macro.name, macro.arity)}\`: ${message}` }];
}
