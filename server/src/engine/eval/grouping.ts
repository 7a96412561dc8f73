// Group-by for stats, eventstats and tstats: a row goes to the group of its by-field values (one
// group per combination when a by-field is multivalue); a row with a null by-field joins no group
// unless a fill value is given (tstats fillnull_value). Groups come out sorted by their by-values.
import type { Span } from '../../text/span';
import type { CompiledAggregation, Aggregator } from './aggregations';
import type { HeldRows, RunContext } from './context';
import type { FieldSource } from './functions/types';
import { mergeLines, Row } from './row';
import { asNumber, detached, scalarText, valuesOf, type Scalar, type Value } from './values';

export interface Group {
  by: Scalar[];
  aggregators: Aggregator[];
  lines: number[];
  /** True when lines arrived out of order or repeated (they then need sorting). */
  unsorted: boolean;
}

/** The group of every event the commands after the grouping drop (keyFilter.ts): never made, never held. */
const DROPPED: Group = Object.freeze({ by: [], aggregators: [], lines: [], unsorted: false }) as Group;

/**
 * Distinct values of the deciding by-fields whose answer is remembered (then forgotten all at once),
 * and the longest text of them remembered: a hunt has some 150 groupings, so their answers together
 * stay within some 100 MB however many distinct command lines or registry values the log holds.
 */
const MAX_REMEMBERED_DECISIONS = 10_000;
const MAX_REMEMBERED_KEY = 256;

/**
 * Answers asked before remembering is judged: when fewer than half were remembered ones (the
 * deciding fields are near unique per event: a command line), answers are worked out each time
 * instead, without building keys for them.
 */
const REMEMBERING_TRIAL = 2_000;

/** What the commands after a grouping decide from, and their answers so far (keyFilter.ts). */
interface GroupFilter {
  keeps: (keyRow: Row) => boolean;
  /** The deciding by-fields, by name and by place among the by-fields. */
  names: string[];
  places: number[];
  /** By the deciding values in turn (no key text built per event); undefined once remembering was found not to pay. */
  answers: Answers | undefined;
  /** Answers held in `answers`. */
  held: number;
  asked: number;
  remembered: number;
}

type Answers = Map<Scalar, Answers | boolean>;

export class Grouper {
  /** By the hash of the by-values: a group, or the groups whose values share that hash. */
  private readonly groups = new Map<number, Group | Group[]>();
  private size = 0;
  private filter: GroupFilter | undefined;
  /** What this command holds, as the run's record of it (the values its aggregations keep). */
  private readonly holding: HeldRows;

  constructor(
    readonly byFields: string[],
    private readonly aggregations: CompiledAggregation[],
    private readonly ctx: RunContext,
    private readonly span: Span,
    private readonly command: string,
    private readonly fillValue?: string,
  ) {
    this.holding = ctx.holding(span, command);
    if (byFields.length === 0) this.groupFor([]);
  }

  /** The names of the fields a group's row has besides its by-fields; undefined when a wildcard aggregation makes them. */
  aggregateNames(): string[] | undefined {
    return this.aggregations.some((a) => a.wildcard) ? undefined : this.aggregations.map((a) => a.name);
  }

  /** From now on a group whose deciding by-fields' row `keeps` rejects is not made (set before any group is made). */
  filterGroups(keeps: (keyRow: Row) => boolean, deciding: readonly string[]): void {
    const names = [...new Set(deciding)];
    this.filter = { keeps, names, places: names.map((name) => this.byFields.indexOf(name)), answers: new Map(), held: 0, asked: 0, remembered: 0 };
  }

  get filtersGroups(): boolean {
    return this.filter !== undefined;
  }

  /** Whether the commands after the grouping keep a group with these values of the deciding by-fields. */
  private keeps(filter: GroupFilter, values: Scalar[]): boolean {
    return this.answer(filter, values) ?? filter.keeps(this.decidingRow(filter, values));
  }

  /** The remembered answer for these values (worked out now when it can be remembered); undefined when not remembered. */
  private answer(filter: GroupFilter, values: Scalar[]): boolean | undefined {
    const answers = filter.answers;
    if (answers === undefined) return undefined;
    let length = 0;
    for (const value of values) length += typeof value === 'string' ? value.length : 8;
    if (length > MAX_REMEMBERED_KEY) return undefined;
    // The map holding the last value's answer (Map keys are the values themselves: '1' and 1 differ, NaN is one key).
    let level = answers;
    for (let i = 0; i < values.length - 1; i++) {
      let deeper = level.get(values[i]);
      if (deeper === undefined) level.set(detached(values[i]), (deeper = new Map()));
      level = deeper as Answers;
    }
    const last = values[values.length - 1];
    const known = level.get(last) as boolean | undefined;
    if (++filter.asked === REMEMBERING_TRIAL && filter.remembered < REMEMBERING_TRIAL / 2) filter.answers = undefined;
    if (known !== undefined) {
      filter.remembered++;
      return known;
    }
    const kept = filter.keeps(this.decidingRow(filter, values));
    if (filter.held >= MAX_REMEMBERED_DECISIONS) {
      answers.clear();
      filter.held = 0;
      return kept;
    }
    level.set(detached(last), kept);
    filter.held++;
    return kept;
  }

  private decidingRow(filter: GroupFilter, values: Scalar[]): Row {
    return Row.withFields([], new Map(filter.names.map((name, i) => [name, values[i]])));
  }

  /**
   * The deciding by-fields of a row, when each has one value (filled when null and a fill value is
   * given); null when one is null (the row joins no group); undefined when one is multivalue.
   */
  private decidingValues(row: FieldSource, filter: GroupFilter): Scalar[] | null | undefined {
    const values: Scalar[] = [];
    for (const name of filter.names) {
      const value = row.get(name);
      if (value === null || value === undefined) {
        if (this.fillValue === undefined) return null;
        values.push(this.fillValue);
      } else if (Array.isArray(value)) return undefined;
      else values.push(value);
    }
    return values;
  }

