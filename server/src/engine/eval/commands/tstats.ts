// `| tstats aggregations from datamodel=Model.Dataset [where <search>] [by fields [span=]]` over the
// CIM view of each event (the data model's constraints stand in as the mapping rules' membership).
// summariesonly / allow_old_summaries / chunk_size are accepted and do nothing locally: there are no
// accelerated summaries, every event is read. By-fields keep their dotted names; a row with a null
// by-field is dropped unless fillnull_value is set (docs/semantics.md, "tstats").
import type { FieldValue, LogEvent } from '../../event';
import type { TstatsCommandNode } from '../../../spl/ast';
import { compileAggregation } from '../aggregations';
import type { DatasetRecordView } from '../cimView';
import { RunCode, RunError } from '../errors';
import { Grouper } from '../grouping';
import { Row } from '../row';
import { compileSearch } from '../searchMatch';
import type { Value } from '../values';
import { parseSpan } from './bin';
import { DatasetMembership, openDataset } from './datasetMembership';
import { datasetGate } from '../eventGates';
import { optionText, readOptions, rejectExtras, type CommandSpec } from './types';

/** Fields tstats can read besides the dataset's own (the event's metadata). */
const EVENT_FIELDS = new Set(['_raw', 'index', 'source', 'sourcetype', 'host', 'linecount']);

/** An event seen through a dataset: dataset fields by dotted name, metadata from the event. */
class DatasetRow extends Row {
  constructor(
    event: LogEvent,
    private readonly record: DatasetRecordView,
    private readonly onError: (error: Error) => never,
  ) {
    super(event, [event.line]);
  }

  override get(name: string): Value {
    let value: FieldValue | undefined;
    try {
      value = this.record.get(name);
    } catch (error) {
      this.onError(error as Error);
    }
    if (value !== undefined) return name === '_time' ? Number(value) : value;
    return EVENT_FIELDS.has(name) ? super.get(name) : null;
  }

  /** Dataset fields are computed, never probed from the raw event. */
  override peek(name: string): Value {
    return this.get(name);
  }

  override names(): string[] {
    try {
      return this.record.names();
    } catch (error) {
      return this.onError(error as Error);
    }
  }
}

function datamodelName(node: TstatsCommandNode): string {
  const source = node.source;
  if (!source) throw new RunError(RunCode.unsupportedCommand, 'tstats without a data model (over indexed fields) is not supported by the local engine: add from datamodel=Model.Dataset', node.nameSpan);
  if (source.kind === 'option') {
    if (source.name.toLowerCase() !== 'datamodel') throw new RunError(RunCode.unsupportedCommand, `tstats from ${source.name}= is not supported by the local engine`, source.span);
    return optionText(source);
  }
  const text = source.text.replace(/^datamodel:/i, '');
  if (text === source.text && !/^[A-Za-z_]+(\.[A-Za-z_]+)*$/.test(text)) {
    throw new RunError(RunCode.unsupportedCommand, `tstats from ${source.text} is not supported by the local engine`, source.span);
  }
  return text;
}

export const tstatsCommand: CommandSpec = {
  names: ['tstats'],
  generating: true,
  firstOnly: true,
  compile(node, { ctx, stage }) {
    const tstats = node as TstatsCommandNode;
    rejectExtras(tstats);
    const options = readOptions(tstats.options, ['summariesonly', 'allow_old_summaries', 'fillnull_value', 'chunk_size', 'span'], 'tstats');
    if (!ctx.cim) throw new RunError(RunCode.notRunnable, 'tstats needs the CIM data model mappings', tstats.nameSpan);
    const view = openDataset(ctx.cim, datamodelName(tstats), tstats.source!.span);
    const fail = (error: Error): never => {
      throw new RunError(RunCode.notRunnable, error.message, tstats.span);
    };
    const fillOption = options.get('fillnull_value');
    const fillValue = fillOption ? optionText(fillOption) : undefined;
    const spanOption = options.get('span');
    const span = spanOption ? parseSpan(optionText(spanOption), spanOption.span) : undefined;
    if (tstats.aggregations.length === 0) throw new RunError(RunCode.notRunnable, 'tstats needs at least one aggregation', tstats.span);
    const aggregations = tstats.aggregations.map((a) => compileAggregation(a, ctx));
    const byFields = tstats.by.map((f) => f.name);
    const membership = new DatasetMembership(ctx, view, `datamodel=${view.key}`, tstats.source!.span, stage, fail);
    const test = compileSearch(tstats.where, ctx, stage);
    const grouper = new Grouper(byFields, aggregations, ctx, tstats.span, 'tstats', fillValue);
    return {
      gates: [datasetGate(view)],
      grouping: grouper,
      push(row) {
        const event = row.event;
        const record = event && membership.bind(event);
        if (!event || !record) return;
        const datasetRow = new DatasetRow(event, record, fail);
        if (!test(datasetRow)) return;
        if (span) {
          const time = event.time;
          const source = datasetRow;
          grouper.add({ get: (n) => (n === '_time' ? Math.floor(time / span) * span : source.get(n)) }, datasetRow.events);
        } else grouper.add(datasetRow, datasetRow.events);
      },
      finish(emit) {
        membership.warnIfUnmapped('tstats counts nothing');
        for (const row of grouper.rows()) emit(row);
      },
    };
  },
};
