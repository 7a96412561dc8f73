// Values as the evaluator sees them. Event fields are strings (or lists of strings for multivalue
// fields); eval can also produce numbers and booleans. `null` is Splunk's null (a missing field).
// The conversion rules are in docs/semantics.md ("Values and comparison").

export type Scalar = string | number | boolean;

/** A field or expression value: null, one scalar, or a multivalue list (never empty). */
export type Value = null | Scalar | Scalar[];

const NUMBER = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** Normalises an empty list to null and a one-element list stays a list (Splunk keeps mv-ness). */
export function mv(values: Scalar[]): Value {
  return values.length === 0 ? null : values;
}

export function isNull(value: Value | undefined): value is null | undefined {
  return value === null || value === undefined;
}

/** The values of a field, one or many; empty for null. */
export function valuesOf(value: Value | undefined): Scalar[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The first value (a multivalue field read in a scalar context). */
export function firstScalar(value: Value | undefined): Scalar | null {
  if (value === null || value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

/** A number when the scalar is one or is a string that reads as a decimal number, else undefined. */
export function asNumber(value: Scalar | null): number | undefined {
  if (value === null) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return undefined;
  // Most text starts with a letter, which no number does: rejected without the regex.
  const first = value.charCodeAt(0) | 0x20;
  if (first >= 0x61 && first <= 0x7a) return undefined;
  if (!NUMBER.test(value)) return undefined;
  return Number(value);
}

export function isNumeric(value: Scalar | null): boolean {
  return asNumber(value) !== undefined;
}

/** How Splunk prints a number: integers without a fraction, others with up to 15 significant digits. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  if (!Number.isFinite(n)) return String(n);
  const text = n.toPrecision(15);
  return text.includes('e') ? String(Number(text)) : text.replace(/\.?0+$/, '');
}

/** A scalar's string form. Booleans print as `true`/`false` (only visible through tostring()). */
export function scalarText(value: Scalar): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return value;
}

/**
 * The same text in a string of its own. V8 cuts a substring of 13 characters or more as a view into
 * the string it was cut from, so a field value kept past its event (a group's by-value, an aggregated
 * value, a remembered answer) would keep the event's whole raw text alive: a hunt's groups kept
 * nearly every event of the log. Call it where a value is kept, once per kept value.
 */
export function detached<T extends Scalar>(value: T): T {
  // Concatenation then slice makes V8 flatten into a new string of the value's length (plus one).
  return typeof value === 'string' && value.length >= 13 ? ((' ' + value).slice(1) as T) : value;
}

/** The string form of a value's first scalar, or undefined for null. */
export function textOf(value: Value | undefined): string | undefined {
  const first = firstScalar(value);
  return first === null ? undefined : scalarText(first);
}

/** A result value as shown to the user: strings, or lists of strings for multivalue fields. */
export function displayValue(value: Value): string | string[] | null {
  if (value === null) return null;
  if (Array.isArray(value)) return value.map(scalarText);
  return scalarText(value);
}

/** Truthiness for `where`, `if()` and the boolean operators: only a true boolean is true. */
export function isTrue(value: Value): boolean {
  if (value === true) return true;
  if (Array.isArray(value)) return value.some((v) => v === true);
  return false;
}

/**
 * Orders two scalars: numerically when both read as numbers, else by their strings (code units,
 * case-sensitive). Used by eval comparisons, sort and min/max.
 */
export function compareScalars(a: Scalar, b: Scalar): number {
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  const s = scalarText(a);
  const t = scalarText(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

/** Code-unit order of strings (Splunk's lexicographic order for values(), by-field groups, dedup keys). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function equalScalars(a: Scalar, b: Scalar): boolean {
  return compareScalars(a, b) === 0;
}
