// Runs one expanded, parsed search over a stream of events: the engine's core, used by
// runDetection (files, positions) and by tests (inline SPL and logs).
import type { LogEvent } from '../event';
import type { PipelineNode } from '../../spl/ast';
import type { CimViewProvider } from './cimView';
import { DEFAULT_LIMITS, RunContext, type RunLimits, type RunSources } from './context';
import { RunCode, RunError, type RunWarning } from './errors';
import { ExplainRecorder, type PredicateCount, type StageCount } from './explain';
import { compilePipeline, PipelineFeed, runPipeline, type CompiledStage, type PipelineOutcome } from './pipeline';
import type { Row } from './row';
import { fieldSpan, missingFieldMessage } from './searchTimeFields';

export interface SearchRunOptions {
  /** The expanded search text and its parse. */
  text: string;
  ast: PipelineNode;
  cim?: CimViewProvider;
  /** Lookup tables and the log again for subsearches. */
  sources?: RunSources;
  signal?: AbortSignal;
  limits?: Partial<RunLimits>;
  /** Count every leaf predicate on every event (no short-circuit). */
  explain?: boolean;
  /** Drop groups the commands after a grouping would drop, as they are made (keyFilter.ts; default true, never with explain). */
  groupFilters?: boolean;
  now?: number;
}

export interface SearchRunOutcome {
  rows: Row[];
  error?: RunError;
  warnings: RunWarning[];
  predicates: PredicateCount[];
  stages: StageCount[];
  cancelled: boolean;
  eventsSeen: number;
}

export interface PreparedSearch {
  ctx: RunContext;
  stages: CompiledStage[];
}

/** Compiles the search; throws RunError for anything the engine cannot run. */
export function prepareSearch(options: SearchRunOptions): PreparedSearch {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const ctx = new RunContext(options.text, new ExplainRecorder(options.explain ?? false), limits, options.now ?? Date.now() / 1000, options.cim, options.sources);
  return { ctx, stages: compilePipeline(options.ast, ctx, { groupFilters: options.groupFilters ?? true }) };
}

/** Runs a prepared search over events; a RunError during the run is returned, never thrown. */
export async function executeSearch(prepared: PreparedSearch, events: AsyncIterable<LogEvent> | Iterable<LogEvent>, signal?: AbortSignal): Promise<SearchRunOutcome> {
  const { ctx, stages } = prepared;
  try {
    await ctx.runBeforeReading();
    return searchOutcome(prepared, await runPipeline(stages, events, ctx, signal));
  } catch (error) {
    return failedOutcome(prepared, error, signal);
  }
}

/**
 * A prepared search fed events by a caller that reads the log itself (a hunt reads it once for
 * every detection): `open`, `push` each event the search could match, then `close`. Gives what
 * executeSearch gives over the same events.
 */
export class SearchSession {
  // Dropped once the session has its outcome, so that what its commands held can be collected
  // while the caller still keeps the session (a hunt closes hundreds in turn).
  private prepared: PreparedSearch | undefined;
  private feed: PipelineFeed | undefined;

  private constructor(
    prepared: PreparedSearch,
    feed: PipelineFeed | undefined,
    private readonly failure: SearchRunOutcome | undefined,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.prepared = prepared;
    this.feed = feed;
  }

  /** Runs the subsearches that stand before reading; a failure there is kept for `close`. */
  static async open(prepared: PreparedSearch, signal?: AbortSignal): Promise<SearchSession> {
    try {
      await prepared.ctx.runBeforeReading();
      return new SearchSession(prepared, new PipelineFeed(prepared.stages, prepared.ctx), undefined, signal);
    } catch (error) {
      return new SearchSession(prepared, undefined, failedOutcome(prepared, error, signal), signal);
    }
  }

  /** True while another event may still change the rows. */
  get wantsEvents(): boolean {
    return this.feed?.wantsEvents ?? false;
  }

