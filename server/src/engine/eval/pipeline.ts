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

export function compilePipeline(pipeline: PipelineNode, ctx: RunContext): CompiledStage[] {
  if (pipeline.stages.length === 0) throw new RunError(RunCode.notRunnable, 'the search is empty', pipeline.span);
  if (pipeline.stages.length > MAX_COMMANDS) {
    const first = pipeline.stages[MAX_COMMANDS].span;
    throw new RunError(RunCode.limit, `the search has ${pipeline.stages.length} commands; a local run takes at most ${MAX_COMMANDS}`, first);
  }
  return pipeline.stages.map((node, index) => {
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
async function* inBatches(events: AsyncIterable<LogEvent> | Iterable<LogEvent>): AsyncIterable<readonly LogEvent[]> {
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

/** Runs events through the stages; the first stage's rows are the events themselves. */
export async function runPipeline(
  stages: CompiledStage[],
  events: AsyncIterable<LogEvent> | Iterable<LogEvent>,
  ctx: RunContext,
  signal?: AbortSignal,
): Promise<PipelineOutcome> {
  const outcome: PipelineOutcome = { rows: [], droppedResults: 0, eventLimitHit: false, cancelled: false, eventsSeen: 0 };
  const collect: Emit = (row) => {
    if (outcome.rows.length < ctx.limits.maxResults) outcome.rows.push(row);
    else outcome.droppedResults++;
  };
  const emitters: Emit[] = new Array(stages.length);
  for (let i = stages.length - 1; i >= 0; i--) {
    const next = i === stages.length - 1 ? collect : (row: Row) => pushTo(i + 1, row);
    const counter = stages[i].counter;
    emitters[i] = (row) => {
      counter.rowsOut++;
      next(row);
    };
  }
  function pushTo(i: number, row: Row): void {
    stages[i].counter.rowsIn++;
    stages[i].stage.push(row, emitters[i]);
  }
  const anyDone = () => stages.some((s) => s.stage.done?.());
  // A search that reads no events (inputlookup, makeresults, head 0) does not open the log at all.
  const reads = !anyDone();
  reading: for await (const batch of reads ? inBatches(events) : []) {
    for (const event of batch) {
      if (signal?.aborted) {
        outcome.cancelled = true;
        return outcome;
      }
      if (outcome.eventsSeen >= ctx.limits.maxEvents) {
        outcome.eventLimitHit = true;
        break reading;
      }
      outcome.eventsSeen++;
      pushTo(0, Row.fromEvent(event, ctx.searchTime));
      if (anyDone()) break reading;
    }
  }
  if (signal?.aborted) {
    outcome.cancelled = true;
    return outcome;
  }
  // A finish may be asynchronous (join, append and map run their subsearches there).
  for (let i = 0; i < stages.length; i++) await stages[i].stage.finish(emitters[i]);
  return outcome;
}
