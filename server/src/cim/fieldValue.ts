// What the CIM layer reads of an event: field values and the few accessors the add-on mappings
// need. The engine's LogEvent provides them; the CIM layer knows nothing else of events or readers.

/** A field's value: one string, or several for a multivalue field (never an empty array). */
export type FieldValue = string | string[];

/** Extracted fields of one event, keyed by their Splunk names (case-sensitive, like Splunk's). */
export type FieldMap = Map<string, FieldValue>;

/** An event as the add-on mappings see it: its data source and its raw fields. */
export interface MappedEvent {
  readonly source?: string;
  readonly sourcetype?: string;
  /** Every raw field (extracting them when needed). */
  readonly fields: FieldMap;
  /** A raw field's value. */
  get(name: string): FieldValue | undefined;
  /** `get(name)`, answered from a cheap probe of the raw text when the event can. */
  peek(name: string): FieldValue | undefined;
  /** The first value of `get(name)`, probed when certain. */
  peekFirst(name: string): string | undefined;
}