  /** The by-value combinations of a row (empty when a by-field is null and nothing fills it). */
  keysOf(row: FieldSource): Scalar[][] {
    const byFields = this.byFields;
    // The common case, every by-field one value: one combination, built without the product below.
    const single: Scalar[] = [];
    for (let i = 0; i < byFields.length; i++) {
      const value = row.get(byFields[i]);
      if (value === null || value === undefined) {
        if (this.fillValue === undefined) return [];
        single.push(this.fillValue);
      } else if (Array.isArray(value)) return this.combinations(row);
      else single.push(value);
    }
    return [single];
  }

  private combinations(row: FieldSource): Scalar[][] {
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
    // Keyed by a hash of the by-values, not by a string of them: a key string would hold a second
    // copy of every value (a hunt holds a group per process event for dozens of detections).
    const hash = hashOf(by);
    const found = this.groups.get(hash);
    if (found !== undefined) {
      if (!Array.isArray(found)) {
        if (sameValues(found.by, by)) return found;
      } else {
        for (const group of found) if (sameValues(group.by, by)) return group;
      }
    }
    const filter = this.filter;
    if (filter && !this.keeps(filter, filter.places.map((place) => by[place]))) return DROPPED;
    const group: Group = { by: by.map(detached), aggregators: this.aggregations.map((a) => a.create()), lines: [], unsorted: false };
    if (found === undefined) this.groups.set(hash, group);
    else if (Array.isArray(found)) found.push(group);
    else this.groups.set(hash, [found, group]);
    this.size++;
    this.ctx.checkBuffer(this.size, this.span, this.command);
    return group;
  }

  add(row: FieldSource, lines: number[]): Group[] {
    const filter = this.filter;
    // While answers are remembered, an event is decided before its other by-fields are worked out
    // (a tstats row computes each from the event); else only a new group is (groupFor), once.
    if (filter?.answers) {
      const values = this.decidingValues(row, filter);
      if (values === null || (values !== undefined && this.answer(filter, values) === false)) return [];
    }
    const groups = this.keysOf(row).map((by) => this.groupFor(by));
    for (const group of groups) {
      if (group === DROPPED) continue;
      for (const aggregator of group.aggregators) {
        if (aggregator.held) {
          const before = aggregator.held();
          aggregator.add(row);
          this.holding.values += aggregator.held() - before;
        } else aggregator.add(row);
      }
      // A new group's lines are a copy of exactly the row's (most groups never get another row).
      if (group.lines.length === 0) {
        group.lines = lines.slice();
        group.unsorted = !isAscending(lines);
        continue;
      }
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
    const values: Array<[string, Value]> = [];
    this.eachValue(group, (name, value) => values.push([name, value]));
    return values;
  }

  private eachValue(group: Group, take: (name: string, value: Value) => void): void {
    this.aggregations.forEach((aggregation, i) => {
      const aggregator = group.aggregators[i];
      if (!aggregation.wildcard) take(aggregation.name, aggregator.result());
      else for (const [name, value] of aggregator.columns?.() ?? []) take(name, value);
    });
  }

  /**
   * One result row per group, sorted by by-values, each made as it is taken: the rows a later
   * command drops never live together (a hunt closes detections holding a row per event).
   */
  *rows(): Iterable<Row> {
    const groups = [...this.groups.values()].flat();
    this.groups.clear();
    this.holding.rows = this.holding.values = 0;
    // Each by-value's number (NaN: not a number) and text in flat arrays, worked out once, not once per comparison.
    const width = this.byFields.length;
    const numbers = new Float64Array(groups.length * width);
    const texts = new Array<string>(groups.length * width);
    for (let g = 0; g < groups.length; g++) {
      const by = groups[g].by;
      for (let i = 0; i < width; i++) {
        numbers[g * width + i] = asNumber(by[i]) ?? NaN;
        texts[g * width + i] = scalarText(by[i]);
      }
    }
    const order = Array.from({ length: groups.length }, (_, g) => g);
    order.sort((a, b) => {
      for (let i = 0, x = a * width, y = b * width; i < width; i++, x++, y++) {
        const m = numbers[x];
        const n = numbers[y];
        if (m === m && n === n) {
          if (m !== n) return m < n ? -1 : 1;
          continue;
        }
        const s = texts[x];
        const t = texts[y];
        if (s !== t) return s < t ? -1 : 1;
      }
      return 0;
    });
    for (const g of order) {
      const group = groups[g];
      groups[g] = undefined as unknown as Group;
      const fields = new Map<string, Value>();
      for (let i = 0; i < width; i++) fields.set(this.byFields[i], group.by[i]);
      this.eachValue(group, (name, value) => fields.set(name, value));
      yield Row.withFields(Grouper.lines(group), fields);
    }
  }
}

/** Same values, same types (NaN one value, as a JSON key of the values had it). */
function sameValues(a: Scalar[], b: Scalar[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return false;
  return true;
}

/** FNV-1a over each value's type and text. */
function hashOf(values: Scalar[]): number {
  let hash = 0x811c9dc5;
  for (const value of values) {
    const text = typeof value === 'string' ? value : `${typeof value}:${String(value)}`;
    hash = Math.imul(hash ^ (typeof value === 'string' ? 1 : 2), 0x01000193);
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    hash = Math.imul(hash ^ 0xff, 0x01000193);
  }
  return hash >>> 0;
}

function isAscending(lines: number[]): boolean {
  for (let i = 1; i < lines.length; i++) if (lines[i] <= lines[i - 1]) return false;
  return true;
}
