// Which events belong to a data model dataset, for the commands that read one (tstats, from): the
// dataset is resolved once, each event is bound to it (counted as the `dataset` clause of --explain),
// and when no event belonged because the CIM mapping puts none of the data there, RUN009 says so at the
// dataset's name (an empty result from unmapped data is a mapping gap, not a detection that did not match).
import type { LogEvent } from '../../event';
import type { Span } from '../../../text/span';
import type { CimViewProvider, DatasetRecordView, DatasetView } from '../cimView';
import type { RunContext } from '../context';
import { RunCode, RunError } from '../errors';
import type { PredicateCount } from '../explain';

/** The dataset `Model.Dataset` names; an unknown one fails the run at `span`. */
export function openDataset(cim: CimViewProvider, name: string, span: Span): DatasetView {
  try {
    return cim.dataset(name);
  } catch (error) {
    throw new RunError(RunCode.invalidArgument, (error as Error).message, span);
  }
}

export class DatasetMembership {
  private readonly counter: PredicateCount;
  private readonly unmapped = new UnmappedSources();

  constructor(
    private readonly ctx: RunContext,
    readonly view: DatasetView,
    label: string,
    /** The dataset's name in the search: where the clause is counted and RUN009 reported. */
    private readonly span: Span,
    stage: number,
    private readonly fail: (error: Error) => never,
  ) {
    this.counter = ctx.explain.predicate('dataset', label, span, stage);
  }

  /** The event as a record of the dataset, or undefined when it is not a member. */
  bind(event: LogEvent): DatasetRecordView | undefined {
    this.counter.evaluated++;
    let record: DatasetRecordView | undefined;
    try {
      record = this.view.bind(event);
    } catch (error) {
      this.fail(error as Error);
    }
    if (!record) {
      // Only worth asking while no event is a member: one member means no warning.
      if (this.counter.satisfied === 0 && this.view.reachableFrom?.(event) === false) this.unmapped.add(event);
      return undefined;
    }
    this.counter.satisfied++;
    return record;
  }

  /** After the last event: RUN009 when no event belonged and the mapping placed none of them. */
  warnIfUnmapped(outcome: string): void {
    if (this.counter.satisfied === 0 && this.unmapped.count > 0) this.ctx.warn(RunCode.unmapped, this.unmapped.message(this.view, outcome), this.span);
  }
}

/** The events no mapping rule could place in the dataset, by data source (a few named, all counted). */
class UnmappedSources {
  count = 0;
  private readonly named = new Set<string>();

  add(event: LogEvent): void {
    this.count++;
    if (this.named.size >= 3) return;
    const named = [event.sourcetype !== undefined ? `sourcetype=${event.sourcetype}` : '', event.source !== undefined ? `source=${event.source}` : ''].filter(Boolean);
    // The run names the data source from the detection's tests (attack_data) or --sourcetype/--source.
    this.named.add(named.length > 0 ? `data of ${named.join(' ')}` : 'data with no sourcetype or source (the detection\'s tests name none; the CLI takes --sourcetype/--source)');
  }

  message(view: DatasetView, outcome: string): string {
    const known = view.memberDataSources?.() ?? [];
    const shown = known.slice(0, 8).join(', ') + (known.length > 8 ? `, ... (${known.length} in all)` : '');
    return (
      `none of the ${this.count} event(s) can belong to ${view.key}: the CIM mapping has no rule that puts ` +
      `${[...this.named].join('; ')} in it, so ${outcome}` +
      (known.length > 0 ? ` (the mapping covers ${shown}; docs/semantics.md, "CIM mapping")` : '')
    );
  }
}
