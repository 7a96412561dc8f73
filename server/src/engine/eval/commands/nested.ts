// Nested pipelines: subsearches (join, append, map), subpipelines (appendpipe) and templates
// (foreach). A nested pipeline runs with a child RunContext: the same limits, clock, CIM and sources,
// its own explain recorder (explain counts cover the main pipeline) and its warnings passed to the
// parent. A subsearch that reads events reads the run's log again (RunSources.events).
import type { LogEvent } from '../../event';
import type { PipelineNode, SubsearchNode } from '../../../spl/ast';
import { parseSpl } from '../../../spl/parser';
import type { Span } from '../../../text/span';
import { RunContext } from '../context';
import { RunCode, RunError } from '../errors';
import { ExplainRecorder } from '../explain';
import { requireLiterals } from '../../readers/filters';
import { requiredLiterals, requiredWords, type LiteralClauses } from '../fastPath';
import { compilePipeline, inBatches, type CompiledStage } from '../pipeline';
import { Row } from '../row';
import { lookupCommand } from './registry';
import type { Emit } from './types';

/** Commands whose first-stage rows are the log's events. */
const READS_EVENTS = new Set(['search', 'tstats', 'from']);

export function childContext(ctx: RunContext, text: string = ctx.text): RunContext {
  return new RunContext(text, new ExplainRecorder(false), ctx.limits, ctx.now, ctx.cim, ctx.sources, true);
}

/** The text between a subsearch's brackets. */
export function subsearchBody(node: SubsearchNode, ctx: RunContext): string {
  return ctx.source({ start: node.span.start + 1, end: node.closed ? node.span.end - 1 : node.span.end });
}

/** A compiled nested pipeline with the context it runs in. */
export interface Nested {
  stages: CompiledStage[];
  ctx: RunContext;
  /** Where problems of this pipeline are reported in the parent's text. */
  span: Span;
  /** For a pipeline reading the log: its fast path (fastPath.ts), the events its first command could keep. */
  accepts?: (raw: string) => boolean;
  /** And the literals of it, for a shared read to route by (the words are left to `accepts`). */
  literals?: LiteralClauses;
}

/** The fast path of a pipeline that reads the log: its first command's required literals and words. */
function fastPathOf(stages: CompiledStage[], ctx: RunContext): Pick<Nested, 'accepts' | 'literals'> {
  const first = stages[0].node;
  const literals = requiredLiterals(first, ctx.cim);
  const accepts = requireLiterals(literals, requiredWords(first, ctx.cim));
  return accepts ? { accepts, literals } : {};
}

/** Compiles `[ search ... ]` / `[| tstats ...]`: it must start with a command that makes rows. */
export function compileSubsearch(node: SubsearchNode | null, ctx: RunContext, command: string, at: Span): Nested {
  if (!node) throw new RunError(RunCode.notRunnable, `${command} needs a subsearch in [ ]`, at);
  const child = childContext(ctx);
  const stages = compilePipeline(node.pipeline, child);
  if (READS_EVENTS.has(stages[0].command) && !ctx.sources.events) {
    throw new RunError(RunCode.notRunnable, `${command}'s subsearch reads the log again, which needs a log file (not a stream)`, node.span);
  }
  return { stages, ctx: child, span: node.span, ...fastPathOf(stages, child) };
}

/** Compiles a pipeline that continues from rows (appendpipe's subpipeline, a foreach template). */
export function compileSubpipeline(pipeline: PipelineNode, ctx: RunContext, span: Span): Nested {
  if (pipeline.stages.length === 0) throw new RunError(RunCode.notRunnable, 'the subpipeline is empty', span);
  const stages = pipeline.stages.map((node, index): CompiledStage => {
    if (node.kind === 'macroCommand') throw new RunError(RunCode.notRunnable, `macro \`${node.macro.name}\` was not expanded, so the search cannot run`, node.macro.span);
    const name = node.kind === 'search' ? 'search' : node.name.toLowerCase();
    const spec = lookupCommand(name);
    if (!spec) throw new RunError(RunCode.unsupportedCommand, `command '${node.name}' is not supported by the local engine`, node.nameSpan);
    if (spec.firstOnly) throw new RunError(RunCode.invalidArgument, `${node.name} must be the first command of a search`, node.nameSpan);
    const stage = spec.compile(node, { ctx, stage: index, first: false });
    return { node, command: name, stage, counter: ctx.explain.stage(index, name, node.span) };
  });
  return { stages, ctx, span };
}

/**
 * Parses and compiles SPL text made at run time (map's search, a foreach template): a problem is
 * reported at `span` in the parent's text, naming `what` and quoting `shown` (the text as the user
 * wrote it, when `written` stands in placeholders for it).
 */
