// Compiles a parsed pipeline into stages (commands/registry.ts) and runs events through them.
// Every command is compiled before the first event is read, so an unsupported command, function or
// regex fails the run at once with its position. Streaming stages hold nothing; blocking ones are
// bounded by RunLimits.maxBufferedRows.
import type { LogEvent } from '../event';
import type { CommandNode, PipelineNode } from '../../spl/ast';
import { lookupCommand } from './commands/registry';
import type { Emit, Stage } from './commands/types';
import { searchCommand } from './commands/search';
import type { RunContext } from './context';
import { RunCode, RunError } from './errors';
import type { StageCount } from './explain';
import { installGroupFilters } from './keyFilter';
import { Row } from './row';

export interface CompiledStage {
  node: CommandNode;
  command: string;
  stage: Stage;
  counter: StageCount;
}

function commandName(node: CommandNode): string {
  if (node.kind === 'macroCommand') return node.macro.name;
  if (node.kind === 'search') return 'search';
  return node.name.toLowerCase();
}

/**
 * Rows travel through the stages by nested calls (one stack frame per command, see runPipeline), so
 * the command count is bounded well below Node's stack; real detections use fewer than 40.
 */
export const MAX_COMMANDS = 1000;

export function compilePipeline(pipeline: PipelineNode, ctx: RunContext, options: { groupFilters?: boolean } = {}): CompiledStage[] {
  if (pipeline.stages.length === 0) throw new RunError(RunCode.notRunnable, 'the search is empty', pipeline.span);
  if (pipeline.stages.length > MAX_COMMANDS) {
    const first = pipeline.stages[MAX_COMMANDS].span;
    throw new RunError(RunCode.limit, `the search has ${pipeline.stages.length} commands; a local run takes at most ${MAX_COMMANDS}`, first);
  }
  const stages = pipeline.stages.map((node, index) => {
    if (node.kind === 'macroCommand') {
      throw new RunError(RunCode.notRunnable, `macro \`${node.macro.name}\` was not expanded, so the search cannot run`, node.macro.span);
    }
    const name = commandName(node);
    const spec = node.kind === 'search' ? searchCommand : lookupCommand(name);
    if (!spec) throw new RunError(RunCode.unsupportedCommand, `command '${node.name}' is not supported by the local engine`, node.nameSpan);
    if (index === 0 && !spec.generating) {
      throw new RunError(RunCode.unsupportedCommand, `a search must start with search or tstats locally; '${node.name}' cannot read events`, node.nameSpan);
    }
    if (index > 0 && spec.firstOnly) throw new RunError(RunCode.invalidArgument, `${node.name} must be the first command (| ${node.name} ...)`, node.nameSpan);
    const stage = spec.compile(node, { ctx, stage: index, first: index === 0 });
    return { node, command: name, stage, counter: ctx.explain.stage(index, name, node.span) };
  });
  if (options.groupFilters ?? true) installGroupFilters(stages, ctx);
  return stages;
}

export interface PipelineOutcome {
  rows: Row[];
  /** Result rows dropped past maxResults. */
  droppedResults: number;
  /** True when maxEvents stopped the reading early. */
  eventLimitHit: boolean;
  cancelled: boolean;
  eventsSeen: number;
}

/** Events as arrays: a reader's own batches (one await per chunk read, not per event), else one by one. */
export async function* inBatches(events: AsyncIterable<LogEvent> | Iterable<LogEvent>): AsyncIterable<readonly LogEvent[]> {
  if (Array.isArray(events)) {
    if (events.length > 0) yield events;
    return;
  }
  const reader = events as { batches?: () => AsyncIterable<LogEvent[]> };
  if (typeof reader.batches === 'function') {
    yield* reader.batches();
    return;
  }
  for await (const event of events) yield [event];
}

/**
 * Events pushed through the stages one at a time, by a caller that reads the log itself (a hunt
 * gives each event to many searches): `push` until it returns false, then `finish`.
 */
export class PipelineFeed {
  readonly outcome: PipelineOutcome = { rows: [], droppedResults: 0, eventLimitHit: false, cancelled: false, eventsSeen: 0 };
  private readonly emitters: Emit[];
  /** False once a stage is done (head) or maxEvents is reached: no further event changes the rows. */
  wantsEvents: boolean;

  constructor(
    private readonly stages: CompiledStage[],
    private readonly ctx: RunContext,
  ) {
    const outcome = this.outcome;
    const collect: Emit = (row) => {
      if (outcome.rows.length < ctx.limits.maxResults) outcome.rows.push(row);
      else outcome.droppedResults++;
    };
    this.emitters = new Array(stages.length);
    for (let i = stages.length - 1; i >= 0; i--) {
      const next = i === stages.length - 1 ? collect : (row: Row) => this.pushTo(i + 1, row);
      const counter = stages[i].counter;
      this.emitters[i] = (row) => {
        counter.rowsOut++;
        next(row);
      };
    }
    // A search that reads no events (inputlookup, makeresults, head 0) does not open the log at all.
    this.wantsEvents = !this.anyDone();
  }

  private pushTo(i: number, row: Row): void {
    this.stages[i].counter.rowsIn++;
    this.stages[i].stage.push(row, this.emitters[i]);
  }

  private anyDone(): boolean {
    return this.stages.some((s) => s.stage.done?.());
  }

  /** Gives one event to the first stage; false when no further event is wanted. */
  push(event: LogEvent): boolean {
    if (!this.wantsEvents) return false;
    if (this.outcome.eventsSeen >= this.ctx.limits.maxEvents) {
      this.outcome.eventLimitHit = true;
      return (this.wantsEvents = false);
    }
    this.outcome.eventsSeen++;
    this.pushTo(0, Row.fromEvent(event, this.ctx.searchTime));
    if (this.anyDone()) this.wantsEvents = false;
    return this.wantsEvents;
  }

  /** Ends the input: blocking stages emit their rows (a finish may be asynchronous: join, append and map run their subsearches there). */
  async finish(): Promise<PipelineOutcome> {
    await Promise.all(this.stages.map((s) => s.stage.prepareFinish?.()));
    for (let i = 0; i < this.stages.length; i++) await this.stages[i].stage.finish(this.emitters[i]);
    return this.outcome;
  }
}

/** Runs events through the stages; the first stage's rows are the events themselves. */
export async function runPipeline(
  stages: CompiledStage[],
  events: AsyncIterable<LogEvent> | Iterable<LogEvent>,
  ctx: RunContext,
  signal?: AbortSignal,
): Promise<PipelineOutcome> {
  const feed = new PipelineFeed(stages, ctx);
  const outcome = feed.outcome;
  reading: for await (const batch of feed.wantsEvents ? inBatches(events) : []) {
    for (const event of batch) {
      if (signal?.aborted) {
        outcome.cancelled = true;
        return outcome;
      }
      if (!feed.push(event)) break reading;
    }
  }
  if (signal?.aborted) {
    outcome.cancelled = true;
    return outcome;
  }
  return feed.finish();
}
