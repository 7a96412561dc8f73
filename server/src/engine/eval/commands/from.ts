// `| from datamodel:Model.Dataset [WHERE <search>]` and `| from lookup:table` (SR from: "retrieves data
// from a dataset, such as a data model dataset, a CSV lookup, a KV Store lookup"; colon or space between
// the type and the name). A data model dataset gives the events that belong to it, each with the
// dataset's fields under their own names (`dest`, not `Web.dest`: security_content's searches after
// `from datamodel Web.Web` read `dest`, `src`, `http_method`) over the event's other fields and _raw
// (docs/semantics.md, "from"). A lookup gives its rows, as inputlookup.
import type { FieldValue, LogEvent } from '../../event';
import type { FromCommandNode } from '../../../spl/ast';
import type { Span } from '../../../text/span';
import type { DatasetRecordView, DatasetView } from '../cimView';
import type { RunContext } from '../context';
import { RunCode, RunError } from '../errors';
import { Row } from '../row';
import { compileSearch } from '../searchMatch';
import type { Value } from '../values';
import { emitTableRows, openTable } from './lookup';
import { DatasetMembership, openDataset } from './datasetMembership';
import { datasetGate } from '../eventGates';
import { rejectExtras, type CommandSpec, type Stage } from './types';

/** An event seen through a dataset: a dataset field's value over the event's field of that name. */
class DatasetEventRow extends Row {
  constructor(
    event: LogEvent,
    private readonly record: DatasetRecordView,
    private readonly view: DatasetView,
    private readonly onError: (error: Error) => never,
  ) {
    super(event, [event.line]);
  }

  private datasetValue(name: string): FieldValue | undefined {
    if (name.startsWith('_') || this.view.baseName(name) === undefined) return undefined;
    try {
      return this.record.get(name);
    } catch (error) {
      return this.onError(error as Error);
    }
  }

  override get(name: string): Value {
    const own = super.get(name);
    // A command that set or removed the field decides; otherwise the data model's value comes first.
    if (this.isOverridden(name)) return own;
    return this.datasetValue(name) ?? own;
  }

  override peek(name: string): Value {
    return this.get(name);
  }

  override names(): string[] {
    const names = super.names();
    let dataset: string[];
    try {
      dataset = this.record.names().map((n) => this.view.baseName(n) ?? n);
    } catch (error) {
      return this.onError(error as Error);
    }
    for (const name of dataset) if (!names.includes(name) && this.has(name)) names.push(name);
    return names;
  }
}

function datasetTypeOf(from: FromCommandNode): string {
  if (!from.datasetType) throw new RunError(RunCode.notRunnable, 'from needs a dataset: from datamodel:Model.Dataset or from lookup:table', from.span);
  return from.datasetType.text.toLowerCase();
}

export const fromCommand: CommandSpec = {
  names: ['from'],
  generating: true,
  firstOnly: true,
  compile(node, { ctx, stage }) {
    const from = node as FromCommandNode;
    rejectExtras(from);
    const type = datasetTypeOf(from);
    if (!from.dataset) throw new RunError(RunCode.notRunnable, `from ${type} needs a dataset name`, from.datasetType!.span);
    const name = from.dataset.kind === 'string' ? from.dataset.value : from.dataset.text;
    const test = compileSearch(from.where, ctx, stage);
    if (type === 'lookup' || type === 'inputlookup') return lookupStage(ctx, name, from.dataset.span, test);
    if (type !== 'datamodel') throw new RunError(RunCode.unsupportedCommand, `from ${type} is not supported by the local engine (it runs from datamodel and from lookup)`, from.datasetType!.span);
    if (!ctx.cim) throw new RunError(RunCode.notRunnable, 'from datamodel needs the CIM data model mappings', from.nameSpan);
    const view = openDataset(ctx.cim, name, from.dataset.span);
    const fail = (error: Error): never => {
      throw new RunError(RunCode.notRunnable, error.message, from.span);
    };
    const membership = new DatasetMembership(ctx, view, `datamodel:${view.key}`, from.dataset.span, stage, fail);
    return {
      // As tstats': a hunt gives an event only to the searches over datasets it belongs to.
      gates: [datasetGate(view)],
      push(row, emit) {
        const event = row.event;
        const record = event && membership.bind(event);
        if (!event || !record) return;
        const member = new DatasetEventRow(event, record, view, fail);
        if (test(member)) emit(member);
      },
      finish() {
        membership.warnIfUnmapped('from returns nothing');
      },
    };
  },
};

function lookupStage(ctx: RunContext, name: string, span: Span, test: (row: Row) => boolean): Stage {
  const table = openTable(ctx, name, span);
  return {
    push() {},
    finish(emit) {
      emitTableRows(table, test, emit);
    },
    // It reads no events.
    done: () => true,
  };
}
