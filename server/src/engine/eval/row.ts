import type { FieldValue, LogEvent } from '../event';
import type { SearchTimeFields } from './searchTimeFields';
import { type Value } from './values';

/** Fields Splunk gives every event besides the extracted ones (listed by `names()` when present). */
const EVENT_FIELDS = ['_raw', '_time', 'host', 'source', 'sourcetype', 'index', 'linecount'];

/**
 * One event or result flowing through the pipeline. An event row reads its fields from the event
 * (extracted lazily), with the add-on fields of the event's data source over its raw fields (as
 * Splunk's FIELDALIAS and EVAL do at search time), until a command sets, renames or removes them; a
 * result row (from stats, tstats ...) holds its own fields. `events` are the 1-based file lines of
 * every event behind the row, sorted and unique: the row's provenance.
 */
export class Row {
  /** Fields set on the row; created on the first set, as most event rows are read, never written. */
  private own: Map<string, Value> | undefined;
  /** Fields removed from the event view (only meaningful while `event` is set). */
  private removed: Set<string> | undefined;
  private lowerRawCache: string | undefined;
  /** The event's add-on fields, each computed on first read (created on the first add-on name read). */
  private addonLookup: ((name: string) => FieldValue | undefined) | undefined;

  constructor(
    readonly event: LogEvent | undefined,
    public events: number[],
    fields?: Iterable<[string, Value]>,
    /** What the run adds to an event's own fields (add-on fields) and records of its reads. */
    private readonly searchTime?: SearchTimeFields,
  ) {
    if (fields) {
      const own = (this.own = new Map());
      for (const [name, value] of fields) if (value !== null) own.set(name, value);
    }
  }

  /** A result row owning `fields` (null values are dropped, as the constructor drops them). */
  static withFields(events: number[], fields: Map<string, Value>): Row {
    const row = new Row(undefined, events);
    for (const [name, value] of fields) if (value === null) fields.delete(name);
    row.own = fields;
    return row;
  }

  static fromEvent(event: LogEvent, searchTime?: SearchTimeFields): Row {
    return new Row(event, [event.line], undefined, searchTime);
  }

  get(name: string): Value {
    return this.value(name, true);
  }

  /** The field's value; `recorded`: a read by the search (not the row listing its own names). */
  private value(name: string, recorded: boolean): Value {
    const own = this.own?.get(name);
    if (own !== undefined) return own;
    if (!this.event || this.removed?.has(name)) return null;
    if (name === '_time') return this.event.time;
    return this.eventValue(name, false, recorded);
  }

  /** `get(name)`, letting the event answer from a probe of its raw text when it can (LogEvent.peek). */
  peek(name: string): Value {
    if (!this.event || name === '_time' || this.own?.has(name) || this.removed?.has(name)) return this.get(name);
    return this.eventValue(name, true, true);
  }

  /** The event's value as a search sees it: the add-on field, else the raw one; the read is recorded. */
  private eventValue(name: string, probe: boolean, recorded: boolean): Value {
    const event = this.event!;
    const searchTime = this.searchTime;
    let value: FieldValue | undefined;
    const addons = searchTime?.addons;
    if (addons !== undefined && addons.fieldNames.has(name)) value = (this.addonLookup ??= addons.addonLookup(event))(name);
    if (value === undefined) value = probe ? event.peek(name) : event.get(name);
    if (recorded) searchTime?.read(name, value !== undefined, event);
    return value === undefined ? null : value;
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }

  set(name: string, value: Value): void {
    if (value === null) {
      this.delete(name);
      return;
    }
    (this.own ??= new Map()).set(name, value);
    this.searchTime?.wrote(name);
  }

  delete(name: string): void {
    this.own?.delete(name);
    if (this.event) (this.removed ??= new Set()).add(name);
    this.searchTime?.wrote(name);
  }

  /** Every field the row has, event fields first (in extraction order), then set ones. */
  names(): string[] {
    const names: string[] = [];
    const seen = new Set<string>();
    const add = (name: string) => {
      if (!seen.has(name) && this.value(name, false) !== null) {
        seen.add(name);
        names.push(name);
      }
    };
    if (this.event) {
      for (const name of EVENT_FIELDS) add(name);
      for (const name of this.event.fields.keys()) add(name);
      const addons = this.searchTime?.addons;
      if (addons) for (const name of addons.addonNames(this.event, (this.addonLookup ??= addons.addonLookup(this.event)))) add(name);
    }
    if (this.own) for (const name of this.own.keys()) add(name);
    return names;
  }

  /** Whether a command set or removed the field on this row (then the event's own value no longer counts). */
  protected isOverridden(name: string): boolean {
    return this.own?.has(name) === true || this.removed?.has(name) === true;
  }

  /** `_raw` lower-cased once per row, for search terms. */
  lowerRaw(): string {
    if (this.lowerRawCache === undefined) {
      const raw = this.get('_raw');
      this.lowerRawCache = typeof raw === 'string' ? raw.toLowerCase() : '';
    }
    return this.lowerRawCache;
  }

  /** A result row with the same fields (event fields copied), for commands that reshape rows. */
  materialize(names: string[] = this.names()): Row {
    return new Row(undefined, this.events, names.map((n) => [n, this.get(n)] as [string, Value]));
  }
}

/** Sorted, unique union of line lists. */
export function mergeLines(lists: number[][]): number[] {
  if (lists.length === 1) return lists[0];
  const all: number[] = [];
  for (const list of lists) for (const line of list) all.push(line);
  all.sort((a, b) => a - b);
  const unique: number[] = [];
  for (const line of all) if (unique[unique.length - 1] !== line) unique.push(line);
  return unique;
}
