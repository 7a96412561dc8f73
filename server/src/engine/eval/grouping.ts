// Group-by for stats, eventstats and tstats: a row goes to the group of its by-field values (one
// group per combination when a by-field is multivalue); a row with a null by-field joins no group
// unless a fill value is given (tstats fillnull_value). Groups come out sorted by their by-values.
import type { Span } from '../../text/span';
import type { CompiledAggregation, Aggregator } from './aggregations';
import type { RunContext } from './context';
import type { FieldSource } from './functions/types';
import { mergeLines, Row } from './row';
import { compareScalars, valuesOf, type Scalar, type Value } from './values';

export interface Group {
  by: Scalar[];
  aggregators: Aggregator[];
  lines: number[];
  /** True when lines arrived out of order or repeated (they then need sorting). */
  unsorted: boolean;
}

export class Grouper {
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly byFields: string[],
    private readonly aggregations: CompiledAggregation[],
    private readonly ctx: RunContext,
    private readonly span: Span,
    private readonly command: string,
    private readonly fillValue?: string,
  ) {
    if (byFields.length === 0) this.groupFor([]);
  }

  /** The by-value combinations of a row (empty when a by-field is null and nothing fills it). */
  keysOf(row: FieldSource): Scalar[][] {
    let combos: Scalar[][] = [[]];
    for (const field of this.byFields) {
      let values: Scalar[] = valuesOf(row.get(field));
      if (values.length === 0) {
        if (this.fillValue === undefined) return [];
        values = [this.fillValue];
      }
      const next: Scalar[][] = [];
      for (const combo of combos) for (const value of new Set(values)) next.push([...combo, value]);
      combos = next;
    }
    return combos;
  }

  groupFor(by: Scalar[]): Group {
    const key = JSON.stringify(by);
    let group = this.groups.get(key);
    if (!group) {
      group = { by, aggregators: this.aggregations.map((a) => a.create()), lines: [], unsorted: false };
      this.groups.set(key, group);
      this.ctx.checkBuffer(this.groups.size, this.span, this.command);
    }
    return group;
  }

  add(row: FieldSource, lines: number[]): Group[] {
    const groups = this.keysOf(row).map((by) => this.groupFor(by));
    for (const group of groups) {
      for (const aggregator of group.aggregators) aggregator.add(row);
      for (const line of lines) {
        const last = group.lines[group.lines.length - 1];
        if (last !== undefined && line <= last) group.unsorted = true;
        group.lines.push(line);
      }
    }
    return groups;
  }

  static lines(group: Group): number[] {
    if (group.unsorted) {
      group.lines = mergeLines([group.lines, []]);
      group.unsorted = false;
    }
    return group.lines;
  }

  /** The aggregated fields of a group, by output name (a wildcard aggregation gives one per field it met). */
  values(group: Group): Array<[string, Value]> {
    return this.aggregations.flatMap((a, i): Array<[string, Value]> => {
      const aggregator = group.aggregators[i];
      return a.wildcard ? (aggregator.columns?.() ?? []) : [[a.name, aggregator.result()]];
    });
  }

  /** One result row per group, sorted by by-values. */
  rows(): Row[] {
    const groups = [...this.groups.values()].sort((a, b) => {
      for (let i = 0; i < a.by.length; i++) {
        const order = compareScalars(a.by[i], b.by[i]);
        if (order !== 0) return order;
      }
      return 0;
    });
    return groups.map((group) => {
      const fields: Array<[string, Value]> = this.byFields.map((f, i) => [f, group.by[i]]);
      fields.push(...this.values(group));
      return new Row(undefined, Grouper.lines(group), fields);
    });
  }
}