export function compileText(written: string, ctx: RunContext, what: string, span: Span, continues: boolean, shown = written): Nested {
  const text = expandRunTimeMacros(written, ctx, `${what} (in: ${shown.trim()})`, span);
  const parsed = parseSpl(text);
  const error = parsed.diagnostics.find((d) => d.severity === 'error');
  if (error) throw new RunError(RunCode.notRunnable, `${what} does not parse: ${error.message} (in: ${shown.trim()})`, span);
  const child = childContext(ctx, text);
  try {
    const nested = continues ? compileSubpipeline(parsed.ast, child, span) : { stages: compilePipeline(parsed.ast, child), ctx: child, span };
    if (!continues && READS_EVENTS.has(nested.stages[0].command) && !ctx.sources.events) {
      throw new RunError(RunCode.notRunnable, `${what} reads the log again, which needs a log file (not a stream)`, span);
    }
    return { ...nested, span, ...(continues ? {} : fastPathOf(nested.stages, child)) };
  } catch (caught) {
    if (!(caught instanceof RunError)) throw caught;
    throw new RunError(caught.code, `${what}: ${caught.message} (at '${text.slice(caught.span.start, caught.span.end)}')`, span);
  }
}

/** Splunk expands a search's macros before parsing it, map's search included (it is parsed at run time). */
function expandRunTimeMacros(text: string, ctx: RunContext, where: string, span: Span): string {
  if (!text.includes('`') || !ctx.sources.expandMacros) return text;
  const expansion = ctx.sources.expandMacros(text);
  if (expansion.problems.length > 0) throw new RunError(RunCode.notRunnable, `${where}: ${expansion.problems.join('; ')}`, span);
  return expansion.text;
}

/**
 * The log's events as rows, a batch at a time (not a promise per event: a hunt's subsearches take
 * every event of the log); an event the pipeline's fast path rules out is left out.
 */
async function* eventRows(events: AsyncIterable<LogEvent> | Iterable<LogEvent>, ctx: RunContext, accepts?: (raw: string) => boolean): AsyncGenerator<Row[]> {
  for await (const batch of inBatches(events)) {
    const rows: Row[] = [];
    for (const event of batch) if (!accepts || accepts(event.raw)) rows.push(Row.fromEvent(event, ctx.searchTime));
    if (rows.length > 0) yield rows;
  }
}

function isRows(input: AsyncIterable<readonly Row[]> | readonly Row[]): input is readonly Row[] {
  return Array.isArray(input);
}

/** Where a nested pipeline's warnings go: the parent's warnings, in the parent's text. */
export type NestedWarn = (code: string, message: string, span: Span) => void;

/**
 * Runs a subsearch (or a compiled map search) from the start: over the log, or over no input. With
 * the run's shared subsearches (a hunt), a subsearch another detection already ran is not run again.
 * `readOnly`: the caller only reads the rows (join), so rows shared with other runs of the same
 * subsearch are handed over as they are, not copied for each run.
 */
export function runSubsearch(nested: Nested, parent: RunContext, readOnly = false): Promise<Row[]> {
  const run = (warn: NestedWarn) => {
    const reads = READS_EVENTS.has(nested.stages[0].command);
    const events = reads && parent.sources.events ? parent.sources.events(nested.literals, nested.stages[0].stage.gates) : [];
    return runNested(nested, eventRows(events, nested.ctx, nested.accepts), parent, warn);
  };
  const shared = parent.sources.subsearches;
  if (!shared) return run((code, message, span) => parent.warn(code, message, span));
  // A [subsearch] is compiled in the parent's text; map's search has a text of its own.
  const text = nested.ctx.text === parent.text ? parent.source(nested.span) : nested.ctx.text;
  return shared.rows(text, nested.span, parent, run, readOnly);
}

/**
 * Runs a nested pipeline over rows and returns its result rows (at most maxResults, as Splunk caps a
 * subsearch's output; a warning says when rows were dropped).
 */
export async function runNested(
  nested: Nested,
  /** The rows, or batches of them. */
  input: AsyncIterable<readonly Row[]> | readonly Row[],
  parent: RunContext,
  warn: NestedWarn = (code, message, span) => parent.warn(code, message, span),
): Promise<Row[]> {
  const { stages, ctx } = nested;
  const out: Row[] = [];
  let dropped = 0;
  const collect: Emit = (row) => {
    if (out.length < ctx.limits.maxResults) out.push(row);
    else dropped++;
  };
  const emitters: Emit[] = new Array(stages.length);
  for (let i = stages.length - 1; i >= 0; i--) {
    const next = stages[i + 1]?.stage;
    const nextEmit = emitters[i + 1];
    emitters[i] = next ? (row) => next.push(row, nextEmit) : collect;
  }
  const signal = parent.sources.signal;
  let seen = 0;
  try {
    await ctx.runBeforeReading();
    reading: for await (const batch of isRows(input) ? [input] : input) {
      for (const row of batch) {
        if (signal?.aborted) throw new RunError(RunCode.notRunnable, 'the run was cancelled', nested.span);
        if (++seen > ctx.limits.maxEvents) {
          warn(RunCode.limit, `a subsearch stopped reading after ${ctx.limits.maxEvents} events (maxEvents)`, nested.span);
          break reading;
        }
        stages[0].stage.push(row, emitters[0]);
        if (stages.some((s) => s.stage.done?.())) break reading;
      }
    }
    for (let i = 0; i < stages.length; i++) await stages[i].stage.finish(emitters[i]);
  } finally {
    for (const w of ctx.warnings) warn(w.code, w.message, ctx.text === parent.text ? w.span : nested.span);
  }
  if (dropped > 0) warn(RunCode.limit, `a subsearch's ${dropped} rows past maxResults=${ctx.limits.maxResults} were dropped`, nested.span);
  return out;
}
