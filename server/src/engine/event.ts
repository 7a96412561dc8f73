import type { FieldMap, FieldValue } from '../cim/fieldValue';

export type { FieldMap, FieldValue };

/** Fields computed from `raw` when first asked for (see LogEvent). */
export type FieldExtractor = (raw: string) => FieldMap;

/**
 * A reader's lazy fields: `extract` computes them all; `probe` reads one field straight from `raw`
 * and must give exactly what `extract(raw).get(name)` holds when that is a single value (`null`:
 * certainly absent), or undefined whenever it cannot be sure (a multivalue field, a name it cannot
 * resolve cheaply): the caller then extracts.
 */
export interface LazyFields {
  readonly extract: FieldExtractor;
  readonly probe: (raw: string, name: string) => string | null | undefined;
  /** Like `probe`, for the FIRST value of `name` only (a multivalue field's first value is still certain). */
  readonly probeFirst: (raw: string, name: string) => string | null | undefined;
}

/** Probes per event before `peek` gives up and extracts: several probes cost more than one extraction. */
const PROBES_BEFORE_EXTRACTING = 8;

/** Where an event came from and how Splunk would label it (`source`, `sourcetype`, `host`, `index`). */
export interface EventMetadata {
  source?: string;
  sourcetype?: string;
  /** Undefined means: the event's `Computer` field for Windows events, else undefined. */
  host?: string;
  index?: string;
}

/** Names the evaluator reads from the event itself rather than from `fields`. */
const INTERNAL_FIELDS = new Set(['_raw', '_time', 'source', 'sourcetype', 'host', 'index', 'linecount']);

/**
 * One event read from a log file, shaped for a fast evaluator:
 *
 * - `raw` is the exact event text (`_raw`); for an event spanning lines, the lines joined by `\n`
 *   (a CR before a line break is not kept).
 * - `fields` are extracted LAZILY on first access and kept on the instance: a search that rejects an
 *   event on `raw`, `source`/`sourcetype` or a cheap probe of one field (`peek`: `EventCode` of a
 *   Windows XML event, a top-level key of a JSON event) never pays for extraction. Readers that must
 *   parse anyway (CSV) hand in the finished map.
 * - `time` is epoch seconds (fractions kept); see docs/semantics.md for each format's rule.
 * - `line`/`endLine` are 1-based file lines; `byteStart`/`byteEnd` a half-open byte range in the file.
 * - `get(name)` answers Splunk's view of a field, including `_raw`, `_time`, `source`, `sourcetype`,
 *   `host`, `index` and `linecount`, so the evaluator needs one lookup path.
 *
 * Values are strings as Splunk stores them; numbers are not converted here (the evaluator decides
 * when a string is numeric, as Splunk does at search time).
 */
export class LogEvent {
  private extracted: FieldMap | undefined;
  /** How `fields` are computed and probed (undefined when the reader handed in a finished map). */
  private readonly lazy: LazyFields | FieldExtractor | undefined;
  private probes = 0;
  /**
   * What is worked out from this event once for every search that reads it (a data model dataset's
   * record, by its view), kept as long as the event: searches given the event in turn find it here.
   */
  derived: Map<object, unknown> | undefined = undefined;

  constructor(
    readonly raw: string,
    readonly time: number,
    readonly line: number,
    readonly endLine: number,
    readonly byteStart: number,
    readonly byteEnd: number,
    readonly metadata: Readonly<EventMetadata>,
    fields: FieldMap | FieldExtractor | LazyFields,
  ) {
    if (fields instanceof Map) this.extracted = fields;
    else this.lazy = fields;
  }

  /** Every extracted field (computed on first access). Callers must not mutate it. */
  get fields(): FieldMap {
    if (this.extracted === undefined) {
      const lazy = this.lazy;
      this.extracted = lazy === undefined ? new Map() : typeof lazy === 'function' ? lazy(this.raw) : lazy.extract(this.raw);
    }
    return this.extracted;
  }

  /**
   * `get(name)`, answered by the reader's probe of `raw` while the event is not extracted and the
   * probe is certain; else by extraction. Used where most events are rejected on one field.
   */
  peek(name: string): FieldValue | undefined {
    const probed = this.probe(name, false);
    return probed !== undefined ? (probed ?? undefined) : this.get(name);
  }

  /** `firstValue(get(name))`, answered by the reader's first-value probe when it is certain. */
  peekFirst(name: string): string | undefined {
    const probed = this.probe(name, true);
    return probed !== undefined ? (probed ?? undefined) : firstValue(this.get(name));
  }

  /** The reader's probe of `raw` (null: certainly absent), while the event is unextracted and within the probe budget. */
  private probe(name: string, first: boolean): string | null | undefined {
    const lazy = this.lazy;
    if (this.extracted !== undefined || lazy === undefined || typeof lazy === 'function' || INTERNAL_FIELDS.has(name)) return undefined;
    if (this.probes++ >= PROBES_BEFORE_EXTRACTING) return undefined;
    return first ? lazy.probeFirst(this.raw, name) : lazy.probe(this.raw, name);
  }

  /** True once `fields` has been computed; lets tests and profilers see that laziness holds. */
  get isExtracted(): boolean {
    return this.extracted !== undefined;
  }

  get source(): string | undefined {
    return this.metadata.source;
  }

  get sourcetype(): string | undefined {
    return this.metadata.sourcetype;
  }

  get index(): string | undefined {
    return this.metadata.index;
  }

  /** The `host` option, else the Windows `Computer` field, as Splunk's Windows inputs set it. */
  get host(): string | undefined {
    return this.metadata.host ?? this.peekFirst('Computer');
  }

  get linecount(): number {
    return this.endLine - this.line + 1;
  }

  /** A field by its Splunk name; undefined when the event does not have it. */
  get(name: string): FieldValue | undefined {
    if (INTERNAL_FIELDS.has(name)) {
      switch (name) {
        case '_raw':
          return this.raw;
        case '_time':
          return String(this.time);
        case 'linecount':
          return String(this.linecount);
        case 'host':
          return this.host;
        default:
          return this.metadata[name as keyof EventMetadata];
      }
    }
    return this.fields.get(name);
  }
}

/** Adds `value` to `name`, turning the field multivalue on a repeat (Splunk's MV_ADD behaviour). */
export function addFieldValue(fields: FieldMap, name: string, value: string): void {
  const existing = fields.get(name);
  if (existing === undefined) fields.set(name, value);
  else if (typeof existing === 'string') fields.set(name, [existing, value]);
  else existing.push(value);
}

/** The first value of a field (Splunk's usual reading of a multivalue field in a scalar context). */
export function firstValue(value: FieldValue | undefined): string | undefined {
  return value === undefined ? undefined : typeof value === 'string' ? value : value[0];
}