  /** A RunError thrown by a command on this event ends this search only (kept for `close`). */
  push(event: LogEvent): boolean {
    if (!this.feed?.wantsEvents) return false;
    try {
      return this.feed.push(event);
    } catch (error) {
      this.abandon(error);
      return false;
    }
  }

  /** Rows the search's blocking commands hold now (0 once it is closed or abandoned). */
  heldRows(): ReturnType<RunContext['heldRows']> {
    return this.broken || !this.prepared ? { rows: 0 } : this.prepared.ctx.heldRows();
  }

  /** Ends the search with `error` (a RunError; anything else is thrown on), dropping what it holds. */
  abandon(error: unknown): void {
    if (!this.prepared || this.broken) return;
    this.broken = failedOutcome(this.prepared, error, this.signal);
    this.release();
  }

  private broken: SearchRunOutcome | undefined;

  async close(cancelled: boolean): Promise<SearchRunOutcome> {
    if (this.failure) return this.failure;
    if (this.broken) return this.broken;
    const prepared = this.prepared!;
    const feed = this.feed!;
    this.release();
    if (cancelled) {
      feed.outcome.cancelled = true;
      return searchOutcome(prepared, feed.outcome);
    }
    try {
      return searchOutcome(prepared, await feed.finish());
    } catch (error) {
      return failedOutcome(prepared, error, this.signal);
    }
  }

  private release(): void {
    this.prepared = undefined;
    this.feed = undefined;
  }
}

function searchOutcome(prepared: PreparedSearch, outcome: PipelineOutcome): SearchRunOutcome {
  const { ctx, stages } = prepared;
  if (outcome.eventLimitHit) ctx.warn(RunCode.limit, `stopped reading after ${ctx.limits.maxEvents} events (maxEvents); results cover only those`, stages[0].node.span);
  if (outcome.droppedResults > 0) ctx.warn(RunCode.limit, `${outcome.droppedResults} result rows past maxResults=${ctx.limits.maxResults} were dropped`, stages[stages.length - 1].node.span);
  if (!outcome.cancelled) {
    const commands = stages.map((s) => s.node);
    for (const missing of ctx.searchTime.missing()) ctx.warn(RunCode.missingField, missingFieldMessage(missing), fieldSpan(commands, missing.field));
  }
  return { ...baseOutcome(prepared), rows: outcome.cancelled ? [] : outcome.rows, cancelled: outcome.cancelled, eventsSeen: outcome.eventsSeen };
}

function baseOutcome(prepared: PreparedSearch): Pick<SearchRunOutcome, 'warnings' | 'predicates' | 'stages'> {
  const { ctx } = prepared;
  return { warnings: ctx.warnings, predicates: ctx.explain.predicates, stages: ctx.explain.stages };
}

/** A RunError as the outcome; anything else is a bug and is thrown on. */
function failedOutcome(prepared: PreparedSearch, error: unknown, signal: AbortSignal | undefined): SearchRunOutcome {
  if (!(error instanceof RunError)) throw error;
  const { ctx } = prepared;
  // A subsearch run before reading stops with a RunError when the run is cancelled.
  if (signal?.aborted || ctx.sources.signal?.aborted) return { ...baseOutcome(prepared), rows: [], cancelled: true, eventsSeen: 0 };
  return { ...baseOutcome(prepared), rows: [], error, cancelled: false, eventsSeen: 0 };
}

/** Compile and run in one step (tests, in-memory logs). */
export async function runSearch(options: SearchRunOptions, events: AsyncIterable<LogEvent> | Iterable<LogEvent>): Promise<SearchRunOutcome> {
  let prepared: PreparedSearch;
  try {
    prepared = prepareSearch(options);
  } catch (error) {
    if (!(error instanceof RunError)) throw error;
    return { rows: [], error, warnings: [], predicates: [], stages: [], cancelled: false, eventsSeen: 0 };
  }
  return executeSearch(prepared, events, options.signal);
}
