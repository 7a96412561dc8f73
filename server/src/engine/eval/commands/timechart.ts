// `timechart span=<span> [limit=N] [useother=] [otherstr=] [usenull=] [nullstr=] [cont=] <aggregations>
// [BY field]`: a subset of SR timechart (docs/semantics.md, "timechart"). One row per `span` bucket of
// `_time` (UTC), from the first to the last bucket with events (empty buckets filled when cont=true);
// without BY a column per aggregation, with BY a column per value of the field (the `limit` series
// with the most rows, the others summed up as OTHER).
import type { StatsCommandNode } from '../../../spl/ast';
import { compileAggregation, type Aggregator } from '../aggregations';
import { RunCode, RunError } from '../errors';
import { mergeLines, Row } from '../row';
import { asNumber, compareText, firstScalar, scalarText, valuesOf, type Value } from '../values';
import { parseSpan } from './bin';
import { optionText, parseCount, readOptions, rejectExtras, type CommandSpec } from './types';

interface Cell {
  aggregators: Aggregator[];
}

function flag(text: string | undefined, fallback: boolean): boolean {
  return text === undefined ? fallback : /^(true|t|1|yes)$/i.test(text);
}

/** Count-like aggregations read 0 in a bucket without rows (as Splunk's timechart shows them). */
const ZERO_WHEN_EMPTY = new Set(['count', 'c', 'dc', 'distinct_count', 'estdc']);

export const timechartCommand: CommandSpec = {
  names: ['timechart'],
  compile(node, { ctx }) {
    const chart = node as StatsCommandNode;
    rejectExtras(chart);
    const options = readOptions(chart.options, ['span', 'limit', 'useother', 'otherstr', 'usenull', 'nullstr', 'cont', 'partial'], 'timechart');
    const text = (name: string) => (options.has(name) ? optionText(options.get(name)!) : undefined);
    const spanOption = options.get('span');
    if (!spanOption) throw new RunError(RunCode.invalidArgument, 'timechart needs span= locally (the automatic span depends on the time range of a Splunk search)', chart.nameSpan);
    const span = parseSpan(optionText(spanOption), spanOption.span);
    const limit = options.has('limit') ? parseCount(text('limit')!, options.get('limit')!.span, 'limit') : 10;
    const useOther = flag(text('useother'), true);
    const otherText = text('otherstr') ?? 'OTHER';
    const useNull = flag(text('usenull'), true);
    const nullText = text('nullstr') ?? 'NULL';
    const cont = flag(text('cont'), true);
    if (chart.aggregations.length === 0) throw new RunError(RunCode.notRunnable, 'timechart needs an aggregation', chart.span);
    if (chart.over) throw new RunError(RunCode.invalidArgument, 'timechart has no OVER clause', chart.over.span);
    if (chart.by.length > 1) throw new RunError(RunCode.invalidArgument, 'timechart takes one BY field', chart.by[1].span);
    const aggregations = chart.aggregations.map((a) => compileAggregation(a, ctx));
    const zero = chart.aggregations.map((a) => ZERO_WHEN_EMPTY.has(a.func.toLowerCase()));
    const byField = chart.by[0]?.name;
    const held: Array<{ row: Row; bucket: number; series: string[] }> = [];
    return {
      push(row) {
        const time = asNumber(firstScalar(row.get('_time')));
        if (time === undefined) return;
        let series = [''];
        if (byField) {
          series = [...new Set(valuesOf(row.get(byField)).map(scalarText))];
          if (series.length === 0) {
            if (!useNull) return;
            series = [nullText];
          }
        }
        held.push({ row, bucket: Math.floor(time / span) * span, series });
        ctx.checkBuffer(held.length, chart.span, 'timechart');
      },
      finish(emit) {
        if (held.length === 0) return;
        const rowsPerSeries = new Map<string, number>();
        for (const h of held) for (const s of h.series) rowsPerSeries.set(s, (rowsPerSeries.get(s) ?? 0) + 1);
        const ranked = [...rowsPerSeries.entries()].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0])).map(([s]) => s);
        const top = new Set(limit === 0 ? ranked : ranked.slice(0, limit));
        const series = [...top].sort(compareText);
        if (useOther && top.size < ranked.length) series.push(otherText);
        const cells = new Map<number, Map<string, Cell>>();
        const lines = new Map<number, number[][]>();
        for (const { row, bucket, series: rowSeries } of held) {
          let perSeries = cells.get(bucket);
          if (!perSeries) cells.set(bucket, (perSeries = new Map()));
          (lines.get(bucket) ?? lines.set(bucket, []).get(bucket)!).push(row.events);
          for (const s of new Set(rowSeries.map((x) => (top.has(x) ? x : useOther ? otherText : undefined)))) {
            if (s === undefined) continue;
            let cell = perSeries.get(s);
            if (!cell) perSeries.set(s, (cell = { aggregators: aggregations.map((a) => a.create()) }));
            for (const aggregator of cell.aggregators) aggregator.add(row);
          }
        }
        const buckets = [...cells.keys()].sort((a, b) => a - b);
        const all: number[] = [];
        if (cont) for (let t = buckets[0]; t <= buckets[buckets.length - 1]; t += span) all.push(t);
        for (const bucket of cont ? all : buckets) {
          const fields: Array<[string, Value]> = [['_time', bucket]];
          const perSeries = cells.get(bucket);
          for (const s of series) {
            aggregations.forEach((aggregation, i) => {
              const name = !byField ? aggregation.name : aggregations.length === 1 ? s : `${aggregation.name}: ${s}`;
              const value = perSeries?.get(s)?.aggregators[i].result() ?? null;
              fields.push([name, value ?? (zero[i] ? 0 : null)]);
            });
          }
          emit(new Row(undefined, mergeLines(lines.get(bucket) ?? [[]]), fields));
        }
      },
    };
  },
};
