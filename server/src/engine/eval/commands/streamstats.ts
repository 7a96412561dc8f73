// `streamstats [current=] [window=] [global=] [reset_on_change=] aggregations [BY fields]` (SR
// streamstats): each row, in order, gets the aggregates of the rows before it (and itself, with
// current=true) in its group; docs/semantics.md, "streamstats".
import type { StatsCommandNode } from '../../../spl/ast';
import { compileAggregation, type Aggregator, type CompiledAggregation } from '../aggregations';
import { RunCode, RunError } from '../errors';
import type { FieldSource } from '../functions/types';
import { Grouper } from '../grouping';
import type { Row } from '../row';
import { optionText, readOptions, rejectExtras, streaming, type CommandSpec } from './types';

/** limits.conf `max_stream_window` (default 10000): the largest window streamstats takes. */
const MAX_WINDOW = 10_000;

function isTrue(text: string): boolean {
  return /^(true|t|1|yes)$/i.test(text);
}

/** The rows a windowed streamstats remembers: copies, as later commands may change the rows passed on. */
class Window {
  private readonly rows: Array<{ key: string; row: FieldSource }> = [];

  constructor(private readonly size: number) {}

  push(key: string, row: FieldSource): void {
    this.rows.push({ key, row });
    if (this.rows.length > this.size) this.rows.shift();
  }

  of(key: string): FieldSource[] {
    return this.rows.filter((r) => r.key === key).map((r) => r.row);
  }
}

export const streamstatsCommand: CommandSpec = {
  names: ['streamstats'],
  compile(node, { ctx }) {
    const stats = node as StatsCommandNode;
    rejectExtras(stats);
    const options = readOptions(stats.options, ['current', 'window', 'global', 'reset_on_change', 'allnum', 'time_window', 'reset_before', 'reset_after'], 'streamstats');
    for (const name of ['time_window', 'reset_before', 'reset_after']) {
      const option = options.get(name);
      if (option) throw new RunError(RunCode.invalidArgument, `streamstats ${name}= is not supported by the local engine`, option.span);
    }
    const flag = (name: string, fallback: boolean) => (options.has(name) ? isTrue(optionText(options.get(name)!)) : fallback);
    if (flag('allnum', false)) throw new RunError(RunCode.invalidArgument, 'streamstats allnum=true is not supported by the local engine', options.get('allnum')!.span);
    const windowOption = options.get('window');
    const window = windowOption ? Number(optionText(windowOption)) : 0;
    if (!Number.isInteger(window) || window < 0 || window > MAX_WINDOW) {
      throw new RunError(RunCode.invalidArgument, `streamstats window= takes a whole number from 0 to ${MAX_WINDOW}`, windowOption!.span);
    }
    if (stats.aggregations.length === 0) throw new RunError(RunCode.notRunnable, 'streamstats needs at least one aggregation', stats.span);
    const current = flag('current', true);
    const global = flag('global', true);
    const resetOnChange = flag('reset_on_change', false);
    const aggregations = stats.aggregations.map((a) => compileAggregation(a, ctx));
    // Only its keysOf is used: the groups here live as long as the stream, not until finish.
    const keys = new Grouper(stats.by.map((f) => f.name), [], ctx, stats.span, 'streamstats');
    const state = new StreamState(aggregations, window, global);
    let previousKey: string | undefined;
    return streaming((row) => {
      // A multivalue by-field: the row counts in the group of its first values (our choice).
      const by = keys.keysOf(row)[0];
      if (!by) return row;
      const key = JSON.stringify(by);
      if (resetOnChange && previousKey !== undefined && key !== previousKey) state.reset();
      previousKey = key;
      const values = state.next(key, row, current);
      for (let i = 0; i < aggregations.length; i++) row.set(aggregations[i].name, values[i]);
      ctx.checkBuffer(state.groups, stats.span, 'streamstats');
      return row;
    });
  },
};

/** Running aggregators per group (no window), or the last `window` rows (a window). */
class StreamState {
  private running = new Map<string, Aggregator[]>();
  private windows = new Map<string, Window>();

  constructor(
    private readonly aggregations: CompiledAggregation[],
    private readonly window: number,
    private readonly global: boolean,
  ) {}

  get groups(): number {
    return this.window > 0 ? this.windows.size : this.running.size;
  }

  reset(): void {
    this.running = new Map();
    this.windows = new Map();
  }

  /** The aggregate values for `row` in group `key`, remembering the row for the rows after it. */
  next(key: string, row: Row, current: boolean): Array<ReturnType<Aggregator['result']>> {
    if (this.window === 0) {
      let aggregators = this.running.get(key);
      if (!aggregators) this.running.set(key, (aggregators = this.aggregations.map((a) => a.create())));
      if (current) for (const a of aggregators) a.add(row);
      const values = aggregators.map((a) => a.result());
      if (!current) for (const a of aggregators) a.add(row);
      return values;
    }
    // global=true: one window of the last rows of any group; global=false: one window per group.
    const windowKey = this.global ? '' : key;
    let rows = this.windows.get(windowKey);
    if (!rows) this.windows.set(windowKey, (rows = new Window(this.window)));
    const copy = row.materialize();
    if (current) rows.push(key, copy);
    const aggregators = this.aggregations.map((a) => a.create());
    for (const member of rows.of(key)) for (const a of aggregators) a.add(member);
    if (!current) rows.push(key, copy);
    return aggregators.map((a) => a.result());
  }
}
